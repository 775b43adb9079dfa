package index

import (
	"strings"
	"testing"
)

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
		d := mustRankDoc(t, x, [numSlots]string{slotText: tt.text, slotWords: tt.text})
		var got []string
		for _, terms := range championTerms(d.slots[slotText]) {
			got = append(got, strings.Join(terms, " "))
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q: %q, want %q", tt.text, got, tt.want)
		}
	}
}
