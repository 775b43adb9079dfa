package discord

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stancebot/stancebot/adapters/internal/card"
)

// style is how a run of rich text is emphasised.
type style int

const (
	stylePlain style = iota
	styleBold
	styleItalic
	// styleRaw is our own markup (links), written as is and never split.
	styleRaw
)

// seg is a run of text from the data, in one style.
type seg struct {
	text  string
	style style
}

// rich is text made of runs; markdown renders it with the data escaped, so
// the only markup in a message is the emphasis we put there.
type rich []seg

func plain(s string) rich  { return rich{{text: s}} }
func bold(s string) rich   { return rich{{text: s, style: styleBold}} }
func italic(s string) rich { return rich{{text: s, style: styleItalic}} }
func raw(s string) rich    { return rich{{text: s, style: styleRaw}} }

// join concatenates rich texts with a plain separator between non-empty ones.
func join(sep string, parts ...rich) rich {
	var out rich
	for _, p := range parts {
		if p.empty() {
			continue
		}
		if len(out) > 0 {
			out = append(out, seg{text: sep})
		}
		out = append(out, p...)
	}
	return out
}

func (r rich) empty() bool {
	for _, s := range r {
		if strings.TrimSpace(s.text) != "" {
			return false
		}
	}
	return true
}

// words renders a quote's pieces, the highlighted ones in bold.
func words(ps []card.Piece) rich {
	var out rich
	for _, p := range ps {
		if p.Highlight {
			out = appendSeg(out, seg{text: p.Text, style: styleBold})
		} else {
			out = appendSeg(out, seg{text: p.Text})
		}
	}
	return out
}

// markdown renders r as Discord markdown, trimmed.
func (r rich) markdown() string {
	var b strings.Builder
	lineStart := true
	for _, s := range r {
		switch s.style {
		case stylePlain:
			lineStart = escapeTo(&b, s.text, lineStart)
		case styleRaw:
			b.WriteString(s.text)
			lineStart = strings.HasSuffix(s.text, "\n")
		default:
			marker := "**"
			if s.style == styleItalic {
				marker = "*"
			}
			core := strings.TrimSpace(s.text)
			lead := s.text[:strings.Index(s.text, core)]
			if core == "" {
				lineStart = escapeTo(&b, s.text, lineStart)
				continue
			}
			trail := s.text[len(lead)+len(core):]
			lineStart = escapeTo(&b, lead, lineStart)
			b.WriteString(marker)
			escapeTo(&b, core, false)
			b.WriteString(marker)
			lineStart = escapeTo(&b, trail, false)
		}
	}
	return strings.TrimSpace(b.String())
}

// length is the number of characters of r's markdown, as Discord counts them.
func (r rich) length() int { return utf8.RuneCountInString(r.markdown()) }

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
func escape(s string) string { return plain(s).markdown() }

// split cuts r into pieces whose markdown is at most limit characters each,
// at white space where it can, so that no emphasis or escape is cut in two.
func (r rich) split(limit int) []rich {
	if r.length() <= limit {
		return []rich{r}
	}
	var out []rich
	var cur rich
	size := 0 // an upper bound of cur's markdown length
	for _, tok := range r.tokens() {
		add := tok.cost()
		if n := len(cur); n == 0 || cur[n-1].style != tok.style || tok.style == styleRaw {
			add += markerCost(tok.style)
		}
		if size+add <= limit {
			cur, size = appendSeg(cur, tok), size+add
			continue
		}
		if !cur.empty() {
			out = append(out, cur)
		}
		cur, size = rich{tok}, tok.cost()+markerCost(tok.style)
		if size > limit {
			pieces := hardSplit(tok, limit)
			out = append(out, pieces[:len(pieces)-1]...)
			cur = pieces[len(pieces)-1]
			size = cur.length()
		}
	}
	if !cur.empty() {
		out = append(out, cur)
	}
	return out
}

// escapable are the characters escapeTo may put a backslash before.
const escapable = "\\*_~`|<>[]#-+."

// cost is an upper bound of the markdown length of s without its markers:
// every character that may be escaped counts twice.
func (s seg) cost() int {
	if s.style == styleRaw {
		return runes(s.text)
	}
	n := 0
	for _, c := range s.text {
		n++
		if strings.ContainsRune(escapable, c) {
			n++
		}
	}
	return n
}

// markerCost is the length of the markers around a run in style st.
func markerCost(st style) int {
	switch st {
	case styleBold:
		return 4
	case styleItalic:
		return 2
	}
	return 0
}

// tokens cuts r into words, each with the white space that follows it.
func (r rich) tokens() []seg {
	var out []seg
	for _, s := range r {
		if s.style == styleRaw {
			out = append(out, s)
			continue
		}
		start := 0
		inSpace := false
		for i, c := range s.text {
			sp := unicode.IsSpace(c)
			if inSpace && !sp {
				out = append(out, seg{text: s.text[start:i], style: s.style})
				start = i
			}
			inSpace = sp
		}
		if start < len(s.text) {
			out = append(out, seg{text: s.text[start:], style: s.style})
		}
	}
	return out
}

// appendSeg returns r with s appended, merged into the last run when it has
// the same style (so one pair of markers covers several words).
func appendSeg(r rich, s seg) rich {
	if n := len(r); n > 0 && r[n-1].style == s.style && s.style != styleRaw {
		r[n-1].text += s.text
		return r
	}
	return append(r, s)
}

// hardSplit cuts one over-long word into pieces that fit, at rune boundaries.
func hardSplit(s seg, limit int) []rich {
	var out []rich
	text := s.text
	for text != "" {
		n := fitPrefix(s.style, text, limit)
		out = append(out, rich{{text: text[:n], style: s.style}})
		text = text[n:]
	}
	return out
}

// fitPrefix returns the byte length of the longest prefix of text whose
// markdown in style st fits limit (at least one rune).
func fitPrefix(st style, text string, limit int) int {
	var cuts []int // byte offsets after each rune
	for i := range text {
		if i > 0 {
			cuts = append(cuts, i)
		}
	}
	cuts = append(cuts, len(text))
	k := sort.Search(len(cuts), func(k int) bool {
		return (rich{{text: text[:cuts[k]], style: st}}).length() > limit
	})
	if k == 0 {
		return cuts[0]
	}
	return cuts[k-1]
}
