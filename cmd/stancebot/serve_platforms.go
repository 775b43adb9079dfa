package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/stancebot/stancebot/adapters"
	"github.com/stancebot/stancebot/adapters/discord"
	"github.com/stancebot/stancebot/adapters/slack"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/config"
)

// platformRegistry is every platform stancebot knows: a new platform is its
// folder under adapters/ and one entry here, which gives serve its
// configuration section and its adapter, and `ask --render` its preview.
var platformRegistry = []platformEntry{
	entry(discord.NewConfig, discord.NewPlatform, discord.Preview),
	entry(slack.NewConfig, slack.NewPlatform, slack.Preview),
}

// platformByName is platformRegistry by platform name.
var platformByName = func() map[string]platformEntry {
	m := make(map[string]platformEntry, len(platformRegistry))
	for _, e := range platformRegistry {
		m[e.name] = e
	}
	return m
}()

// adapterHooks adjust an adapter's options before it is built (tests point
// the adapters at fake platforms): by platform name ("discord"), a
// func(*Options) of that platform's package. No hook does nothing.
type adapterHooks map[string]any

// previewFunc answers a command line as a platform's adapter would and
// writes the payloads it would send to w, and notes on what it would upload
// to notes (ask --render).
type previewFunc func(ctx context.Context, b *bot.Bot, line string, w, notes io.Writer) (bot.Reply, error)

// platformEntry is one platform: its configuration section's name, the
// section with its defaults, how to build the platform from it, and its
// preview.
type platformEntry struct {
	name    string
	section func() config.Section
	build   func(config.Section, adapters.Env, adapterHooks) (adapters.Platform, error)
	preview previewFunc
}

// entry makes the platformEntry of a platform whose package declares its
// section type S, its options O and its constructor.
func entry[S config.Section, O any](section func() S, build func(S, adapters.Env, func(*O)) (adapters.Platform, error), preview previewFunc) platformEntry {
	name := section().Name()
	return platformEntry{
		name:    name,
		section: func() config.Section { return section() },
		build: func(s config.Section, e adapters.Env, h adapterHooks) (adapters.Platform, error) {
			var adjust func(*O)
			if hook, ok := h[name]; ok {
				if adjust, ok = hook.(func(*O)); !ok {
					return nil, fmt.Errorf("%s: the adapter hook is a %T, want a %T", name, hook, adjust)
				}
			}
			return build(s.(S), e, adjust)
		},
		preview: preview,
	}
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
// loaded by loadConfig: its platform sections are the registry's), each by
// its registry entry of the section's name. A hook for no platform of the
// registry is refused (a misspelled name would otherwise do nothing).
func buildPlatforms(cfg *config.Config, env adapters.Env, hooks adapterHooks) ([]adapters.Platform, error) {
	for name := range hooks {
		if _, ok := platformByName[name]; !ok {
			return nil, fmt.Errorf("adapter hook for %q: no such platform", name)
		}
	}
	var out []adapters.Platform
	for _, s := range cfg.Platforms() {
		if s.CurrentMode() == config.ModeOff {
			continue
		}
		p, err := platformByName[s.Name()].build(s, env, hooks)
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
