package discord

import (
	"context"
	"fmt"
	"net/http"

	"github.com/stancebot/stancebot/adapters"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/config"
)

// platform is the adapter as serve runs it in the configured mode.
type platform struct {
	*Adapter
	cfg  *Config
	opts Options
}

// NewPlatform builds the Discord platform the [discord] section configures,
// in gateway or HTTP interactions mode; adjust, when set, changes the
// adapter's options first (tests point it at a fake Discord). Its Run
// registers the slash commands first when they changed.
func NewPlatform(c *Config, env adapters.Env, adjust func(*Options)) (adapters.Platform, error) {
	opts := Options{Token: c.Token.Value(), AppID: c.AppID, GuildID: c.GuildID, APIURL: c.APIURL,
		ModeratorRoles: c.ModeratorRoles,
		Logger:         env.Logger, Observer: env.Observer}
	if c.Mode == config.ModeHTTP {
		opts.PublicKey = c.PublicKey.Value()
	}
	if adjust != nil {
		adjust(&opts)
	}
	ad, err := New(env.Bot, opts)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	if opts.Token == "" {
		ad.log.Warn("Discord HTTP mode without a bot token: no digests to Discord and no command registration", "variable", c.TokenEnv)
	}
	return &platform{Adapter: ad, cfg: c, opts: opts}, nil
}

func (p *platform) Name() bot.Platform { return bot.PlatformDiscord }

func (p *platform) Mode() string { return p.cfg.Mode }

func (p *platform) Run(ctx context.Context) error {
	if p.opts.Token != "" && p.opts.AppID != "" {
		if _, err := p.SyncCommandsIfChanged(ctx, p.opts.GuildID); err != nil {
			p.log.Warn("could not register the Discord commands; serving those registered before", "error", err)
		}
	}
	if p.cfg.Mode == config.ModeHTTP {
		// Interactions arrive on the listener; the token, when set, only
		// posts digests and registers commands: no gateway.
		<-ctx.Done()
		return nil
	}
	return p.Adapter.Run(ctx)
}

func (p *platform) HTTP() (string, http.Handler) {
	if p.cfg.Mode != config.ModeHTTP {
		return "", nil
	}
	return p.cfg.InteractionsPath, p.Handler()
}

func (p *platform) Sender() bot.Sender {
	if p.opts.Token == "" {
		return nil // HTTP interactions answer without a token, but posting needs one
	}
	return p.Adapter
}
