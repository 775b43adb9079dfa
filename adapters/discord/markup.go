package discord

import (
	"strings"
	"unicode"

	"github.com/stancebot/stancebot/adapters/internal/styled"
)

// markdown renders t as Discord markdown, trimmed: its text escaped, so
// that the only markup in a message is the emphasis we put there, and a
// link as its address in angle brackets (shown as a link, without a
// preview). Discord's links show their address: a link's text is its URL.
func markdown(t styled.Text) string {
	var b strings.Builder
	lineStart := true
	for _, s := range t {
		switch s.Style {
		case styled.Plain:
			lineStart = escapeTo(&b, s.Text, lineStart)
		case styled.Link:
			b.WriteString("<" + s.URL + ">")
			lineStart = false
		default:
			marker := "**"
			if s.Style == styled.Italic {
				marker = "*"
			}
			lead, core, trail := styled.Edges(s.Text)
			lineStart = escapeTo(&b, lead, lineStart)
			if core == "" {
				continue
			}
			b.WriteString(marker)
			escapeTo(&b, core, false)
			b.WriteString(marker)
			lineStart = escapeTo(&b, trail, false)
		}
	}
	return strings.TrimSpace(b.String())
}

// mdLen is the length of t's markdown, as Discord counts it toward its
// limits: the cost of styled text that Split keeps pieces within.
func mdLen(t styled.Text) int { return runes(markdown(t)) }

// pieces is t cut into pieces whose markdown is at most limit characters.
func pieces(t styled.Text, limit int) []styled.Text { return t.Split(limit, mdLen) }

// escapeTo writes s with Discord markdown escaped and reports whether the
// output ends at the start of a line.
func escapeTo(b *strings.Builder, s string, lineStart bool) bool {
	for i, c := range s {
		switch c {
		case '\\', '*', '_', '~', '`', '|', '<', '>', '[', ']', '#':
			b.WriteByte('\\')
		case '-', '+':
			if lineStart {
				b.WriteByte('\\')
			}
		case '.':
			if lineStart && i > 0 && isDigitRun(s[:i]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(c)
		switch {
		case c == '\n':
			lineStart = true
		case unicode.IsDigit(c) || c == ' ' || c == '\t':
			// a list marker may still follow: "  1. " or "  - "
		default:
			lineStart = false
		}
	}
	return lineStart
}

// isDigitRun reports whether the last line of s, after its indentation, is
// all digits ("12" in "  12").
func isDigitRun(s string) bool {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimLeft(s, " \t")
	if s == "" {
		return false
	}
	for _, c := range s {
		if !unicode.IsDigit(c) {
			return false
		}
	}
	return true
}

// escape is markdown of plain text.
func escape(s string) string { return markdown(styled.Plain.Of(s)) }
