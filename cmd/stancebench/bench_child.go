package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/stancebot/stancebot/adapters/console"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/index"
	"github.com/stancebot/stancebot/internal/gctune"
)

// childResult is what the measuring process reports: a bot started on an
// existing store and index, as `stancebot serve` starts.
type childResult struct {
	OpenStore, OpenIndex, NewBot time.Duration // start-up, in order
	LoadCatalog                  time.Duration // start-up: the catalog, as serve loads it at start
	FirstCommand                 time.Duration // the first /whoendorses after start-up
	Search                       latencyStats  // index.Search alone (three hits, highlights)
	ParaphraseSearch             latencyStats  // the same on the paraphrases
	Quote                        latencyStats  // /quote through Handle, rendered
	Autocomplete                 latencyStats  // strategy and person options
	WhoEndorses                  latencyStats  // /whoendorses, rendered
	Person                       latencyStats  // /person, rendered
	PeakRSS                      int64         // bytes; 0 when unknown
	// Memory at the end, in bytes: resident anonymous memory and mapped
	// file pages (the index segments, which bleve maps; 0 when unknown),
	// and the Go heap in use.
	RSSAnon, RSSFile, HeapInuse int64
	// IndexSize is the index's size on disk once opened: the build leaves
	// the segments its last merge replaced, which the next open removes.
	IndexSize                int64
	Recall, ParaphraseRecall float64 // the share of words whose source quote Search returned
}

// runBenchChild is the measuring half of `stancebench bench`, run in a fresh
// process so that its start-up and memory are a bot's own: it opens the
// store and index in dir and runs the workloads of its benchWorkFile.
func runBenchChild(ctx context.Context, dir string, stdout io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go gctune.Run(ctx) // as the bot's process does
	raw, err := os.ReadFile(filepath.Join(dir, benchWorkFile))
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	var work benchWork
	if err := json.Unmarshal(raw, &work); err != nil {
		return fmt.Errorf("bench: %s: %w", benchWorkFile, err)
	}
	quiet := slog.New(slog.DiscardHandler)
	var res childResult

	start := time.Now()
	db, err := store.Open(ctx, filepath.Join(dir, storeFile), store.Options{Logger: quiet})
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer db.Close()
	res.OpenStore = time.Since(start)
	start = time.Now()
	ix, err := index.Open(ctx, filepath.Join(dir, indexDir), db, index.Options{Logger: quiet})
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer ix.Close()
	res.OpenIndex = time.Since(start)
	if res.IndexSize, err = dirSize(filepath.Join(dir, indexDir)); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	start = time.Now()
	b, err := bot.New(bot.Options{Store: db, Index: ix, Logger: quiet})
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	res.NewBot = time.Since(start)
	start = time.Now()
	if err := b.LoadCatalog(ctx); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	res.LoadCatalog = time.Since(start)

	from := bot.Request{Platform: bot.PlatformConsole, UserID: "bench", ChannelID: "bench"}
	run := func(line string) error {
		r := b.HandleLine(ctx, line, from)
		if r.Error != "" && r.Error != bot.ENOTFOUND {
			return fmt.Errorf("bench: %s: %s (%s)", line, r.Error, r.Cards[0].Title)
		}
		return console.Render(io.Discard, r)
	}
	start = time.Now()
	if err := run("/whoendorses " + work.StrategyIDs[0]); err != nil {
		return err
	}
	res.FirstCommand = time.Since(start)

	find := func(words string) ([]string, error) {
		hits, err := ix.Search(ctx, bot.QuoteQuery{Words: words, Limit: 3})
		ids := make([]string, len(hits.Hits))
		for j, h := range hits.Hits {
			ids[j] = h.QuoteID
		}
		return ids, err
	}
	noCard := func([]string) error { return nil }
	if res.Search, _, res.Recall, err = measureFind(work.Quote, work.QuoteSource, find, noCard); err != nil {
		return err
	}
	if res.ParaphraseSearch, _, res.ParaphraseRecall, err = measureFind(work.Paraphrase, work.QuoteSource, find, noCard); err != nil {
		return err
	}
	if res.Quote, err = measure(len(work.Quote), func(i int) error { return run("/quote " + work.Quote[i]) }); err != nil {
		return err
	}
	if res.Autocomplete, err = measure(2*len(work.Strategies), func(i int) error {
		if i%2 == 0 {
			b.Autocomplete(ctx, "whoendorses", "strategy", work.Strategies[i/2], 25)
		} else {
			b.Autocomplete(ctx, "person", "name", work.People[i/2], 25)
		}
		return nil
	}); err != nil {
		return err
	}
	if res.WhoEndorses, err = measure(len(work.StrategyIDs), func(i int) error { return run("/whoendorses " + work.StrategyIDs[i]) }); err != nil {
		return err
	}
	if res.Person, err = measure(len(work.PersonIDs), func(i int) error { return run("/person " + work.PersonIDs[i]) }); err != nil {
		return err
	}
	if rss, ok := peakRSS(); ok {
		res.PeakRSS = rss
	}
	if anon, file, ok := rssNow(); ok {
		res.RSSAnon, res.RSSFile = anon, file
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	res.HeapInuse = int64(ms.HeapInuse)
	if err := json.NewEncoder(stdout).Encode(res); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}
