package discord

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stancebot/stancebot/adapters/internal/card"
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
		if got := words(card.Pieces(text, tc.spans)).markdown(); got != tc.want {
			t.Errorf("spans %v: %q, want %q", tc.spans, got, tc.want)
		}
	}
}

func TestSplit(t *testing.T) {
	text := strings.Repeat("alpha *beta* gamma ", 50)
	r := words(card.Pieces(text, []bot.Span{{Start: 6, End: 200}}))
	pieces := r.split(100)
	if len(pieces) < 2 {
		t.Fatalf("%d pieces", len(pieces))
	}
	for i, p := range pieces {
		md := p.markdown()
		if runes(md) > 100 {
			t.Errorf("piece %d: %d characters", i, runes(md))
		}
		if strings.Count(md, "**")%2 != 0 {
			t.Errorf("piece %d cuts an emphasis in two: %q", i, md)
		}
		if strings.HasSuffix(strings.TrimRight(md, "\\"), "\\") != strings.HasSuffix(md, "\\") {
			t.Errorf("piece %d ends inside an escape: %q", i, md)
		}
	}
	if got, want := strings.Join(strings.Fields(plainOf(pieces)), " "), strings.Join(strings.Fields(text), " "); got != want {
		t.Errorf("split lost text:\n%s\nwant\n%s", got, want)
	}
	long := plain(strings.Repeat("x", 250))
	for _, p := range long.split(100) {
		if runes(p.markdown()) > 100 {
			t.Errorf("a long word piece of %d characters", runes(p.markdown()))
		}
	}
}

// plainOf is the data text of rich pieces, without markup.
func plainOf(pieces []rich) string {
	var b strings.Builder
	for _, p := range pieces {
		for _, s := range p {
			b.WriteString(s.text)
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
	f.Fuzz(func(t *testing.T, text string, start, end, limit int) {
		if !utf8.ValidString(text) || limit < 20 || limit > 5000 {
			return
		}
		pieces := words(card.Pieces(text, []bot.Span{{Start: start, End: end}})).split(limit)
		for _, p := range pieces {
			md := p.markdown()
			if runes(md) > limit {
				t.Fatalf("piece of %d characters over %d: %q", runes(md), limit, md)
			}
		}
		if got, want := strings.Join(strings.Fields(plainOf(pieces)), ""), strings.Join(strings.Fields(text), ""); got != want {
			t.Fatalf("split lost text: %q, want %q", got, want)
		}
	})
}
