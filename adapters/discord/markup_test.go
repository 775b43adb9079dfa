package discord

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/adapters/internal/styled"
	"github.com/stancebot/stancebot/bot"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain words":              "plain words",
		"*bold* _it_ ~~s~~":        `\*bold\* \_it\_ \~\~s\~\~`,
		"`code` ||spoil||":         "\\`code\\` \\|\\|spoil\\|\\|",
		"[a](https://x.org)":       `\[a\](https://x.org)`,
		"<@123> <#456>":            `\<@123\> \<\#456\>`,
		"# head\n> quote":          "\\# head\n\\> quote",
		"- item\n+ item\n  - item": "\\- item\n\\+ item\n  \\- item",
		"1. first\n 12. second":    "1\\. first\n 12\\. second",
		"open-source 3.5 a-b":      "open-source 3.5 a-b",
		`back\slash`:               `back\\slash`,
		"  padded  ":               "padded",
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHighlighted(t *testing.T) {
	text := "Joëlle said open weights matter."
	for _, tc := range []struct {
		spans []bot.Span
		want  string
	}{
		{nil, "Joëlle said open weights matter."},
		{[]bot.Span{{Start: 13, End: 25}}, "Joëlle said **open weights** matter."},
		{[]bot.Span{{Start: 13, End: 18}, {Start: 15, End: 25}}, "Joëlle said **open weights** matter."},
		{[]bot.Span{{Start: 0, End: 3}}, "**Jo**ëlle said open weights matter."},                            // 3 is inside "ë": moved back
		{[]bot.Span{{Start: -5, End: 2}, {Start: 30, End: 99}}, "**Jo**ëlle said open weights matt**er.**"}, // clamped
		{[]bot.Span{{Start: 12, End: 13}}, "Joëlle said open weights matter."},                              // a space only
		{[]bot.Span{{Start: 9, End: 5}}, "Joëlle said open weights matter."},                                // empty
	} {
		if got := markdown(styled.Words(card.Pieces(text, tc.spans))); got != tc.want {
			t.Errorf("spans %v: %q, want %q", tc.spans, got, tc.want)
		}
	}
}

func TestMarkdown(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   styled.Text
		want string
	}{
		{"emphasis around the words, white space outside", styled.Join("\n", styled.Bold.Of(" Position: "), styled.Italic.Of("a_b\n")),
			"**Position:** \n*a\\_b*"},
		{"white space only: no markers", styled.Bold.Of("  "), ""},
		{"a link as its address", styled.Join(" · ", styled.Italic.Of("blog"), styled.LinkTo("https://x.org/a_b", "https://x.org/a_b")),
			"*blog* · <https://x.org/a_b>"},
		{"a list marker after a link is not at a line start", append(styled.LinkTo("https://x.org", "https://x.org"), styled.Run{Text: " - 1. x"}),
			"<https://x.org> - 1. x"},
	} {
		if got := markdown(tc.in); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSplit(t *testing.T) {
	text := strings.Repeat("alpha *beta* gamma ", 50)
	r := styled.Words(card.Pieces(text, []bot.Span{{Start: 6, End: 200}}))
	parts := pieces(r, 100)
	if len(parts) < 2 {
		t.Fatalf("%d pieces", len(parts))
	}
	for i, p := range parts {
		checkPiece(t, i, markdown(p), 100)
	}
	if got, want := strings.Join(strings.Fields(plainOf(parts)), " "), strings.Join(strings.Fields(text), " "); got != want {
		t.Errorf("split lost text:\n%s\nwant\n%s", got, want)
	}
	for _, p := range pieces(styled.Plain.Of(strings.Repeat("x", 250)), 100) {
		if runes(markdown(p)) > 100 {
			t.Errorf("a long word piece of %d characters", runes(markdown(p)))
		}
	}
	// A link longer than a piece is shown as its address, as text.
	long := "https://x.org/" + strings.Repeat("a_", 60)
	var all strings.Builder
	for i, p := range pieces(styled.LinkTo(long, long), 100) {
		md := markdown(p)
		checkPiece(t, i, md, 100)
		all.WriteString(md)
	}
	if got := unescape(all.String()); got != long {
		t.Errorf("the long link reads %q, want %q", got, long)
	}
}

// checkPiece fails the test when a piece's markdown is over limit, cuts an
// emphasis in two or ends inside an escape.
func checkPiece(t *testing.T, i int, md string, limit int) {
	t.Helper()
	if runes(md) > limit {
		t.Errorf("piece %d: %d characters over %d: %q", i, runes(md), limit, md)
	}
	markers := 0
	for j := 0; j < len(md); j++ {
		switch md[j] {
		case '\\':
			if j++; j == len(md) {
				t.Errorf("piece %d ends inside an escape: %q", i, md)
			}
		case '*':
			markers++
		}
	}
	if markers%2 != 0 {
		t.Errorf("piece %d cuts an emphasis in two: %q", i, md)
	}
}

// plainOf is the data text of pieces, without markup.
func plainOf(pieces []styled.Text) string {
	var b strings.Builder
	for _, p := range pieces {
		for _, s := range p {
			b.WriteString(s.Text)
		}
		b.WriteByte(' ')
	}
	return b.String()
}

// unescape removes the backslashes escape adds.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\*_~`|<>[]#-+.", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "*x*", "\\", "1. a\n- b", "<@1> [a](b)", "ë ||s|| `c`", "\\*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got := unescape(escape(s)); got != strings.TrimSpace(s) {
			t.Fatalf("escape(%q) = %q, which reads back as %q", s, escape(s), got)
		}
	})
}

func FuzzSplit(f *testing.F) {
	f.Add("alpha beta gamma", 0, 5, 20)
	f.Add(strings.Repeat("ë*", 100), 3, 50, 30)
	f.Add("a\n\n- b\n1. c", 0, 1, 40)
	f.Add("x **y** \\*z\\* _w_ 1. 2. - + > # [a](b)", 2, 30, 20)
	f.Fuzz(func(t *testing.T, text string, start, end, limit int) {
		if !utf8.ValidString(text) || limit < 20 || limit > 5000 {
			return
		}
		parts := pieces(styled.Words(card.Pieces(text, []bot.Span{{Start: start, End: end}})), limit)
		for i, p := range parts {
			checkPiece(t, i, markdown(p), limit)
		}
		if got, want := strings.Join(strings.Fields(plainOf(parts)), ""), strings.Join(strings.Fields(text), ""); got != want {
			t.Fatalf("split lost text: %q, want %q", got, want)
		}
	})
}
