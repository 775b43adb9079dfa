package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stancebot/stancebot/internal/testenv"
)

// benchFixture is the generated store the benchmarks share: built once per
// test binary run, in a temporary directory TestMain removes.
var benchFixture struct {
	once sync.Once
	dir  string
	path string
	ids  benchIDs
	err  error
}

// benchIDs are the ids the benchmarks ask for. The generated dataset itself
// is dropped after the import: a large live heap would make every GC cycle
// of the benchmark loop slow and blur what the store costs.
type benchIDs struct {
	strategies, people, quotes []string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchFixture.dir != "" {
		os.RemoveAll(benchFixture.dir)
	}
	os.Exit(code)
}

// openBench opens the generated store of benchSize, building it on first use.
func openBench(b *testing.B) (*DB, benchIDs) {
	b.Helper()
	ctx := context.Background()
	f := &benchFixture
	f.once.Do(func() {
		if f.dir, f.err = os.MkdirTemp("", "storebench"); f.err != nil {
			return
		}
		f.path = filepath.Join(f.dir, "bench.db")
		ds := genDataset(benchSize, 1)
		for _, s := range ds.Strategies {
			f.ids.strategies = append(f.ids.strategies, s.ID)
		}
		for _, p := range ds.People {
			f.ids.people = append(f.ids.people, p.ID)
		}
		for _, q := range ds.Quotes {
			f.ids.quotes = append(f.ids.quotes, q.ID)
		}
		start := time.Now()
		db, err := Open(ctx, f.path, Options{Logger: testenv.Logger()})
		if err != nil {
			f.err = err
			return
		}
		defer db.Close()
		if _, f.err = db.Import(ctx, ds); f.err == nil {
			b.Logf("generated store: %d strategies, %d people, %d stances, %d quotes, imported in %v",
				len(ds.Strategies), len(ds.People), len(ds.Stances), len(ds.Quotes), time.Since(start))
		}
	})
	if f.err != nil {
		b.Fatalf("build bench store: %v", f.err)
	}
	db, err := Open(ctx, f.path, Options{Logger: testenv.Logger()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	runtime.GC()
	return db, f.ids
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
	db, ids := openBench(b)
	ctx := context.Background()
	runTimed(b, func(i int) error {
		id := ids.strategies[(i*7)%len(ids.strategies)]
		rep, err := db.StrategyReport(ctx, id)
		if err == nil && len(rep.Stances) == 0 {
			err = fmt.Errorf("strategy %s: no stances", id)
		}
		return err
	})
}

func BenchmarkPersonReport(b *testing.B) {
	db, ids := openBench(b)
	ctx := context.Background()
	runTimed(b, func(i int) error {
		id := ids.people[(i*7919)%len(ids.people)]
		rep, err := db.PersonReport(ctx, id, 0, 0)
		if err == nil && len(rep.Stances) == 0 {
			err = fmt.Errorf("person %s: no stances", id)
		}
		return err
	})
}

// BenchmarkQuoteViews fetches a page of 10 quotes, as a search result page does.
func BenchmarkQuoteViews(b *testing.B) {
	db, ids := openBench(b)
	ctx := context.Background()
	page := make([]string, 10)
	runTimed(b, func(i int) error {
		for j := range page {
			page[j] = ids.quotes[(i*131+j*7907)%len(ids.quotes)]
		}
		views, err := db.QuoteViews(ctx, page)
		if err == nil && len(views) != len(page) {
			err = fmt.Errorf("got %d views of %d quotes", len(views), len(page))
		}
		return err
	})
}
