package index

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

// The rerank stems the words field's tokens instead of analysing the text
// again with "en": that must give the "en" analyzer's terms and offsets.
func TestStemmedWordsAreTheTextAnalysis(t *testing.T) {
	_, x, _ := openFixture(t)
	for _, q := range fixture().Quotes {
		want := x.stemAnalyzer.Analyze([]byte(q.Text))
		words := x.wordsAnalyzer.Analyze([]byte(q.Text))
		got := make(analysis.TokenStream, len(words))
		for i, tok := range words {
			c := *tok
			got[i] = &c
		}
		got = x.stemmer.Filter(got)
		if len(got) != len(want) {
			t.Fatalf("%q: %d stems, want %d", q.Text, len(got), len(want))
		}
		for i := range want {
			if string(got[i].Term) != string(want[i].Term) || got[i].Start != want[i].Start || got[i].End != want[i].End {
				t.Errorf("%q: stem %d = %s@%d-%d, want %s@%d-%d", q.Text, i,
					got[i].Term, got[i].Start, got[i].End, want[i].Term, want[i].Start, want[i].End)
			}
		}
	}
}

func TestChampionTerms(t *testing.T) {
	_, x, _ := openFixture(t)
	tests := []struct {
		text string
		want []string // per tier
	}{
		// 4 stems: each weighs 1/(1+1.2·(0.25+0.75·4/16)) = 0.66.
		{"Open models are a public good.", []string{"good model open public", "good model open public", ""}},
		// 11 stems: "open", twice, weighs 2/(2+1.2·(0.25+0.75·11/16)) = 0.69;
		// the others, once, 0.52.
		{"Open science and open data make research faster, cheaper, fairer and more honest for everyone.",
			[]string{"open", "open", ""}},
		{"", []string{"", "", ""}},
	}
	for _, tt := range tests {
		got := championTerms(x.stemAnalyzer, tt.text)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q: %q, want %q", tt.text, got, tt.want)
		}
	}
}
