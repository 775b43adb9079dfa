package index

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
)

func BenchmarkZZ100k(b *testing.B) {
	dir := os.Getenv("ZZDIR")
	if dir == "" {
		b.Skip()
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "work.json"))
	var work struct {
		Quote  []string `json:"quote"`
		Source []string `json:"quote_source"`
	}
	_ = json.Unmarshal(raw, &work)
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "stancebot.db"), store.Options{Logger: quietLogger()})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	x, err := Open(ctx, filepath.Join(dir, "quotes.bleve"), db, Options{Logger: quietLogger()})
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	top3, total := 0, 0
	for i, q := range work.Quote {
		h, _ := x.Search(ctx, bot.QuoteQuery{Words: q, Limit: 3})
		total += h.Total
		for _, hit := range h.Hits {
			if hit.QuoteID == work.Source[i] {
				top3++
			}
		}
	}
	b.Logf("top3 %d/%d avg total %d", top3, len(work.Quote), total/len(work.Quote))
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := time.Now()
		if _, err := x.Search(ctx, bot.QuoteQuery{Words: work.Quote[i%len(work.Quote)], Limit: 1}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(s))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.Logf("n=%d p50 %v p99 %v", len(lat), lat[len(lat)/2], lat[len(lat)*99/100])
}
