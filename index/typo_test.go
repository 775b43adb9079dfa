package index

import (
	"slices"
	"strings"
	"testing"
)

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		max  int
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
		if got := e.distance([]rune(tc.a), tc.b, tc.max); got != tc.want {
			t.Errorf("distance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.max, got, tc.want)
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
