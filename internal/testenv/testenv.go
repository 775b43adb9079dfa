// Package testenv is what tests across stancebot share: a quiet logger, a
// fixed clock, and a store and index over the embedded dataset. It is for
// tests only.
package testenv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/index"
	"github.com/stancebot/stancebot/seeds"
)

// Epoch is the time of the fixed clock: 2026-11-22 09:00 UTC.
var Epoch = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

// Now is the fixed clock: it always returns Epoch.
func Now() time.Time { return Epoch }

// Logger returns a logger that writes nothing.
func Logger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// Data is a store and an index over the embedded default dataset.
type Data struct {
	Store *store.DB
	Index *index.Index
}

// Open opens a store and an index in dir and imports the embedded dataset,
// with the store's clock at Epoch. For a TestMain that shares one Data
// across a package's tests; Close it when done.
func Open(ctx context.Context, dir string) (*Data, error) {
	db, err := store.Open(ctx, filepath.Join(dir, "stancebot.db"), store.Options{Now: Now, Logger: Logger()})
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	ds, err := seeds.Default()
	if err == nil {
		_, err = db.Import(ctx, ds)
	}
	if err != nil {
		return nil, errors.Join(fmt.Errorf("import the embedded dataset: %w", err), db.Close())
	}
	ix, err := index.Open(ctx, filepath.Join(dir, "index"), db, index.Options{Logger: Logger()})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open index: %w", err), db.Close())
	}
	return &Data{Store: db, Index: ix}, nil
}

// Close closes the index and the store.
func (d *Data) Close() error { return errors.Join(d.Index.Close(), d.Store.Close()) }

// Bot returns a bot over d with the fixed clock and a quiet logger, and
// the store as its Community (/propose, /review, /dispute, /resolve), as
// stancebot runs it.
func (d *Data) Bot(t testing.TB) *bot.Bot {
	t.Helper()
	b, err := bot.New(bot.Options{Store: d.Store, Index: d.Index, Logger: Logger(), Now: Now, Community: d.Store})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// RealBot opens a fresh Data in a temporary directory, closed when the test
// ends, and returns a bot over it.
func RealBot(t testing.TB) *bot.Bot {
	t.Helper()
	d, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	})
	return d.Bot(t)
}

// File writes content to a file in a temporary directory, removed when the
// test ends, and returns its path.
func File(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
