package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/stancebot/stancebot/adapters/console"
	"github.com/stancebot/stancebot/bot"
)

// renderTargets are the platforms `ask --render` previews: every one in
// the registry.
func renderTargets() []string {
	names := make([]string, len(platformRegistry))
	for i, p := range platformRegistry {
		names[i] = p.name
	}
	return names
}

// renderPayloads answers line as the platform's adapter would and prints
// the payloads it would send (ask --render), with notes on stderr.
func renderPayloads(ctx context.Context, b *bot.Bot, platform, line string, stdout, stderr io.Writer) (bot.Reply, error) {
	if p, ok := platformByName[platform]; ok {
		return p.preview(ctx, b, line, stdout, stderr)
	}
	return bot.Reply{}, fmt.Errorf("%w: no platform %q to render for", errUsage, platform)
}

// writeGridPNG writes the reply's tier grid picture to path (ask --png);
// nothing when path is "". A reply without a grid is a usage error.
func writeGridPNG(path string, reply bot.Reply) error {
	if path == "" {
		return nil
	}
	png, err := console.GridPNG(reply)
	if err != nil {
		return fmt.Errorf("draw the tier grid: %w", err)
	}
	if png == nil {
		return fmt.Errorf("%w: --png: this answer has no tier grid (try /whoendorses)", errUsage)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return fmt.Errorf("write the tier grid picture: %w", errors.Unwrap(err))
	}
	return nil
}
