package main

import (
	"fmt"
	"strings"

	"github.com/stancebot/stancebot/adapters"
	"github.com/stancebot/stancebot/adapters/discord"
	"github.com/stancebot/stancebot/adapters/slack"
	"github.com/stancebot/stancebot/config"
)

// adapterHooks adjust an adapter's options before it is built (tests point
// the adapters at fake platforms). Nil hooks do nothing.
type adapterHooks struct {
	discord func(*discord.Options)
	slack   func(*slack.Options)
}

// platformEntry is one platform serve knows: its configuration section,
// with its defaults, and how to build it from that section.
type platformEntry struct {
	section func() config.Section
	build   func(config.Section, adapters.Env, adapterHooks) (adapters.Platform, error)
}

// entry makes the platformEntry of a platform whose package declares its
// section type S.
func entry[S config.Section](section func() S, build func(S, adapters.Env, adapterHooks) (adapters.Platform, error)) platformEntry {
	return platformEntry{
		section: func() config.Section { return section() },
		build: func(s config.Section, e adapters.Env, h adapterHooks) (adapters.Platform, error) {
			return build(s.(S), e, h)
		},
	}
}

// platformRegistry is every platform serve knows: a new platform is its
// folder under adapters/ and one entry here.
var platformRegistry = []platformEntry{
	entry(discord.NewConfig, func(c *discord.Config, e adapters.Env, h adapterHooks) (adapters.Platform, error) {
		return discord.NewPlatform(c, e, h.discord)
	}),
	entry(slack.NewConfig, func(c *slack.Config, e adapters.Env, h adapterHooks) (adapters.Platform, error) {
		return slack.NewPlatform(c, e, h.slack)
	}),
}

// loadConfig loads serve's configuration with every platform's section.
func loadConfig(path string, env config.LookupEnv) (*config.Config, error) {
	sections := make([]config.Section, len(platformRegistry))
	for i, p := range platformRegistry {
		sections[i] = p.section()
	}
	return config.Load(path, env, sections...)
}

// sectionOf returns the platform section of type S of a configuration
// loadConfig loaded.
func sectionOf[S config.Section](cfg *config.Config) S {
	for _, s := range cfg.Platforms() {
		if s, ok := s.(S); ok {
			return s
		}
	}
	panic(fmt.Sprintf("configuration without a %T section: not loaded by loadConfig", *new(S)))
}

// buildPlatforms builds every platform the configuration turns on (cfg was
// loaded by loadConfig: its platform sections are the registry's, in order).
func buildPlatforms(cfg *config.Config, env adapters.Env, hooks adapterHooks) ([]adapters.Platform, error) {
	var out []adapters.Platform
	for i, s := range cfg.Platforms() {
		if s.CurrentMode() == config.ModeOff {
			continue
		}
		p, err := platformRegistry[i].build(s, env, hooks)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// platformNames lists the platforms and their modes for the log.
func platformNames(ps []adapters.Platform) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = string(p.Name()) + " " + p.Mode()
	}
	return strings.Join(names, ", ")
}
