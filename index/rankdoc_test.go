package index

import (
	"strings"
	"testing"
)

func TestRankDocRoundTrip(t *testing.T) {
	_, x, _ := openFixture(t)
	var values [numSlots]string
	values[slotText] = "Open models are a public good; open models, open science. Happy people's ponies."
	values[slotWords] = values[slotText]
	values[slotSpeaker] = "Émad Mostaque \n @EMostaque"
	values[slotTitle] = "Emad Mostaque on open-source AI and open models"
	values[slotSummary] = "Argues open models are a public good"
	var d rankDoc
	if err := decodeRankDoc(x.encodeRankDoc(values), &d); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		slot     int
		term     string
		tf, slen int
	}{
		{slotText, "model", 2, 11}, {slotWords, "models", 2, 11}, {slotText, "open", 3, 11}, {slotText, "happi", 1, 11}, {slotWords, "people", 1, 11},
		{slotSpeaker, "emad", 1, 3}, {slotTitle, "open", 2, 7}, {slotTitle, "model", 1, 7}, {slotSummary, "argu", 1, 5}, {slotRole, "x", 0, 0},
	} {
		if got := d.tf(tt.slot, tt.term); got != tt.tf || d.slots[tt.slot].length != tt.slen {
			t.Errorf("slot %d term %q: tf %d length %d, want %d and %d", tt.slot, tt.term, got, d.slots[tt.slot].length, tt.tf, tt.slen)
		}
	}
	var words []string
	for _, tok := range d.tokens {
		words = append(words, values[slotText][tok.start:tok.end]+"="+d.slots[slotText].terms[tok.stem].term)
	}
	if got := strings.Join(words, " "); got != "Open=open models=model public=public good=good open=open models=model open=open science=scienc Happy=happi people's=peopl ponies=poni" {
		t.Errorf("tokens %s", got)
	}
}

// FuzzDecodeRankDoc: a damaged rank document is an error, never a panic
// or an out-of-range token.
func FuzzDecodeRankDoc(f *testing.F) {
	_, x, _ := openFixture(f)
	var values [numSlots]string
	values[slotText], values[slotWords] = "Open models are a public good.", "Open models are a public good."
	f.Add(x.encodeRankDoc(values))
	f.Add("")
	f.Add("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01")
	f.Fuzz(func(t *testing.T, s string) {
		var d rankDoc
		if decodeRankDoc(s, &d) != nil {
			return
		}
		for _, tok := range d.tokens {
			if tok.word >= len(d.slots[slotWords].terms) || tok.stem >= len(d.slots[slotText].terms) {
				t.Fatalf("token %+v out of range", tok)
			}
		}
	})
}
