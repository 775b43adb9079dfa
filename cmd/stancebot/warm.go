package main

import (
	"context"
	"log/slog"
	"time"
)

// warmCatalog loads the bot's catalog of strategies and people at the
// store's current version, so that the first command after serve starts,
// or after an import, does not wait for it. A failure is logged: the first
// command loads it instead.
func warmCatalog(ctx context.Context, a *app, log *slog.Logger) {
	start := time.Now()
	if err := a.Bot.LoadCatalog(ctx); err != nil {
		if ctx.Err() == nil {
			log.Warn("loading the catalog ahead of the first command", "error", err)
		}
		return
	}
	log.Info("catalog loaded", "took", time.Since(start).Round(time.Millisecond))
}
