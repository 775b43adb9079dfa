package bot

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s lowercased, with diacritics removed and runs of white space
// collapsed to one space: "  Joëlle  PINEAU " -> "joelle pineau". It is how
// names, aliases and user input are compared.
func Fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return foldUnicode(s)
		}
	}
	return foldASCII(s)
}

// foldUnicode is Fold for any text: decomposed, so that diacritics can be
// dropped as the marks they decompose into.
func foldUnicode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// foldASCII is Fold for ASCII text, as most names are, without Unicode
// normalisation: lowercased, runs of white space collapsed to one space and
// trimmed.
func foldASCII(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || ('\t' <= c && c <= '\r'):
			space = b.Len() > 0
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Clip shortens s to at most n runes (n >= 1), marking the cut with "…".
// It is for labels and echoes of user input, never for quotes or sources,
// which are paginated instead.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Slug returns the id form of a name: folded, with every run of characters
// other than letters and digits replaced by one hyphen: "Joëlle Pineau" ->
// "joelle-pineau", "Open source." -> "open-source".
func Slug(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range Fold(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	return b.String()
}

// QuoteID derives a quote's stable id from its natural key: who said it, on
// which strategy, and its text (white space collapsed).
func QuoteID(personID, strategyID, text string) string {
	h := sha256.New()
	h.Write([]byte(personID))
	h.Write([]byte{0})
	h.Write([]byte(strategyID))
	h.Write([]byte{0})
	h.Write([]byte(OneLine(text)))
	return "q" + hex.EncodeToString(h.Sum(nil))[:15]
}

// OneLine collapses runs of white space, line ends included, to one space and
// trims the ends: for echoing the user's words and one-line messages.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Echo is user input made safe to show back: control characters stripped
// (StripControl), white space collapsed to one line, clipped to n runes.
// Every reply that repeats what a user typed repeats it through Echo.
func Echo(s string, n int) string { return Clip(OneLine(StripControl(s)), n) }

// StripControl removes what a terminal or chat client would interpret
// rather than show: ANSI escape sequences (ESC [ ... final, ESC ] ... BEL
// or ESC \, ESC and one character) and every other control character but
// newline and tab. It is how anything a user typed is made safe to echo.
func StripControl(s string) string {
	clean := true
	for _, r := range s {
		if isStripped(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b || r == 0x9b:
			i += escapeLen(s[i:], size)
			continue
		case isStripped(r):
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// isStripped reports whether StripControl drops r.
func isStripped(r rune) bool {
	return r != '\n' && r != '\t' && (unicode.IsControl(r) || r == utf8.RuneError)
}

// escapeLen is the length of the escape sequence at the start of s, whose
// introducer (ESC, or the C1 CSI) takes size bytes.
func escapeLen(s string, size int) int {
	csi := s[0] != 0x1b
	i := size
	if !csi {
		if i >= len(s) {
			return i
		}
		switch s[i] {
		case '[':
			csi = true
			i++
		case ']', 'P', '_', '^': // OSC, DCS, APC, PM: up to BEL or ESC \
			for i++; i < len(s); i++ {
				if s[i] == 0x07 {
					return i + 1
				}
				if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
					return i + 2
				}
			}
			return i
		default:
			_, n := utf8.DecodeRuneInString(s[i:])
			return i + n
		}
	}
	for ; i < len(s); i++ { // parameters and intermediates, then one final byte
		switch c := s[i]; {
		case c >= 0x40 && c <= 0x7e:
			return i + 1
		case c < 0x20 || c > 0x7e:
			return i
		}
	}
	return i
}
