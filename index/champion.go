package index

import (
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
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

// championTerms returns, for each champion tier, the stems of text that
// weigh at least the tier's weight, sorted and separated by spaces; a is the
// text field's analyzer.
func championTerms(a analysis.Analyzer, text string) []string {
	out := make([]string, len(championTiers))
	toks := a.Analyze([]byte(text))
	if len(toks) == 0 {
		return out
	}
	tf := make(map[string]int, len(toks))
	for _, t := range toks {
		tf[string(t.Term)]++
	}
	norm := championK1 * (1 - championB + championB*float64(len(toks))/championAvgLen)
	terms := make([]string, 0, len(tf))
	for term := range tf {
		terms = append(terms, term)
	}
	sort.Strings(terms)
	for i, tier := range championTiers {
		var b strings.Builder
		for _, term := range terms {
			if f := float64(tf[term]); f/(f+norm) >= tier.weight {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(term)
			}
		}
		out[i] = b.String()
	}
	return out
}
