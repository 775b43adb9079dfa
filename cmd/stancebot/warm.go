package main

import (
	"context"
	"log/slog"
	"time"
)

// warmReports reads the store's report table (what /whoendorses reads for
// every strategy) for the store's current version, so that the first
// /whoendorses after serve starts, or after an import, does not wait for
// it. A failure is logged: the first /whoendorses reads the table instead.
func warmReports(ctx context.Context, a *app, log *slog.Logger) {
	start := time.Now()
	cat, err := a.Store.Catalog(ctx)
	if err == nil && len(cat.Strategies) > 0 {
		_, err = a.Store.StrategyReport(ctx, cat.Strategies[0].ID)
	}
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("reading the report table ahead of /whoendorses", "error", err)
		}
		return
	}
	log.Info("report table read", "version", cat.Version, "took", time.Since(start).Round(time.Millisecond))
}
