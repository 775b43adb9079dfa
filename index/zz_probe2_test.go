package index

import (
	"context"
	"encoding/json"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
)

func TestZZStages(t *testing.T) {
	dir := os.Getenv("PROBE_DIR")
	if dir == "" {
		t.Skip()
	}
	ctx := context.Background()
	raw, _ := os.ReadFile(dir + "/work.json")
	var w struct{ Quote []string `json:"quote"` }
	json.Unmarshal(raw, &w)
	db, err := store.Open(ctx, dir+"/stancebot.db", store.Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	x, err := Open(ctx, dir+"/quotes.bleve", db, Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	type r struct {
		q     string
		d     time.Duration
		agree int
	}
	var rs []r
	agree, agree3 := 0, 0
	for _, q := range w.Quote {
		best := r{q: q, d: time.Hour}
		var h bot.QuoteHits
		for k := 0; k < 3; k++ {
			s := time.Now()
			h, _ = x.Search(ctx, bot.QuoteQuery{Words: q, Limit: 3})
			best.d = min(best.d, time.Since(s))
		}
		p, _ := x.plan(ctx, bot.QuoteQuery{Words: q})
		full, _ := x.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(p.exact, 1, 0, false))
		if len(full.Hits) > 0 && len(h.Hits) > 0 {
			if full.Hits[0].ID == h.Hits[0].QuoteID {
				best.agree = 1
				agree++
			}
			for _, hh := range h.Hits {
				if hh.QuoteID == full.Hits[0].ID {
					agree3++
				}
			}
		}
		rs = append(rs, best)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].d > rs[j].d })
	t.Logf("exhaustive top-1 is our top-1: %d/%d, in our top 3: %d; p50 %v p99 %v", agree, len(rs), agree3, rs[len(rs)/2].d, rs[len(rs)/100].d)
	for _, x := range rs[:10] {
		t.Logf("%.2fms agree=%d %q", ms(x.d), x.agree, x.q)
	}
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
