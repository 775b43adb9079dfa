package index

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
)

// searchModes are the ways a search runs: on a small index, every term's
// whole postings; on a large one, common terms looked up in their champion
// lists (with a low threshold of "common", every term). The fixture is
// small: the thresholds are lowered to run it the large index's way.
var searchModes = []struct {
	name                       string
	commonMinDocs, commonMinDF uint64
}{
	{"small index", commonMinDocs, commonMinDF},
	{"large index", 0, commonMinDF},
	{"champion lists", 0, 1},
}

// forEachMode runs f on the fixture in each search mode.
func forEachMode(t *testing.T, f func(t *testing.T, st *store.DB, x *Index)) {
	for _, m := range searchModes {
		t.Run(m.name, func(t *testing.T) {
			st, x, _ := openFixture(t)
			x.commonMinDocs, x.commonMinDF = m.commonMinDocs, m.commonMinDF
			f(t, st, x)
		})
	}
}

func TestSearchRanksTheRightQuoteFirst(t *testing.T) {
	forEachMode(t, testSearchRanks)
}

func testSearchRanks(t *testing.T, st *store.DB, x *Index) {
	tests := []struct {
		name, words, want string
	}{
		{"plain words", "regulation bans open source", "andrew-ng"},
		{"stemmed", "banning open source", "andrew-ng"},
		{"typo (two edits)", "regulaton bans", "andrew-ng"},
		{"typo (one edit) and stemming", "opn source banned", "andrew-ng"},
		{"speaker name", "lecun", "yann-lecun"},
		{"speaker name with diacritics folded", "joelle pineau", "joelle-pineau"},
		{"speaker alias", "@ylecun", "yann-lecun"},
		{"unfinished word", "antid", "martin-casado"},
		{"source title", "doomsayers preposterous", "yann-lecun"},
		{"users' own words", "sharing knowledge makes science go faster", "joelle-pineau"},
		{"case and punctuation", "PUBLIC GOOD!!!", "emad-mostaque"},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := x.Search(ctx, bot.QuoteQuery{Words: tt.words})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits.Hits) == 0 {
				t.Fatalf("%q: no hits", tt.words)
			}
			if got := personOf(t, st, hits.Hits[0].QuoteID); got != tt.want {
				t.Errorf("%q: first hit by %s, want %s", tt.words, got, tt.want)
			}
		})
	}
}

func personOf(t *testing.T, st bot.Store, quoteID string) string {
	t.Helper()
	vs, err := st.QuoteViews(context.Background(), []string{quoteID})
	if err != nil || len(vs) != 1 {
		t.Fatalf("quote %s: %v (%d views)", quoteID, err, len(vs))
	}
	return vs[0].Quote.PersonID
}

func TestSearchHighlights(t *testing.T) {
	forEachMode(t, testSearchHighlights)
}

func testSearchHighlights(t *testing.T, st *store.DB, x *Index) {
	ctx := context.Background()
	hits, err := x.Search(ctx, bot.QuoteQuery{Words: "regulaton banning opn"})
	if err != nil || len(hits.Hits) == 0 {
		t.Fatalf("search: %v, %d hits", err, len(hits.Hits))
	}
	vs, _ := st.QuoteViews(ctx, []string{hits.Hits[0].QuoteID})
	text := vs[0].Quote.Text
	var got []string
	for _, s := range hits.Hits[0].Highlights {
		got = append(got, text[s.Start:s.End])
	}
	want := []string{"open", "regulation", "bans", "open"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("highlights %q, want %q", got, want)
	}
}

func TestSearchFilters(t *testing.T) {
	forEachMode(t, testSearchFilters)
}

func testSearchFilters(t *testing.T, st *store.DB, x *Index) {
	ctx := context.Background()
	tests := []struct {
		name  string
		q     bot.QuoteQuery
		check func(v bot.QuoteView) bool
	}{
		{"person", bot.QuoteQuery{Words: "open", PersonID: "stella-biderman"},
			func(v bot.QuoteView) bool { return v.Quote.PersonID == "stella-biderman" }},
		{"strategy", bot.QuoteQuery{Words: "open safety research", StrategyID: "pause"},
			func(v bot.QuoteView) bool { return v.Quote.StrategyID == "pause" }},
		{"fidelity", bot.QuoteQuery{Words: "open", Fidelity: bot.FidelityDirect},
			func(v bot.QuoteView) bool { return v.Quote.Fidelity == bot.FidelityDirect }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := x.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits.Hits) == 0 || hits.Total != len(hits.Hits) {
				t.Fatalf("%d hits of %d", len(hits.Hits), hits.Total)
			}
			for _, h := range hits.Hits {
				vs, _ := st.QuoteViews(ctx, []string{h.QuoteID})
				if !tt.check(vs[0]) {
					t.Errorf("hit %s by %s on %s (%s) passes no filter", h.QuoteID, vs[0].Quote.PersonID, vs[0].Quote.StrategyID, vs[0].Quote.Fidelity)
				}
			}
		})
	}
	hits, err := x.Search(ctx, bot.QuoteQuery{Words: "open", PersonID: "nobody"})
	if err != nil || hits.Total != 0 {
		t.Errorf("unknown person: %d hits, %v", hits.Total, err)
	}
}

