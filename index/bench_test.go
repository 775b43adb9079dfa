package index

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/internal/testenv"
)

// benchQuotes is the size of the benchmarks' corpus. `stancebench bench`
// measures the whole command path at 1k, 10k and 100k quotes.
const benchQuotes = 10000

// benchVocabulary is a Zipf-distributed vocabulary: real words first, then
// generated ones for the long tail.
func benchVocabulary(rng *rand.Rand) []string {
	vocab := strings.Fields(`open source models weights safety risk regulation research labs
frontier training data power compute governance access public science knowledge closed
intelligence infrastructure innovation transparency concentration capture bans release`)
	syll := strings.Fields("ka lo mi ne ra ti zu ve sa do pe li mo na ru te")
	for len(vocab) < 5000 {
		var b strings.Builder
		for i := rng.Intn(3) + 2; i > 0; i-- {
			b.WriteString(syll[rng.Intn(len(syll))])
		}
		vocab = append(vocab, b.String())
	}
	return vocab
}

// benchStore returns a real store of n synthetic quotes and the vocabulary
// they were written from.
func benchStore(b *testing.B, n int) (*store.DB, []string) {
	b.Helper()
	rng := rand.New(rand.NewSource(1))
	vocab := benchVocabulary(rng)
	zipf := rand.NewZipf(rng, 1.07, 3, uint64(len(vocab)-1))
	ds := bot.Dataset{Strategies: []bot.Strategy{{ID: "s", Name: "Strategy"}}}
	for i := 0; i < n/10; i++ {
		ds.People = append(ds.People, bot.Person{ID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("Person %d", i)})
	}
	for i := 0; i < n; i++ {
		words := make([]string, 10+rng.Intn(20))
		for j := range words {
			words[j] = vocab[zipf.Uint64()]
		}
		ds.Quotes = append(ds.Quotes, bot.Quote{PersonID: fmt.Sprintf("p%d", i%(n/10)), StrategyID: "s",
			Text: strings.Join(words, " "), Fidelity: bot.FidelityLoose})
	}
	return openStore(b, ds), vocab
}

// benchIndex returns an index of n synthetic quotes and the vocabulary they
// were written from.
func benchIndex(b *testing.B, n int) (*Index, []string) {
	b.Helper()
	st, vocab := benchStore(b, n)
	dir := filepath.Join(b.TempDir(), "ix")
	x, err := Open(context.Background(), dir, st, Options{Logger: testenv.Logger()})
	if err != nil {
		b.Fatal(err)
	}
	// Reopen, as a restarted bot does: searches then run on the persisted
	// index rather than beside the merges that follow a build.
	if err := x.Close(); err != nil {
		b.Fatal(err)
	}
	if x, err = Open(context.Background(), dir, st, Options{Logger: testenv.Logger()}); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = x.Close() })
	return x, vocab
}

// benchQueries are 2-4 word queries from the vocabulary's head and middle.
func benchQueries(vocab []string, typos bool) []string {
	rng := rand.New(rand.NewSource(2))
	out := make([]string, 200)
	for i := range out {
		words := make([]string, 2+rng.Intn(3))
		for j := range words {
			w := vocab[rng.Intn(300)]
			if typos && len(w) > 4 {
				k := 1 + rng.Intn(len(w)-2)
				w = w[:k] + w[k+1:]
			}
			words[j] = w
		}
		out[i] = strings.Join(words, " ")
	}
	return out
}

func benchmarkSearch(b *testing.B, typos bool) {
	x, vocab := benchIndex(b, benchQuotes)
	queries := benchQueries(vocab, typos)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := x.Search(ctx, bot.QuoteQuery{Words: queries[i%len(queries)], Limit: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch is a /quote search (top hit with highlights) over 10k quotes.
func BenchmarkSearch(b *testing.B) { benchmarkSearch(b, false) }

// BenchmarkSearchTypos is the same with a letter missing from every long word.
func BenchmarkSearchTypos(b *testing.B) { benchmarkSearch(b, true) }

// BenchmarkSearchLongMessage is a find-sources search: a whole chat message.
func BenchmarkSearchLongMessage(b *testing.B) {
	x, vocab := benchIndex(b, benchQuotes)
	msg := strings.Join(vocab[:40], " ")
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := x.Search(ctx, bot.QuoteQuery{Words: msg, Limit: 8}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild builds an index of 10k quotes from the store (run it with
// a small -benchtime, e.g. 3x: each build takes about a second).
func BenchmarkBuild(b *testing.B) {
	st, _ := benchStore(b, benchQuotes)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x, err := Open(context.Background(), filepath.Join(b.TempDir(), "ix"), st, Options{Logger: testenv.Logger()})
		if err != nil {
			b.Fatal(err)
		}
		if err := x.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchQuotes*b.N)/b.Elapsed().Seconds(), "quotes/s")
}
