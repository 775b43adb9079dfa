package index

import (
	"context"
	"encoding/json"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
)

func TestZZProbe(t *testing.T) {
	dir := os.Getenv("PROBE_DIR")
	if dir == "" {
		t.Skip()
	}
	ctx := context.Background()
	raw, _ := os.ReadFile(dir + "/work.json")
	var w struct {
		Quote []string `json:"quote"`
	}
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
		q    string
		d    time.Duration
		tot  int
		info string
	}
	var rs []r
	for _, q := range w.Quote {
		x.Search(ctx, bot.QuoteQuery{Words: q, Limit: 1})
	}
	for _, q := range w.Quote {
		var h bot.QuoteHits
		d := time.Hour
		for k := 0; k < 5; k++ {
			s := time.Now()
			h, _ = x.Search(ctx, bot.QuoteQuery{Words: q, Limit: 1})
			d = min(d, time.Since(s))
		}
		info := ""
		dd, _ := x.dictionary()
		for _, tk := range x.tokens(q) {
			df := dd.docFreq(ctx, fieldText, tk.stem)
			info += tk.word + ":" + itoa(int(df)) + " "
		}
		dd.close()
		rs = append(rs, r{q, d, h.Total, info})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].d > rs[j].d })
	t.Logf("p50 %v p99 %v", rs[len(rs)/2].d, rs[len(rs)/100].d)
	for _, x := range rs[:25] {
		t.Logf("%8.3fms tot=%6d  %s", float64(x.d)/1e6, x.tot, x.info)
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }
