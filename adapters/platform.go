// Package adapters names what every chat-platform adapter gives `serve`:
// the Platform interface. Each platform is one folder below (console,
// discord, slack) and one line in serve's registry; see docs/adapters.md.
package adapters

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/stancebot/stancebot/bot"
)

// Platform is one configured chat platform, as serve runs it.
type Platform interface {
	// Name is the platform's name in requests, logs and metrics.
	Name() bot.Platform
	// Mode is the connection mode serve runs it in ("gateway", "http", ...).
	Mode() string
	// Run serves until ctx is done; an error means the connection is dead.
	Run(ctx context.Context) error
	// HTTP returns the mux pattern of the platform's HTTP endpoints and
	// their handler; "" and nil when it takes no HTTP requests.
	HTTP() (pattern string, h http.Handler)
	// Ready reports whether the platform is connected and answering.
	Ready() bool
	// Drain waits for the answers still being delivered after their HTTP
	// request ended; serve calls it once its HTTP server has stopped.
	Drain(ctx context.Context) error
	// Sender posts digests; nil when the platform cannot post (no token).
	Sender() bot.Sender
}

// Env is what serve gives every platform it builds.
type Env struct {
	Bot      *bot.Bot
	Logger   *slog.Logger
	Observer bot.Observer
}
