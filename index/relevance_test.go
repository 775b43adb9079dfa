package index

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/internal/testenv"
	"github.com/stancebot/stancebot/seeds"
)

// relevanceCase is one line of testdata/relevance.tsv.
type relevanceCase struct {
	query, person string
}

func readRelevance(t *testing.T) []relevanceCase {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "relevance.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []relevanceCase
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		q, p, ok := strings.Cut(text, "\t")
		if !ok || q == "" || p == "" {
			t.Fatalf("relevance.tsv:%d: want QUERY<TAB>PERSON-ID", line)
		}
		out = append(out, relevanceCase{q, p})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// openDefault returns the embedded default dataset in a real store, and its index.
func openDefault(t *testing.T) (*store.DB, *Index) {
	t.Helper()
	ctx := context.Background()
	ds, err := seeds.Default()
	if err != nil {
		t.Fatal(err)
	}
	db := openStore(t, ds)
	x, err := Open(ctx, filepath.Join(t.TempDir(), "quotes.bleve"), db, Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	return db, x
}

// TestRelevance runs the queries of testdata/relevance.tsv over the embedded
// dataset and reports recall@1 and recall@3: the share of queries whose
// expected person's quote comes first, or among the first three.
func TestRelevance(t *testing.T) {
	cases := readRelevance(t)
	if len(cases) < 30 {
		t.Fatalf("%d relevance queries, want at least 30", len(cases))
	}
	db, x := openDefault(t)
	ctx := context.Background()
	var at1, at3 int
	for _, c := range cases {
		hits, err := x.Search(ctx, bot.QuoteQuery{Words: c.query, Limit: 3})
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		ids := make([]string, len(hits.Hits))
		for i, h := range hits.Hits {
			ids[i] = h.QuoteID
		}
		views, err := db.QuoteViews(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		rank := 0
		for i, v := range views {
			got = append(got, v.Quote.PersonID)
			if v.Quote.PersonID == c.person && rank == 0 {
				rank = i + 1
			}
		}
		switch {
		case rank == 1:
			at1++
			at3++
		case rank > 1:
			at3++
			t.Logf("%-60q %s at rank %d (%v)", c.query, c.person, rank, got)
		default:
			t.Logf("%-60q %s not in the top 3 (%v)", c.query, c.person, got)
		}
	}
	r1, r3 := float64(at1)/float64(len(cases)), float64(at3)/float64(len(cases))
	t.Logf("recall@1 = %.2f (%d/%d), recall@3 = %.2f (%d/%d)", r1, at1, len(cases), r3, at3, len(cases))
	if r3 < 0.9 {
		t.Errorf("recall@3 = %.2f, want at least 0.90", r3)
	}
}

// TestQuoteCommandOnTheDefaultDataset is `ask "/quote regulation bans open
// source"`: Andrew Ng's quote first, highlighted, with its full citation,
// posted publicly; and the same with typos and stemming.
func TestQuoteCommandOnTheDefaultDataset(t *testing.T) {
	db, x := openDefault(t)
	b, err := bot.New(bot.Options{Store: db, Index: x, Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]string{
		"/quote regulation bans open source": "open source regulation bans open source",
		"/quote regulaton opn source":        "open source regulation open source",
		"/quote banning open source":         "open source bans open source",
	} {
		r := b.HandleLine(context.Background(), line, bot.Request{Platform: bot.PlatformConsole})
		if r.Error != "" || r.Visibility != bot.Public || len(r.Cards) == 0 || len(r.Cards[0].Quotes) == 0 {
			t.Fatalf("%s: %+v", line, r)
		}
		qb := r.Cards[0].Quotes[0]
		if qb.PersonID != "andrew-ng" {
			t.Errorf("%s: first quote by %s", line, qb.PersonID)
		}
		var marked []string
		for _, s := range qb.Highlights {
			marked = append(marked, qb.Text[s.Start:s.End])
		}
		if strings.Join(marked, " ") != want {
			t.Errorf("%s: highlights %q", line, marked)
		}
		src := qb.Source
		if src.Type != "blog" || src.Title != "Andrew Ng on open source AI" || src.Publisher != "The Batch" ||
			src.Date.String() != "2023" || qb.Fidelity != bot.FidelityLoose {
			t.Errorf("%s: citation %+v, %s", line, src, qb.Fidelity)
		}
	}
}

// TestSearchFindsThePositionBehindTheQuote: words that are in the quote
// beat the same words in a source title; words of a stance's summary reach
// the quote of that position.
func TestSearchFindsThePositionBehindTheQuote(t *testing.T) {
	db, x := openDefault(t)
	ctx := context.Background()
	for _, tt := range []struct{ words, want string }{
		{"open models", "emad-mostaque"},          // in Emad's text; "models" also in Rombach's title
		{"europe sovereignty", "arthur-mensch"},   // his stance: "a sovereignty imperative for Europe"
		{"european sovereignty", "arthur-mensch"}, // the same, stemmed
		{"public good", "emad-mostaque"},
	} {
		hits, err := x.Search(ctx, bot.QuoteQuery{Words: tt.words, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits.Hits) == 0 {
			t.Errorf("%q: no hits", tt.words)
			continue
		}
		if got := personOf(t, db, hits.Hits[0].QuoteID); got != tt.want {
			t.Errorf("%q: first hit by %s, want %s", tt.words, got, tt.want)
		}
	}
}
