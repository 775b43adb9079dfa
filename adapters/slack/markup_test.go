package slack

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/adapters/internal/golden"
	"github.com/stancebot/stancebot/bot"
)

func TestEscape(t *testing.T) {
	if got, want := escape("a & b <c> &amp;"), "a &amp; b &lt;c&gt; &amp;amp;"; got != want {
		t.Errorf("escape = %q, want %q", got, want)
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.org/a?b=1&c=2", "https://example.org/a?b=1&amp;c=2"},
		{"https://example.org/a|b", "https://example.org/a%7Cb"},
		{"http://example.org/<x>", "http://example.org/%3Cx%3E"},
		{"javascript:alert(1)", ""},
		{"example.org/no-scheme", ""},
		{"https://", ""},
	}
	for _, tt := range tests {
		if got := safeURL(tt.in); got != tt.want {
			t.Errorf("safeURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRunRender(t *testing.T) {
	tests := []struct {
		r    run
		want string
	}{
		{run{text: "a <b>"}, "a &lt;b&gt;"},
		{run{text: " two words ", style: bold}, " *two words* "},
		{run{text: "line one\nline two", style: italic}, "_line one_\n_line two_"},
		{run{text: "   ", style: bold}, "   "},
		{run{text: "the paper", style: link, url: "https://example.org/?a=1&b=2"}, "<https://example.org/?a=1&amp;b=2|the paper>"},
		{run{text: "no link", style: link, url: "ftp://example.org"}, "no link"},
	}
	for _, tt := range tests {
		if got := tt.r.render(); got != tt.want {
			t.Errorf("%+v renders as %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestSplitKeepsEverythingWithinLimit(t *testing.T) {
	text := strings.Repeat("Open weights & <safety> matter. ", 300) + strings.Repeat("x", 5000)
	spans := []bot.Span{{Start: 0, End: 12}, {Start: 40, End: 3000}, {Start: 9000, End: 9600}}
	for _, quoted := range []bool{false, true} {
		p := para{runs: append(wordRuns(card.Pieces(text, spans)), run{text: "source", style: link, url: "https://example.org/" + strings.Repeat("a", 100)}), quoted: quoted}
		pieces := p.split(maxSectionText)
		if len(pieces) < 4 {
			t.Fatalf("quoted=%v: %d pieces for %d characters", quoted, len(pieces), len(text))
		}
		var joined strings.Builder
		for i, piece := range pieces {
			s := piece.render()
			if n := runeLen(s); n > maxSectionText {
				t.Errorf("quoted=%v: piece %d has %d characters", quoted, i, n)
			}
			if piece.quoted != quoted {
				t.Errorf("piece %d: quoted %v, want %v", i, piece.quoted, quoted)
			}
			for _, r := range piece.runs {
				joined.WriteString(r.text)
			}
		}
		squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if got, want := squash(joined.String()), squash(text+"source"); got != want {
			t.Errorf("quoted=%v: split lost text: %d characters, want %d", quoted, len(got), len(want))
		}
	}
}

func TestSplitTurnsAnOverlongLinkIntoText(t *testing.T) {
	u := "https://example.org/" + strings.Repeat("a", 200)
	pieces := para{runs: []run{{text: strings.Repeat("b", 50), style: link, url: u}}}.split(100)
	var all strings.Builder
	for _, p := range pieces {
		s := p.render()
		if runeLen(s) > 100 {
			t.Errorf("piece of %d characters", runeLen(s))
		}
		all.WriteString(s)
	}
	if !strings.Contains(strings.ReplaceAll(all.String(), "\n", ""), "aaaa") {
		t.Errorf("the URL was lost: %q", all.String())
	}
}

func TestRichBlock(t *testing.T) {
	const words = "a *b* _c_ ~d~ `e` <f> & &amp; <@U012AB3CD> <!here>"
	b := richBlock([]para{
		{runs: []run{{text: "Name", style: bold}, {text: " — role"}}},
		{runs: []run{{text: "“"}, {text: words}, {text: "”"}}, quoted: true},
		{runs: []run{{text: "direct quote", style: italic}, {text: " · "}, {text: "link", style: link, url: "https://example.org/?a=1&b=2"},
			{text: " · "}, {text: "not a link", style: link, url: "javascript:alert(1)"}, {text: ""}}},
		{runs: []run{{text: "Note"}}},
	})
	// Text elements keep every character; the link is a link element; the
	// empty run is left out.
	golden.Check(t, filepath.Join("testdata", "richtext", "block.json"), goldenJSON(t, b), *update)
}
