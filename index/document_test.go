package index

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
)

// TestDocumentIsWhatTheMappingAnalyses checks that the pre-analysed
// document of every quote holds, field by field, the terms, frequencies
// and lengths the mapping's analyzers give the same values: the mapping
// and the pre-analysis never disagree on what a query term matches.
func TestDocumentIsWhatTheMappingAnalyses(t *testing.T) {
	st, x, _ := openFixture(t)
	ctx := context.Background()
	ds := fixture()
	repeats := "Open, open, OPEN! The open-source models' weights: open them."
	ds.Quotes = append(ds.Quotes, bot.Quote{ID: bot.QuoteID("andrew-ng", "open-source", repeats), PersonID: "andrew-ng",
		StrategyID: "open-source", Text: repeats, Fidelity: bot.FidelityDirect})
	ids := make([]string, len(ds.Quotes))
	for i, q := range ds.Quotes {
		ids[i] = q.ID
	}
	mustImportMore(t, st, bot.Dataset{Quotes: ds.Quotes[len(ds.Quotes)-1:]})
	views, err := st.QuoteViews(ctx, ids)
	if err != nil || len(views) != len(ids) {
		t.Fatalf("views: %d of %d, %v", len(views), len(ids), err)
	}
	for _, v := range views {
		got, words, err := x.document(v, x.encodeRankDoc(docValues(v)), "")
		if err != nil {
			t.Fatal(err)
		}
		values := docValues(v)
		// The words as written are the vocabulary's (no field of bleve's):
		// the text's distinct words, as the words analyzer gives them.
		var want []string
		for _, tok := range x.wordsPipe.analyzer.Analyze([]byte(values[slotText])) {
			want = append(want, string(tok.Term))
		}
		if slices.Sort(want); !slices.Equal(slices.Sorted(slices.Values(words)), slices.Compact(want)) {
			t.Errorf("%s: words %q, the analyzer's %q", v.Quote.ID, words, want)
		}
		mapped := map[string]any{
			fieldPerson: v.Quote.PersonID, fieldStrategy: v.Quote.StrategyID, fieldFidelity: string(v.Quote.Fidelity),
		}
		for slot, f := range slotFields {
			if f != fieldWords {
				mapped[f] = values[slot]
			}
		}
		for i, terms := range championTerms(mustRankDoc(t, x, values).slots[slotText]) {
			mapped[championTiers[i].field] = strings.Join(terms, " ")
		}
		mappedDoc := document.NewDocument(v.Quote.ID)
		if err := x.im.MapDocument(mappedDoc, mapped); err != nil {
			t.Fatal(err)
		}
		fields := func(d *document.Document) map[string]bleveindex.Field {
			out := map[string]bleveindex.Field{}
			d.VisitFields(func(f bleveindex.Field) {
				if f.Options().IsIndexed() {
					f.Analyze()
					out[f.Name()] = f
				}
			})
			return out
		}
		gf, wf := fields(got), fields(mappedDoc)
		if !slices.Equal(slices.Sorted(maps.Keys(gf)), slices.Sorted(maps.Keys(wf))) {
			t.Errorf("%s: fields %v, the mapping's %v", v.Quote.ID, slices.Sorted(maps.Keys(gf)), slices.Sorted(maps.Keys(wf)))
			continue
		}
		for name, w := range wf {
			g := gf[name]
			if g.AnalyzedLength() != w.AnalyzedLength() {
				t.Errorf("%s %s: length %d, the mapping's %d", v.Quote.ID, name, g.AnalyzedLength(), w.AnalyzedLength())
			}
			gt, wt := g.AnalyzedTokenFrequencies(), w.AnalyzedTokenFrequencies()
			if !slices.Equal(slices.Sorted(maps.Keys(gt)), slices.Sorted(maps.Keys(wt))) {
				t.Errorf("%s %s: terms %v, the mapping's %v", v.Quote.ID, name, slices.Sorted(maps.Keys(gt)), slices.Sorted(maps.Keys(wt)))
				continue
			}
			for term, tf := range wt {
				if gt[term].Frequency() != tf.Frequency() {
					t.Errorf("%s %s %q: frequency %d, the mapping's %d", v.Quote.ID, name, term, gt[term].Frequency(), tf.Frequency())
				}
			}
		}
	}
}

// mustImportMore imports ds into st.
func mustImportMore(t *testing.T, st *store.DB, ds bot.Dataset) {
	t.Helper()
	if _, err := st.Import(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
}

// mustRankDoc encodes and decodes the rank document of values.
func mustRankDoc(t *testing.T, x *Index, values [numSlots]string) *rankDoc {
	t.Helper()
	var d rankDoc
	if err := decodeRankDoc(x.encodeRankDoc(values), &d); err != nil {
		t.Fatal(err)
	}
	return &d
}
