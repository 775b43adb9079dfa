package console

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/bot"
)

func render(t *testing.T, r bot.Reply) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestRenderQuoteFidelity(t *testing.T) {
	src := bot.Source{Type: "testimony", Title: "Hearing", Publisher: "US House", Date: bot.Date{Year: 2023, Month: 6, Day: 22}}
	tests := []struct {
		fidelity bot.Fidelity
		want     string
	}{
		{bot.FidelityDirect, "    “Open science is safer.”\n    (direct quote)\n"},
		{bot.FidelityFaithful, "    Open science is safer.\n    (faithful paraphrase)\n"},
		{bot.FidelityLoose, "    Open science is safer.\n    (loose paraphrase)\n"},
		{"", "    Open science is safer.\n    (fidelity not recorded)\n"},
	}
	for _, tt := range tests {
		out := render(t, bot.Reply{Cards: []bot.Card{{Title: "T", Quotes: []bot.QuoteBlock{{
			Speaker: "Clément Delangue", Text: "Open science is safer.", Fidelity: tt.fidelity, Source: src, Context: "Testimony.",
			Verification: bot.VerificationVerified,
		}}}}})
		if !strings.Contains(out, tt.want) {
			t.Errorf("%q: got\n%s\nwant it to contain\n%s", tt.fidelity, out, tt.want)
		}
		if !tt.fidelity.IsDirect() && strings.ContainsAny(out, "“”\"") {
			t.Errorf("%q rendered in quotation marks:\n%s", tt.fidelity, out)
		}
		if !strings.Contains(out, "    — Clément Delangue, testimony, Hearing, US House, 2023-06-22\n    Context: Testimony.\n") {
			t.Errorf("citation missing:\n%s", out)
		}
	}
	out := render(t, bot.Reply{Cards: []bot.Card{{Title: "T", Quotes: []bot.QuoteBlock{{Speaker: "A", Text: "x", Fidelity: bot.FidelityLoose}}}}})
	if !strings.Contains(out, "    — A\n") {
		t.Errorf("unknown source parts are not left out:\n%s", out)
	}
}

func TestHighlight(t *testing.T) {
	text := "Regulation bans open source — élan"
	tests := []struct {
		spans []bot.Span
		want  string
	}{
		{nil, text},
		{[]bot.Span{{Start: 11, End: 15}, {Start: 0, End: 10}}, "*Regulation* *bans* open source — élan"},
		{[]bot.Span{{Start: 0, End: 10}, {Start: 5, End: 12}}, "*Regulation b*ans open source — élan"}, // overlaps merge,
		{[]bot.Span{{Start: 33, End: 34}, {Start: 99, End: 100}, {Start: 3, End: 3}}, text},
		{[]bot.Span{{Start: 32, End: 37}}, "Regulation bans open source — *élan*"},
	}
	for _, tt := range tests {
		if got := Highlight(card.Pieces(text, tt.spans)); got != tt.want {
			t.Errorf("Highlight(%v) = %q, want %q", tt.spans, got, tt.want)
		}
	}
}

func TestRenderGridAndActions(t *testing.T) {
	g := bot.TierGrid{Rows: bot.Expertises, Cols: bot.Recognitions, Cells: make([][][]bot.Face, len(bot.Expertises))}
	for i := range g.Cells {
		g.Cells[i] = make([][]bot.Face, len(bot.Recognitions))
	}
	g.Cells[1][0] = []bot.Face{{Name: "Andrew Ng"}, {Name: "Yoshua Bengio", Opposer: true}}
	g.Cells[5][1] = []bot.Face{{Name: "Emad Mostaque"}}
	out := render(t, bot.Reply{
		Cards:   []bot.Card{{Title: "Open source", Grid: &g, Fields: []bot.Field{{Name: "Voices", Value: "a\nb"}, {Name: "Opposers", Value: "none"}}}},
		Actions: []bot.Action{{Label: "next page", Command: "/whoendorses open-source page:2"}},
	})
	want := `Open source
===========

Voices:
  a
  b
Opposers: none

expertise ↓ · recognition →  Household name   Field-leading  Established  Emerging
Frontier builder             ·                ·              ·            ·
Deep technical               Andrew Ng        ·              ·            ·
                             × Yoshua Bengio
Applied technical            ·                ·              ·            ·
Policy / meta                ·                ·              ·            ·
External-domain expert       ·                ·              ·            ·
Commentator                  ·                Emad Mostaque  ·            ·
× marks an opposer; · an empty cell.

[next page: /whoendorses open-source page:2]
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestRenderNotices(t *testing.T) {
	out := render(t, bot.Reply{
		Cards:   []bot.Card{{Title: "Proposal #1 approved"}},
		Notices: []bot.Notice{{UserID: "u1", Text: "Your proposal #1 was approved."}, {UserID: "u2", Text: "two\nlines"}},
	})
	want := "Proposal #1 approved\n\n[told u1: Your proposal #1 was approved.]\n[told u2: two\nlines]\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestRenderErrorReplyIsOneLine(t *testing.T) {
	out := render(t, bot.ErrorReply(bot.Errorf(bot.ENOTFOUND, "No strategy called %q.", "x")))
	if out != "No strategy called \"x\".\n" {
		t.Errorf("got %q", out)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("closed") }

func TestRenderWriteError(t *testing.T) {
	if err := Render(failWriter{}, bot.Reply{Cards: []bot.Card{{Title: "x"}}}); err == nil {
		t.Error("a write error was not returned")
	}
}
