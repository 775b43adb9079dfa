package slack

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/adapters/internal/golden"
	"github.com/stancebot/stancebot/adapters/internal/styled"
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

func TestMrkdwn(t *testing.T) {
	tests := []struct {
		t    styled.Text
		want string
	}{
		{styled.Plain.Of("a <b>"), "a &lt;b&gt;"},
		{styled.Bold.Of(" two words "), " *two words* "},
		{styled.Italic.Of("line one\nline two"), "_line one_\n_line two_"},
		{styled.Bold.Of("   "), "   "},
		{styled.LinkTo("the paper", "https://example.org/?a=1&b=2"), "<https://example.org/?a=1&amp;b=2|the paper>"},
		{styled.LinkTo("no link", "ftp://example.org"), "no link"},
		{styled.Join(" · ", styled.Italic.Of("direct quote"), styled.Plain.Of("a & b")), "_direct quote_ · a &amp; b"},
	}
	for _, tt := range tests {
		if got := mrkdwn(tt.t); got != tt.want {
			t.Errorf("%+v renders as %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestSplitKeepsEverythingWithinLimit(t *testing.T) {
	text := strings.Repeat("Open weights & <safety> matter. ", 300) + strings.Repeat("x", 5000)
	spans := []bot.Span{{Start: 0, End: 12}, {Start: 40, End: 3000}, {Start: 9000, End: 9600}}
	for _, quoted := range []bool{false, true} {
		p := para{text: append(styled.Words(card.Pieces(text, spans)), styled.LinkTo("source", "https://example.org/"+strings.Repeat("a", 100))...), quoted: quoted}
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
			for _, r := range piece.text {
				joined.WriteString(r.Text)
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
	pieces := para{text: styled.LinkTo(strings.Repeat("b", 50), u)}.split(100)
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
		{text: styled.Text{{Text: "Name", Style: styled.Bold}, {Text: " — role"}}},
		{text: styled.Text{{Text: "“"}, {Text: words}, {Text: "”"}}, quoted: true},
		{text: styled.Text{{Text: "direct quote", Style: styled.Italic}, {Text: " · "}, {Text: "link", Style: styled.Link, URL: "https://example.org/?a=1&b=2"},
			{Text: " · "}, {Text: "not a link", Style: styled.Link, URL: "javascript:alert(1)"}, {Text: ""}}},
		{text: styled.Plain.Of("Note")},
	})
	// Text elements keep every character; the link is a link element; the
	// empty run is left out.
	golden.Check(t, filepath.Join("testdata", "richtext", "block.json"), goldenJSON(t, b), *update)
}

func FuzzSplit(f *testing.F) {
	f.Add("Open weights & <safety> matter.", 5, 20, 30, true)
	f.Add(strings.Repeat("a&b <c> ", 40), 0, 100, 40, false)
	f.Add("line one\n*two* _three_\n\n  four", 2, 12, 12, false)
	f.Fuzz(func(t *testing.T, text string, start, end, max int, quoted bool) {
		if !utf8.ValidString(text) || max < 12 || max > 4000 {
			return
		}
		u := "https://example.org/a?b=1&c=2"
		p := para{text: append(styled.Words(card.Pieces(text, []bot.Span{{Start: start, End: end}})), styled.LinkTo("source", u)...), quoted: quoted}
		var joined strings.Builder
		for i, piece := range p.split(max) {
			if n := runeLen(piece.render()); n > max {
				t.Fatalf("piece %d: %d characters over %d: %q", i, n, max, piece.render())
			}
			if piece.quoted != quoted {
				t.Fatalf("piece %d: quoted %v, want %v", i, piece.quoted, quoted)
			}
			for _, r := range piece.text {
				joined.WriteString(r.Text)
			}
		}
		squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
		got, want := squash(joined.String()), squash(text+"source")
		if got != want && got != squash(text+"source ("+u+")") {
			t.Fatalf("split lost text: %q, want %q", got, want)
		}
	})
}
