package index

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/stancebot/stancebot/seeds"
)

func probeStore(t *testing.T) *fakeStore {
	ds, err := seeds.ReadDir(os.DirFS("/tmp/gen-full"), ".")
	if err != nil {
		t.Fatal(err)
	}
	st := newFakeStore()
	st.Import(context.Background(), ds)
	return st
}

func cpuNow() time.Duration {
	var r syscall.Rusage
	syscall.Getrusage(0, &r)
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

func TestZZBuilder(t *testing.T) {
	if os.Getenv("PROBE_BUILD") == "" {
		t.Skip()
	}
	ctx := context.Background()
	st := probeStore(t)
	im, _ := newMapping()
	x := &Index{stemAnalyzer: im.AnalyzerNamed("en")}
	if false {
		c0, s := cpuNow(), time.Now()
		tmp := t.TempDir()
		b, err := bleve.NewBuilder(tmp+"/ix", im, map[string]interface{}{"batchSize": 10000, "buildPathPrefix": tmp})
		if err != nil {
			t.Fatal(err)
		}
		var after int64
		n := 0
		for {
			qs, _ := st.QuotesSince(ctx, after, 5000)
			if len(qs) == 0 {
				break
			}
			ids := make([]string, len(qs))
			for i, q := range qs {
				ids[i] = q.Quote.ID
			}
			vs, _ := st.QuoteViews(ctx, ids)
			for _, v := range vs {
				if err := b.Index(v.Quote.ID, x.document(v)); err != nil {
					t.Fatal(err)
				}
				n++
			}
			after = qs[len(qs)-1].Seq
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("builder %d docs %v cpu %v", n, time.Since(s), cpuNow()-c0)
	}
	for _, bs := range []int{2000, 10000} {
		c0, s := cpuNow(), time.Now()
		x, err := Open(ctx, t.TempDir()+"/ix", st, Options{Logger: quietLogger(), BatchSize: bs})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("online batch %d: %v cpu %v", bs, time.Since(s), cpuNow()-c0)
		x.Close()
	}
}
