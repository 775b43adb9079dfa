package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

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

// TestEditWalkFindsWhatBleveFinds: for one and two edits, the walk of
// the dictionaries with the edit automaton finds the terms bleve's
// Levenshtein automaton (with swaps) finds, and those a scan of every term
// with the first letter finds, at the same distances; in the vocabulary,
// those the scan finds.
func TestEditWalkFindsWhatBleveFinds(t *testing.T) {
	_, x, _ := openFixture(t)
	snap := openSnapshot(t, x)
	found := 0
	for _, field := range []string{fieldWords, fieldText, fieldSpeaker} {
		for _, word := range []string{"regulaton", "opne", "modles", "soruce", "publc", "safetey", "reserach", "sovereingty",
			"europpe", "extinctino", "alignmnet", "intelligenec", "lecunn", "mensh", "mostaqe", "rombahc", "amodie", "yudkowski",
			"joelle", "jöelle", "pinau", "ëlle"} {
			for edits := 1; edits <= 2; edits++ {
				walk := byTerm(snap.withinEdits(field, word, edits))
				found += len(walk)
				if field != fieldWords {
					if auto := byTerm(bleveWithinEdits(t, snap, field, word, edits)); !slices.Equal(walk, auto) {
						t.Errorf("%s %q, %d edits: the walk finds %v, bleve's automaton %v", field, word, edits, walk, auto)
					}
				}
				if scan := byTerm(scanWithinEdits(t, snap, field, word, edits)); !slices.Equal(walk, scan) {
					t.Errorf("%s %q, %d edits: the walk finds %v, the scan %v", field, word, edits, walk, scan)
				}
			}
		}
	}
	if found < 20 {
		t.Errorf("the words find %d terms within reach: the test says nothing", found)
	}
}

// byTerm returns cs in the terms' order.
func byTerm(cs []candidate) []candidate {
	cs = slices.Clone(cs)
	slices.SortFunc(cs, func(a, b candidate) int { return strings.Compare(a.term, b.term) })
	return cs
}

// bleveWithinEdits is what bleve's Levenshtein automaton finds within
// edits of term, from its first letter.
func bleveWithinEdits(t *testing.T, snap *snapshot, field, term string, edits int) []candidate {
	t.Helper()
	_, size := utf8.DecodeRuneInString(term)
	fd, fa, err := snap.r.FieldDictFuzzyAutomaton(field, term, edits, term[:size])
	if err != nil {
		t.Fatal(err)
	}
	defer fd.Close()
	var out []candidate
	for e, err := fd.Next(); e != nil && err == nil; e, err = fd.Next() {
		_, d := fa.MatchAndDistance(e.Term)
		out = append(out, candidate{term: e.Term, edits: d})
	}
	return out
}

// scanWithinEdits measures the distance to every term of field (of the
// vocabulary, for fieldWords) with term's first letter.
func scanWithinEdits(t *testing.T, snap *snapshot, field, term string, edits int) []candidate {
	t.Helper()
	_, size := utf8.DecodeRuneInString(term)
	first := []byte(term[:size])
	terms := fstTerms(snap.words, first, prefixEnd(first), nil)
	if field != fieldWords {
		terms = nil
		fd, err := snap.r.FieldDictPrefix(field, first)
		if err != nil {
			t.Fatal(err)
		}
		for e, err := fd.Next(); e != nil && err == nil; e, err = fd.Next() {
			terms = append(terms, e.Term)
		}
		_ = fd.Close()
	}
	var e editScratch
	var out []candidate
	for _, other := range terms {
		if d := e.distance([]rune(term), other, edits); d <= edits {
			out = append(out, candidate{term: other, edits: uint8(d)})
		}
	}
	return out
}

// FuzzEditAutomaton: the automaton, fed a term's bytes, matches it exactly
// when the term is within most edits of the word, and never gives up on a
// beginning of a term it would match.
func FuzzEditAutomaton(f *testing.F) {
	f.Add("safety", "saftey", 1)
	f.Add("regulation", "regultaoin", 2)
	f.Add("über", "uber", 1)
	f.Add("jöelle", "joëlle", 2)
	f.Add("abc", "a\xc3b", 1)
	f.Fuzz(func(t *testing.T, word, term string, most int) {
		if len(word) > 32 || len(term) > 32 || most < 0 || most > 3 {
			return
		}
		var a editAutomaton
		var e editScratch
		want := []rune(word)
		a.reset(want, most)
		within := e.distance(want, term, most) <= most
		s := a.Start()
		for i := 0; i < len(term); i++ {
			if within && !a.CanMatch(s) {
				t.Fatalf("word %q, %d edits: gives up on %q after %q", word, most, term, term[:i])
			}
			s = a.Accept(s, term[i])
		}
		if a.IsMatch(s) != within {
			t.Fatalf("word %q, term %q, %d edits: match %v, distance %d", word, term, most, a.IsMatch(s), e.distance(want, term, most+5))
		}
	})
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
	adv, err := x.bi.bleve.Advanced()
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
