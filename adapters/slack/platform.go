package slack

import (
	"fmt"
	"net/http"

	"github.com/stancebot/stancebot/adapters"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/config"
)

// platform is the adapter as serve runs it in the configured mode.
type platform struct {
	*Adapter
	mode string
}

// NewPlatform builds the Slack platform the [slack] section configures, in
// Socket Mode or HTTP mode; adjust, when set, changes the adapter's options
// first (tests point it at a fake Slack).
func NewPlatform(c *Config, env adapters.Env, adjust func(*Options)) (adapters.Platform, error) {
	opts := Options{BotToken: c.BotToken.Value(), APIURL: c.APIURL, Events: env.Events,
		Logger: env.Logger, Observer: env.Observer, AdminUserIDs: c.AdminUsers}
	switch c.Mode {
	case ModeSocket:
		opts.AppToken = c.AppToken.Value()
	case config.ModeHTTP:
		opts.SigningSecret = c.SigningSecret.Value()
	}
	if adjust != nil {
		adjust(&opts)
	}
	ad, err := New(env.Bot, opts)
	if err != nil {
		return nil, fmt.Errorf("slack: %w", err)
	}
	return &platform{Adapter: ad, mode: c.Mode}, nil
}

func (p *platform) Name() bot.Platform { return bot.PlatformSlack }

func (p *platform) Mode() string { return p.mode }

func (p *platform) HTTP() (string, http.Handler) {
	if p.mode != config.ModeHTTP {
		return "", nil
	}
	return "/slack/", p.Handler()
}

func (p *platform) Sender() bot.Sender { return p.Adapter }