func TestSearchPaginates(t *testing.T) {
	forEachMode(t, testSearchPaginates)
}

func testSearchPaginates(t *testing.T, _ *store.DB, x *Index) {
	ctx := context.Background()
	all, err := x.Search(ctx, bot.QuoteQuery{Words: "open", Limit: 50})
	// The 7 quotes on "Open source" and the pause quote with "open"; with
	// champion lists, only the short one is a candidate.
	want := 8
	if x.commonMinDF == 1 {
		want = 1
	}
	if err != nil || all.Total != want || len(all.Hits) != want {
		t.Fatalf("%d hits, %v", all.Total, err)
	}
	var paged []string
	for off := 0; off < all.Total; off += 2 {
		page, err := x.Search(ctx, bot.QuoteQuery{Words: "open", Offset: off, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range page.Hits {
			paged = append(paged, h.QuoteID)
		}
	}
	for i, h := range all.Hits {
		if i >= len(paged) || paged[i] != h.QuoteID {
			t.Fatalf("page order differs at %d: %v vs %v", i, paged, all.Hits)
		}
	}
}

// TestSearchWordsAreOnlyWords feeds query syntax and junk: none of it is
// interpreted, none of it fails.
func TestSearchWordsAreOnlyWords(t *testing.T) {
	_, x, _ := openFixture(t)
	ctx := context.Background()
	rng := rand.New(rand.NewSource(1))
	junk := make([]byte, 10<<10)
	for i := range junk {
		junk[i] = byte(rng.Intn(256))
	}
	long := strings.Repeat("open source regulation ", 500)
	for _, words := range []string{
		`+open -source`, `speaker:lecun`, `text:*`, `open~2`, `"open source`, `(open) OR (source)`,
		`*`, `?`, `\`, `/regex/`, `a:b:c`, `^~*:"()[]{}!&|`, string(junk), long, "", "the of and",
	} {
		hits, err := x.Search(ctx, bot.QuoteQuery{Words: words})
		if err != nil {
			t.Errorf("%.40q: %v", words, err)
		}
		if words == `speaker:lecun` && (len(hits.Hits) == 0) {
			t.Errorf("speaker:lecun: the words should still be searched")
		}
	}
	// "-source" is the word "source", not an exclusion.
	hits, _ := x.Search(ctx, bot.QuoteQuery{Words: "-source"})
	if hits.Total == 0 {
		t.Error(`"-source" excluded quotes instead of searching for "source"`)
	}
}

func TestTokensAreCapped(t *testing.T) {
	_, x, _ := openFixture(t)
	var b strings.Builder
	for i := 0; i < 1000; i++ {
		b.WriteString("word")
		b.WriteString(strings.Repeat("x", i%50))
		b.WriteString(" ")
	}
	if n := len(x.tokens(b.String())); n != maxQueryTokens {
		t.Errorf("%d tokens, want %d", n, maxQueryTokens)
	}
	if toks := x.tokens("Banning the open-source models"); len(toks) != 4 || toks[0].stem != "ban" || toks[0].word != "banning" {
		t.Errorf("tokens = %+v", toks)
	}
}

// TestAllWordsQueryScoresOnlyTheRarestWord checks the query of quotes
// matching every word: the same quotes as bleve's conjunction of every
// word in any of its forms, each scored as the rarest word alone scores it
// (the others only filter).
func TestAllWordsQueryScoresOnlyTheRarestWord(t *testing.T) {
	forEachMode(t, func(t *testing.T, _ *store.DB, x *Index) {
		for _, words := range []string{"regulation bans open source", "open source", "open models public good"} {
			snap := openSnapshot(t, x)
			p := x.plan(snap, bot.QuoteQuery{Words: words})
			if p == nil || p.all == nil {
				t.Fatalf("%q: plan %+v", words, p)
			}
			all, ok := p.all.(allNode)
			if !ok || len(all.filters) == 0 {
				t.Fatalf("%q: the all query is %T, want a scored node and filters", words, p.all)
			}
			got := matchScores(t, snap, p.all)
			if len(got) == 0 {
				t.Fatalf("%q: no quote matches every word", words)
			}
			// Every word in any of its forms (the plan's clauses), among
			// the quotes of the rarest word's query.
			every := query.NewConjunctionQuery([]query.Query{bleveQuery(all.must)})
			for _, w := range p.words {
				var forms anyNode
				for _, c := range w.clauses {
					forms = append(forms, termNode{slotFields[c.slot], c.term, 1})
				}
				every.AddQuery(bleveQuery(forms))
			}
			if want := bleveScores(t, x, every); len(want) != len(got) {
				t.Errorf("%q: %d quotes, want the %d matching every word", words, len(got), len(want))
			}
			rarest := matchScores(t, snap, all.must)
			for id, s := range got {
				if r, ok := rarest[id]; !ok || math.Abs(r-s) > 1e-9 {
					t.Errorf("%q: %s scores %v, the rarest word alone %v", words, id, s, r)
				}
			}
		}
	})
}

// TestAllWordsQueryFiltersRarestFirst: the all-words query checks its
// filters from the one with fewest postings on, a person's quotes before
// any word's.
func TestAllWordsQueryFiltersRarestFirst(t *testing.T) {
	_, x, _ := openFixture(t)
	snap := openSnapshot(t, x)
	p := x.plan(snap, bot.QuoteQuery{Words: "open source models regulation", PersonID: "andrew-ng"})
	all, ok := p.all.(allNode)
	if !ok || len(all.filters) != 4 {
		t.Fatalf("the all query is %+v, want a scored node and four filters", p.all)
	}
	var docs []int
	for _, f := range all.filters {
		docs = append(docs, len(matchScores(t, snap, f)))
	}
	if !slices.IsSorted(docs) || docs[0] != 1 {
		t.Errorf("the filters have %v quotes, want the person's one first and then ever more", docs)
	}
}

// TestMatchersScoreAsBleve runs each query of the plans of several words
// both ways, with the index's matchers and as bleve's own query: the same
// quotes, and scores in the same proportion (bleve scales a query's scores
// by one factor of its own, its query norm).
func TestMatchersScoreAsBleve(t *testing.T) {
	forEachMode(t, func(t *testing.T, _ *store.DB, x *Index) {
		for _, words := range []string{"regulation bans open source", "open source", "open models public good",
			"lecun open", "regulaton", "existential risk extinction", "models"} {
			snap := openSnapshot(t, x)
			p := x.plan(snap, bot.QuoteQuery{Words: words})
			if p == nil {
				t.Fatalf("%q: no plan", words)
			}
			for name, n := range map[string]node{"all": p.all, "any": p.any, "full": p.full} {
				if n == nil {
					continue
				}
				got, want := matchScores(t, snap, n), bleveScores(t, x, bleveQuery(n))
				if len(got) != len(want) {
					t.Errorf("%q %s: %d quotes, bleve finds %d", words, name, len(got), len(want))
				}
				ratio := 0.0
				for id, w := range want {
					g, ok := got[id]
					if !ok {
						t.Errorf("%q %s: bleve finds %s, the matchers do not", words, name, id)
						continue
					}
					if ratio == 0 {
						ratio = g / w
					}
					if math.Abs(g-ratio*w) > 1e-9*g {
						t.Errorf("%q %s: %s scores %v, bleve %v (times %v)", words, name, id, g, w, ratio)
					}
				}
			}
		}
	})
}

// openSnapshot returns a snapshot of x, closed when the test ends.
func openSnapshot(t *testing.T, x *Index) *snapshot {
	t.Helper()
	snap, err := x.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(snap.close)
	return snap
}

// matchScores returns every quote n matches on snap, by id, with its score.
func matchScores(t *testing.T, snap *snapshot, n node) map[string]float64 {
	t.Helper()
	m, err := n.open(snap, true)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for d := m.doc(); d != exhausted; d, err = m.next() {
		id, _, err := snap.quote(d)
		if err != nil {
			t.Fatal(err)
		}
		out[id] = m.score()
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// bleveQuery is n as bleve's query.
func bleveQuery(n node) query.Query {
	switch n := n.(type) {
	case termNode:
		q := query.NewTermQuery(n.term)
		q.SetField(n.field)
		q.SetBoost(n.boost)
		return q
	case anyNode:
		if len(n) == 0 {
			return query.NewMatchNoneQuery()
		}
		qs := make([]query.Query, len(n))
		for i, c := range n {
			qs[i] = bleveQuery(c)
		}
		return query.NewDisjunctionQuery(qs)
	case allNode:
		b := query.NewBooleanQuery(nil, nil, nil)
		b.AddMust(bleveQuery(n.must))
		fs := make([]query.Query, len(n.filters))
		for i, f := range n.filters {
			fs[i] = bleveQuery(f)
		}
		b.AddFilter(query.NewConjunctionQuery(fs))
		return b
	}
	panic(fmt.Sprintf("no bleve query for %T", n))
}

// bleveScores returns every quote bleve's search for q finds, by id, with
// its score.
func bleveScores(t *testing.T, x *Index, q query.Query) map[string]float64 {
	t.Helper()
	res, err := x.bi.bleve.SearchInContext(context.Background(), bleve.NewSearchRequestOptions(q, 10000, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, h := range res.Hits {
		out[h.ID] = h.Score
	}
	return out
}

// TestCommonSurnameDrivesTheAllWordsQuery: when every word of the query is
// common on a large index and the rarest is a speaker's name, which is in
// no champion list, the quotes matching every word are still found (the
// name's whole postings drive the query), not none.
func TestCommonSurnameDrivesTheAllWordsQuery(t *testing.T) {
	ds := bot.Dataset{Strategies: []bot.Strategy{{ID: "s", Name: "Strategy"}}}
	texts := []string{
		"Open models are a public good.",
		"Open models help researchers everywhere.",
		"Closed models concentrate power in few hands.",
		"Open models and open data make research faster.",
	}
	for i, name := range []string{"Ann Smith", "Bob Smith", "Cy Smith", "Di Jones"} {
		id := fmt.Sprintf("p%d", i)
		ds.People = append(ds.People, bot.Person{ID: id, Name: name})
		ds.Quotes = append(ds.Quotes, bot.Quote{ID: bot.QuoteID(id, "s", texts[i]), PersonID: id, StrategyID: "s",
			Text: texts[i], Fidelity: bot.FidelityDirect})
	}
	_, x, _ := openDataset(t, ds)
	x.commonMinDocs, x.commonMinDF = 0, 1 // every term is common
	got := allWordsHits(t, x, "smith models")
	for _, q := range ds.Quotes[:3] {
		if !got[q.ID] {
			t.Errorf("the quotes matching every word miss %q (by %s): %v", q.Text, q.PersonID, got)
		}
	}
	if got[ds.Quotes[3].ID] {
		t.Errorf("the quotes matching every word include %q, not by a Smith", ds.Quotes[3].Text)
	}
}

// TestLongQuoteOfCommonWordsIsACandidate: on a large index, when every word
// of the query is common but the rarest reads no more than the drive
// budget, it drives the all-words query whole: a long quote, in no
// champion list, still matches every word.
func TestLongQuoteOfCommonWordsIsACandidate(t *testing.T) {
	ds := bot.Dataset{Strategies: []bot.Strategy{{ID: "s", Name: "Strategy"}}, People: []bot.Person{{ID: "p", Name: "Pat Doe"}}}
	long := "Open weights let every lab, university and hobbyist study frontier systems, audit them, fix them and build on them; " +
		"closed releases leave that work to a few companies, and open models spread the benefits far wider."
	texts := []string{long, "Open models now.", "Open models win.", "Open models, open minds.", "Models everywhere.", "Open doors."}
	for _, text := range texts {
		ds.Quotes = append(ds.Quotes, bot.Quote{ID: bot.QuoteID("p", "s", text), PersonID: "p", StrategyID: "s",
			Text: text, Fidelity: bot.FidelityDirect})
	}
	_, x, _ := openDataset(t, ds)
	x.commonMinDocs, x.commonMinDF = 0, 2 // "open" and "models" are common; the drive budget is 6 postings
	if got := allWordsHits(t, x, "models open"); !got[ds.Quotes[0].ID] {
		t.Errorf("the first %d quotes matching every word miss the long quote", len(got))
	}
}

// allWordsHits returns the ids of the first 10 quotes the plan's query of
// quotes matching every word of words finds.
func allWordsHits(t *testing.T, x *Index, words string) map[string]bool {
	t.Helper()
	ctx := context.Background()
	snap := openSnapshot(t, x)
	p := x.plan(snap, bot.QuoteQuery{Words: words})
	if p == nil || p.all == nil {
		t.Fatalf("%q: plan %+v", words, p)
	}
	docs, _, err := topDocs(ctx, snap, p.all, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, d := range docs {
		id, _, err := snap.quote(d)
		if err != nil {
			t.Fatal(err)
		}
		got[id] = true
	}
	return got
}
