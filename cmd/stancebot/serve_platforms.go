package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	discordadapter "github.com/stancebot/stancebot/adapters/discord"
	"github.com/stancebot/stancebot/adapters/slack"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/config"
	"github.com/stancebot/stancebot/metrics"
)

// platform is one configured adapter, as serve runs it.
type platform struct {
	name    bot.Platform
	mode    string                          // the resolved config mode
	run     func(ctx context.Context) error // blocks until ctx is done; an error means the connection is dead
	handler http.Handler                    // HTTP mode endpoints; nil in gateway and Socket Mode
	path    string                          // the mux pattern handler is mounted at
	ready   func() bool
	sender  bot.Sender // posts digests; nil when the platform cannot post
	// drain, when set, waits for the answers of HTTP requests that are still
	// being delivered after their request ended (called once the HTTP server
	// has stopped).
	drain func(ctx context.Context) error
}

// adapterHooks adjust an adapter's options before it is built (tests point
// the adapters at fake platforms). Nil hooks do nothing.
type adapterHooks struct {
	discord func(*discordadapter.Options)
	slack   func(*slack.Options)
}

// buildPlatforms builds every platform the configuration enables.
func buildPlatforms(cfg *config.Config, a *app, m *metrics.Metrics, log *slog.Logger, hooks adapterHooks) ([]*platform, error) {
	var out []*platform
	if cfg.Discord.Mode != config.ModeOff {
		p, err := buildDiscord(cfg.Discord, a.Bot, m, log, hooks.discord)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if cfg.Slack.Mode != config.ModeOff {
		p, err := buildSlack(cfg.Slack, a.Bot, m, log, hooks.slack)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// buildDiscord builds the Discord adapter in gateway or HTTP interactions
// mode. Its run registers the slash commands first when they changed.
func buildDiscord(c config.Discord, b *bot.Bot, m *metrics.Metrics, log *slog.Logger, hook func(*discordadapter.Options)) (*platform, error) {
	opts := discordadapter.Options{
		Token:    c.Token.Value(),
		AppID:    c.AppID,
		GuildID:  c.GuildID,
		Logger:   log,
		Observer: m,
	}
	if c.Mode == config.ModeHTTP {
		opts.PublicKey = c.PublicKey.Value()
	}
	if hook != nil {
		hook(&opts)
	}
	ad, err := discordadapter.New(b, opts)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	p := &platform{name: bot.PlatformDiscord, mode: c.Mode, ready: ad.Ready, sender: ad}
	if opts.Token == "" {
		// HTTP interactions answer without a token, but posting needs one.
		p.sender = nil
		log.Warn("Discord HTTP mode without a bot token: no digests to Discord and no command registration", "variable", c.TokenEnv)
	}
	p.run = func(ctx context.Context) error {
		if opts.Token != "" && opts.AppID != "" {
			if _, err := ad.SyncCommandsIfChanged(ctx, opts.GuildID); err != nil {
				log.Warn("could not register the Discord commands; serving those registered before", "error", err)
			}
		}
		if c.Mode == config.ModeHTTP {
			// Interactions arrive on the listener; the token, when set, only
			// posts digests and registers commands: no gateway.
			<-ctx.Done()
			return nil
		}
		return ad.Run(ctx)
	}
	if c.Mode == config.ModeHTTP {
		p.handler, p.path, p.drain = ad.Handler(), c.InteractionsPath, ad.Drain
	}
	return p, nil
}

// buildSlack builds the Slack adapter in Socket Mode or HTTP mode.
func buildSlack(c config.Slack, b *bot.Bot, m *metrics.Metrics, log *slog.Logger, hook func(*slack.Options)) (*platform, error) {
	opts := slack.Options{
		BotToken:     c.BotToken.Value(),
		Logger:       log,
		Observer:     m,
		AdminUserIDs: c.AdminUsers,
	}
	switch c.Mode {
	case config.ModeSocket:
		opts.AppToken = c.AppToken.Value()
	case config.ModeHTTP:
		opts.SigningSecret = c.SigningSecret.Value()
	}
	if hook != nil {
		hook(&opts)
	}
	ad, err := slack.New(b, opts)
	if err != nil {
		return nil, fmt.Errorf("slack: %w", err)
	}
	p := &platform{name: bot.PlatformSlack, mode: c.Mode, run: ad.Run, ready: ad.Ready, sender: ad}
	if c.Mode == config.ModeHTTP {
		p.handler, p.path, p.drain = ad.Handler(), "/slack/", ad.Drain
	}
	return p, nil
}

// platformNames lists the platforms and their modes for the log.
func platformNames(ps []*platform) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = string(p.name) + " " + p.mode
	}
	return strings.Join(names, ", ")
}
