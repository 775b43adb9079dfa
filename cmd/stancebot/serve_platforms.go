package main

import (
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

// platformEntry is one platform serve knows: the mode its configuration
// section sets (config.ModeOff: not served) and how to build it.
type platformEntry struct {
	mode  func(*config.Config) string
	build func(*config.Config, adapters.Env, adapterHooks) (adapters.Platform, error)
}

// platformRegistry is every platform serve knows: a new platform is its
// folder under adapters/ and one entry here.
var platformRegistry = []platformEntry{
	{func(c *config.Config) string { return c.Discord.Mode }, func(c *config.Config, e adapters.Env, h adapterHooks) (adapters.Platform, error) {
		return discord.NewPlatform(c.Discord, e, h.discord)
	}},
	{func(c *config.Config) string { return c.Slack.Mode }, func(c *config.Config, e adapters.Env, h adapterHooks) (adapters.Platform, error) {
		return slack.NewPlatform(c.Slack, e, h.slack)
	}},
}

// anyPlatform reports whether the configuration turns on any platform.
func anyPlatform(cfg *config.Config) bool {
	for _, p := range platformRegistry {
		if p.mode(cfg) != config.ModeOff {
			return true
		}
	}
	return false
}

// buildPlatforms builds every platform the configuration turns on.
func buildPlatforms(cfg *config.Config, env adapters.Env, hooks adapterHooks) ([]adapters.Platform, error) {
	var out []adapters.Platform
	for _, entry := range platformRegistry {
		if entry.mode(cfg) == config.ModeOff {
			continue
		}
		p, err := entry.build(cfg, env, hooks)
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
