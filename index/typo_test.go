package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/stancebot/stancebot/bot"
)

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		most int
		want int
	}{
		{"safety", "safety", 2, 0},
		{"saftey", "safety", 2, 1},  // a swap of neighbours is one edit
		{"safty", "safety", 2, 1},   // a deletion
		{"saffety", "safety", 2, 1}, // an insertion
		{"sbfety", "safety", 2, 1},  // a substitution
		{"sfaetyy", "safety", 2, 2}, // a swap and an insertion
		{"regulation", "regultaoin", 2, 2},
		{"regulation", "rgltn", 2, 3}, // five deletions: more than the most
		{"ca", "abc", 3, 3},           // optimal string alignment: no edit of a swapped pair
		{"über", "uber", 2, 1},        // letters, not bytes
		{"", "abc", 5, 3},
	} {
		var e editScratch
		if got := e.distance([]rune(tc.a), tc.b, tc.most); got != tc.want {
			t.Errorf("distance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.most, got, tc.want)
		}
	}
}

// TestScanFindsWhatTheAutomatonFinds: for two edits, the scan of the
// dictionary finds the terms bleve's Levenshtein automaton (with swaps)
// finds, at the same distances.
func TestScanFindsWhatTheAutomatonFinds(t *testing.T) {
	_, x, _ := openFixture(t)
	snap := openSnapshot(t, x)
	found := 0
	for _, field := range []string{fieldWords, fieldSpeaker} {
		for _, word := range []string{"regulaton", "opne", "modles", "soruce", "publc", "safetey", "reserach", "sovereingty",
			"europpe", "extinctino", "alignmnet", "intelligenec", "lecunn", "mensh", "mostaqe", "rombahc", "amodie", "yudkowski"} {
			scan := snap.similarByScan(field, word, 2)
			auto := snap.similarByAutomaton(field, word, 2)
			key := func(cs []candidate) []candidate {
				cs = slices.Clone(cs)
				slices.SortFunc(cs, func(a, b candidate) int { return strings.Compare(a.term, b.term) })
				return cs
			}
			found += len(auto)
			if got, want := key(scan), key(auto); !slices.Equal(got, want) {
				t.Errorf("%s %q: the scan finds %v, the automaton %v", field, word, got, want)
			}
		}
	}
	if found < 10 {
		t.Errorf("the words find %d terms within two edits: the test says nothing", found)
	}
}

// TestCorrectionsCountTheirQuotes: corrections and completions rank by how
// many quotes have them, counted from the postings: a dictionary walk that
// meets a term of one quote first ("regulars") must not count the next
// ones as in one quote too.
func TestCorrectionsCountTheirQuotes(t *testing.T) {
	ds := bot.Dataset{Strategies: []bot.Strategy{{ID: "s", Name: "Strategy"}}}
	for i, text := range []string{"Regulars meet here.", "Regulation works.", "Regulation fails.", "Regulation helps."} {
		id := fmt.Sprintf("p%d", i)
		ds.People = append(ds.People, bot.Person{ID: id, Name: "Person " + id})
		ds.Quotes = append(ds.Quotes, bot.Quote{ID: bot.QuoteID(id, "s", text), PersonID: id, StrategyID: "s", Text: text, Fidelity: bot.FidelityDirect})
	}
	ctx := context.Background()
	// The segment of a merge stores a term in one quote as a one-hit
	// posting: the quotes come in two imports, then are merged.
	first, rest := ds, ds
	first.Quotes, rest.Quotes = ds.Quotes[:2], ds.Quotes[2:]
	st, x, _ := openDataset(t, first)
	mustImportMore(t, st, rest)
	if _, err := x.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	adv, err := x.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	if err := adv.(*scorch.Scorch).ForceMerge(ctx, nil); err != nil {
		t.Fatal(err)
	}
	snap := openSnapshot(t, x)
	if len(snap.segments) != 1 {
		t.Fatalf("%d segments, want the merged one", len(snap.segments))
	}
	for name, cs := range map[string][]candidate{
		"completions of regul":     snap.completions(fieldWords, "regul", 3),
		"one edit from regulaton":  snap.similar(fieldWords, "regulaton", 1, 3),
		"two edits from regulatin": snap.similar(fieldWords, "regulatin", 2, 3),
	} {
		if len(cs) == 0 || cs[0].term != "regulation" || cs[0].count != 3 {
			t.Errorf("%s: %+v, want regulation first, in 3 quotes", name, cs)
		}
	}
}

// FuzzEditDistance: the bounded distance is the full distance, capped at
// most+1; it is symmetric, zero only for equal words, and at most the
// longer word's length.
func FuzzEditDistance(f *testing.F) {
	f.Add("saftey", "safety")
	f.Add("regulation", "rgltn")
	f.Add("über", "uber")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 64 || len(b) > 64 {
			return
		}
		var e editScratch
		ra, rb := []rune(a), []rune(b)
		full := e.distance(ra, b, len(ra)+len(rb))
		for most := 0; most <= 3; most++ {
			if got := e.distance(ra, b, most); got != min(full, most+1) {
				t.Fatalf("distance(%q, %q, %d) = %d, full %d", a, b, most, got, full)
			}
		}
		if back := e.distance(rb, a, len(ra)+len(rb)); back != full {
			t.Fatalf("distance(%q, %q) = %d, back %d", a, b, full, back)
		}
		if (full == 0) != (string(ra) == string(rb)) || full > max(len(ra), len(rb)) {
			t.Fatalf("distance(%q, %q) = %d", a, b, full)
		}
	})
}
