package card

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

func TestFidelityAndQuotationMarks(t *testing.T) {
	for _, tt := range []struct {
		f      bot.Fidelity
		label  string
		quoted bool
	}{
		{bot.FidelityDirect, "direct quote", true},
		{bot.FidelityFaithful, "faithful paraphrase", false},
		{bot.FidelityLoose, "loose paraphrase", false},
		{bot.FidelitySummary, "summary", false},
		{"", NotRecorded, false},
	} {
		q := QuoteOf(bot.QuoteBlock{Text: "x", Fidelity: tt.f, Verification: bot.VerificationVerified})
		if q.Fidelity != tt.label || q.Quoted != tt.quoted {
			t.Errorf("%q: label %q quoted %v, want %q %v", tt.f, q.Fidelity, q.Quoted, tt.label, tt.quoted)
		}
	}
}

// TestFidelityShowsVerification: a quote no moderator verified says so
// beside its fidelity.
func TestFidelityShowsVerification(t *testing.T) {
	for v, want := range map[bot.Verification]string{
		bot.VerificationVerified:      "direct quote",
		bot.VerificationUnverified:    "direct quote · unverified",
		bot.VerificationDisputed:      "direct quote · disputed",
		bot.VerificationMisattributed: "direct quote · misattributed",
	} {
		if got := QuoteOf(bot.QuoteBlock{Text: "x", Fidelity: bot.FidelityDirect, Verification: v}).Fidelity; got != want {
			t.Errorf("%s: label %q, want %q", v, got, want)
		}
	}
}

func TestCitation(t *testing.T) {
	s := bot.Source{Type: "blog", Title: " T ", Date: bot.Date{Year: 2024, Month: 2}, URL: "https://x.example"}
	want := []Part{{SourceType, "blog"}, {SourceTitle, "T"}, {SourceDate, "2024-02"}, {SourceURL, "https://x.example"}}
	if got := Citation(s); !reflect.DeepEqual(got, want) {
		t.Errorf("Citation = %v, want %v", got, want)
	}
	if got := Citation(bot.Source{}); len(got) != 1 || got[0].Kind != NoSource || got[0].Text != SourceNotRecorded {
		t.Errorf("unknown source: %v", got)
	}
}

func TestPiecesKeepTheText(t *testing.T) {
	text := "héllo wörld, open source"
	for _, spans := range [][]bot.Span{nil, {{Start: 2, End: 6}}, {{Start: 20, End: 100}, {Start: -3, End: 1}}, {{Start: 7, End: 9}, {Start: 8, End: 13}}} {
		var b strings.Builder
		for _, p := range Pieces(text, spans) {
			b.WriteString(p.Text)
		}
		if b.String() != text {
			t.Errorf("%v: pieces join to %q", spans, b.String())
		}
	}
	ps := Pieces(text, []bot.Span{{Start: 15, End: 19}})
	if len(ps) != 3 || !ps[1].Highlight || ps[1].Text != "open" {
		t.Errorf("Pieces = %+v", ps)
	}
}

func TestGridOf(t *testing.T) {
	g := GridOf(bot.TierGrid{
		Rows:    []bot.Expertise{bot.ExpertiseDeepTechnical, ""},
		Cols:    []bot.Recognition{bot.RecognitionHouseholdName, bot.RecognitionEmerging},
		Cells:   [][][]bot.Face{{{{Name: "Ann"}, {Name: "Bo", Opposer: true}}}},
		Unnamed: [][]int{{0, 2}},
	})
	if c := g.Rows[0].Cells[1]; c.Count() != 2 || c.Text() != "2 unnamed" {
		t.Errorf("unnamed cell: %d people, %q", c.Count(), c.Text())
	}
	if g.Rows[1].Label != "Unknown expertise" || len(g.Rows[1].Cells) != 2 || g.Rows[1].Cells[1].Count() != 0 {
		t.Errorf("grid = %+v", g)
	}
	if got := g.Rows[0].Cells[0].Text(); got != "Ann, Bo (opposes)" || g.Max() != 2 || g.Empty() {
		t.Errorf("cell text %q, max %d", got, g.Max())
	}
}

func TestPageLine(t *testing.T) {
	if got := PageLine(bot.Reply{Page: 2, Pages: 5}); got != "Page 2 of 5" {
		t.Errorf("PageLine = %q", got)
	}
	if got := PageLine(bot.Reply{}); got != "" {
		t.Errorf("unpaginated PageLine = %q", got)
	}
}

func TestFewerQuotes(t *testing.T) {
	q := bot.QuoteBlock{PersonID: "ann", Text: "x"}
	r := bot.Reply{Cards: []bot.Card{
		{Title: "Header", Quotes: []bot.QuoteBlock{q, q}},
		{Title: "Ann", Item: true, Quotes: []bot.QuoteBlock{q, q, q}},
	}}
	got := FewerQuotes(r, 1)
	if len(got.Cards[0].Quotes) != 2 || len(got.Cards[1].Quotes) != 1 {
		t.Fatalf("quotes kept: %d, %d", len(got.Cards[0].Quotes), len(got.Cards[1].Quotes))
	}
	if got.Cards[1].Footer != "… and 2 more quotes: /person ann" {
		t.Errorf("footer %q", got.Cards[1].Footer)
	}
	if len(r.Cards[1].Quotes) != 3 {
		t.Error("the reply given was changed")
	}
}
