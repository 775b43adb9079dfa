// Package realdata opens the real store, index and bot for tests: over the
// embedded dataset or over a test's own datasets, with testenv's quiet
// logger and fixed clock. It is for tests only; the tests of bot/store and
// index, which it imports, use package testenv alone.
package realdata

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/index"
	"github.com/stancebot/stancebot/internal/testenv"
	"github.com/stancebot/stancebot/seeds"
)

// Data is a store and an index over the embedded default dataset.
type Data struct {
	Store *store.DB
	Index *index.Index
}

// Open opens a store and an index in dir and imports the embedded dataset,
// with the store's clock at testenv.Epoch. For a TestMain that shares one
// Data across a package's tests; Close it when done.
func Open(ctx context.Context, dir string) (*Data, error) {
	db, err := store.Open(ctx, filepath.Join(dir, "stancebot.db"), store.Options{Now: testenv.Now, Logger: testenv.Logger()})
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
	ix, err := index.Open(ctx, filepath.Join(dir, "index"), db, index.Options{Logger: testenv.Logger()})
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
	b, err := bot.New(bot.Options{Store: d.Store, Index: d.Index, Logger: testenv.Logger(), Now: testenv.Now, Community: d.Store})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Bot opens a fresh Data in a temporary directory, closed when the test
// ends, and returns a bot over it.
func Bot(t testing.TB) *bot.Bot {
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

// Store opens the store at path ("": a new file in a temporary directory)
// with the clock now (nil: testenv.Now) and a quiet logger, closed when the
// test ends, and imports the datasets into it in order.
func Store(t testing.TB, path string, now func() time.Time, datasets ...bot.Dataset) *store.DB {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "stancebot.db")
	}
	if now == nil {
		now = testenv.Now
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{Now: now, Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	for _, ds := range datasets {
		if _, err := db.Import(ctx, ds); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// Index opens the real quote index of st in a temporary directory, closed
// when the test ends.
func Index(t testing.TB, st bot.Store) *index.Index {
	t.Helper()
	x, err := index.Open(context.Background(), t.TempDir(), st, index.Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := x.Close(); err != nil {
			t.Error(err)
		}
	})
	return x
}
