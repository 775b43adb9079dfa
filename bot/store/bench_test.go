package store

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// benchFixture is the generated store the benchmarks share: built once per
// test binary run, in a temporary directory TestMain removes.
var benchFixture struct {
	once sync.Once
	dir  string
	path string
	ds   bot.Dataset
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchFixture.dir != "" {
		os.RemoveAll(benchFixture.dir)
	}
	os.Exit(code)
}

// openBench opens the generated store of benchSize, building it on first use.
func openBench(b *testing.B) (*DB, bot.Dataset) {
	b.Helper()
	ctx := context.Background()
	f := &benchFixture
	f.once.Do(func() {
		if f.dir, f.err = os.MkdirTemp("", "storebench"); f.err != nil {
			return
		}
		f.path = filepath.Join(f.dir, "bench.db")
		f.ds = genDataset(benchSize, 1)
		start := time.Now()
		db, err := Open(ctx, f.path, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			f.err = err
			return
		}
		defer db.Close()
		if _, f.err = db.Import(ctx, f.ds); f.err == nil {
			b.Logf("generated store: %d strategies, %d people, %d stances, %d quotes, imported in %v",
				len(f.ds.Strategies), len(f.ds.People), len(f.ds.Stances), len(f.ds.Quotes), time.Since(start))
		}
	})
	if f.err != nil {
		b.Fatalf("build bench store: %v", f.err)
	}
	db, err := Open(ctx, f.path, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, f.ds
}

// runTimed runs op b.N times and reports its 50th and 99th percentile
// latency beside the mean that ns/op shows.
func runTimed(b *testing.B, op func(i int) error) {
	b.Helper()
	took := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds()), "p99-ns")
}

func BenchmarkStrategyReport(b *testing.B) {
	db, ds := openBench(b)
	ctx := context.Background()
	runTimed(b, func(i int) error {
		id := ds.Strategies[(i*7)%len(ds.Strategies)].ID
		rep, err := db.StrategyReport(ctx, id)
		if err == nil && len(rep.Stances) == 0 {
			err = fmt.Errorf("strategy %s: no stances", id)
		}
		return err
	})
}

func BenchmarkPersonReport(b *testing.B) {
	db, ds := openBench(b)
	ctx := context.Background()
	runTimed(b, func(i int) error {
		id := ds.People[(i*7919)%len(ds.People)].ID
		rep, err := db.PersonReport(ctx, id)
		if err == nil && len(rep.Stances) == 0 {
			err = fmt.Errorf("person %s: no stances", id)
		}
		return err
	})
}

// BenchmarkQuoteViews fetches a page of 10 quotes, as a search result page does.
func BenchmarkQuoteViews(b *testing.B) {
	db, ds := openBench(b)
	ctx := context.Background()
	ids := make([]string, 10)
	runTimed(b, func(i int) error {
		for j := range ids {
			ids[j] = ds.Quotes[(i*131+j*7907)%len(ds.Quotes)].ID
		}
		views, err := db.QuoteViews(ctx, ids)
		if err == nil && len(views) != len(ids) {
			err = fmt.Errorf("got %d views of %d quotes", len(views), len(ids))
		}
		return err
	})
}
