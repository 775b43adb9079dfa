package index

import (
	"slices"
	"strings"
)

// Champion lists. A term in many quotes costs a search time in proportion:
// every quote that has it is scored. So each quote also lists, in champion
// fields, the stems that weigh most in it: those whose BM25 term-frequency
// part, tf / (tf + k1·(1 - b + b·len/avgLen)), reaches the field's weight.
// Those are the stems of short quotes and those a quote repeats, the quotes
// BM25 ranks first for the stem. It is decided per quote, from the quote
// alone, so indexing stays incremental. A search looks a common term up in
// the largest champion list that is short enough, then ranks the best
// candidates on the whole index (see plan).
const (
	championK1     = 1.2  // BM25's k1, as bleve scores
	championB      = 0.75 // BM25's b
	championAvgLen = 16.0 // a typical quote's length in stems
)

// championTiers are the champion fields and their minimum weights, the
// longest lists first. With tf=1, 0.55 takes quotes of up to 13 stems, 0.62
// up to 6; 0.70 takes only repeated stems.
var championTiers = []struct {
	field  string
	weight float64
}{
	{fieldChampion1, 0.55},
	{fieldChampion2, 0.62},
	{fieldChampion3, 0.70},
}

// championTerms returns, for each champion tier, the stems of a quote's
// text (its text slot: length and stems with frequencies) that weigh at
// least the tier's weight, sorted.
func championTerms(text slotTerms) [][]string {
	out := make([][]string, len(championTiers))
	if text.length == 0 {
		return out
	}
	norm := championK1 * (1 - championB + championB*float64(text.length)/championAvgLen)
	terms := slices.Clone(text.terms)
	slices.SortFunc(terms, func(a, b termFreq) int { return strings.Compare(a.term, b.term) })
	for i, tier := range championTiers {
		for _, t := range terms {
			if f := float64(t.tf); f/(f+norm) >= tier.weight {
				out[i] = append(out[i], t.term)
			}
		}
	}
	return out
}
