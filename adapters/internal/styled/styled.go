// Package styled is the text model the adapters share: runs of text in a
// style (plain, bold, italic, a link), and the one rule for cutting such
// text into pieces that fit a platform's limit: at white space where it
// can, a word only when it alone is too long, never inside a rune or a
// link. The platform's markup and what it costs stay in the adapter: it
// renders the runs and gives Split the length it counts.
package styled

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stancebot/stancebot/adapters/internal/card"
)

// Style is how a run of text is shown.
type Style int

// The styles of a run.
const (
	Plain Style = iota
	Bold
	Italic
	// Link is text that links to its run's URL. A piece holds a link whole
	// or, when it fits no piece, as plain text (see Split).
	Link
)

// Run is data text in one style. Its text is never markup: an adapter
// escapes it when it renders it.
type Run struct {
	Text  string
	Style Style
	URL   string // a Link's address
}

// Text is runs shown one after the other.
type Text []Run

// Of is s as text in style st; a link is made with LinkTo, which gives its
// address.
func (st Style) Of(s string) Text { return Text{{Text: s, Style: st}} }

// LinkTo is text that links to url.
func LinkTo(text, url string) Text { return Text{{Text: text, Style: Link, URL: url}} }

// Join concatenates texts with a plain separator between those that are
// not Empty, leaving the empty ones out.
func Join(sep string, parts ...Text) Text {
	var out Text
	for _, p := range parts {
		if p.Empty() {
			continue
		}
		if len(out) > 0 {
			out = append(out, Run{Text: sep})
		}
		out = append(out, p...)
	}
	return out
}

// Words is a quote's pieces as text, the highlighted ones in bold.
func Words(ps []card.Piece) Text {
	out := make(Text, 0, len(ps))
	for _, p := range ps {
		r := Run{Text: p.Text}
		if p.Highlight {
			r.Style = Bold
		}
		out = append(out, r)
	}
	return out
}

// Empty reports whether t has nothing but white space.
func (t Text) Empty() bool {
	for _, r := range t {
		if strings.TrimSpace(r.Text) != "" {
			return false
		}
	}
	return true
}

// Edges cuts s into its leading white space, its words and its trailing
// white space: a style's markers go around the words only, as platforms
// ignore emphasis that starts or ends with a space. Text of only white
// space is all lead.
func Edges(s string) (lead, words, trail string) {
	words = strings.TrimSpace(s)
	if words == "" {
		return s, "", ""
	}
	i := strings.Index(s, words)
	return s[:i], words, s[i+len(words):]
}

// Cost is a platform's length of text as rendered in its markup, the way
// it counts toward its limits. Adding text at the end must never make it
// smaller.
type Cost func(Text) int

// Split cuts t into pieces whose cost is at most limit each. Text that fits
// is t itself. Otherwise pieces end at white space, which is dropped where
// it cuts (a piece neither starts nor ends with it); a word is cut, at rune
// boundaries, only when it alone is too long for a piece; a link is never
// cut, and a link too long for a piece on its own is shown as plain text,
// its words then its address in parentheses, and cut like that. A piece
// keeps each part of a run in the run's style, so the adapter renders
// every piece with whole style markers. Only a limit too small for one
// rune gives a piece over the limit: that rune alone.
func (t Text) Split(limit int, cost Cost) []Text {
	if cost(t) <= limit {
		return []Text{t}
	}
	runs := slices.Clone(t)
	for i, r := range runs {
		if r.Style == Link && cost(Text{r}) > limit {
			runs[i] = Run{Text: shownPlain(r)}
		}
	}
	s := newSplitter(runs)
	var out []Text
	for at := 0; ; {
		for at < len(s.units) && s.units[at].space {
			at++
		}
		if at == len(s.units) {
			return out
		}
		fits := func(end int) bool { return cost(s.piece(at, end)) <= limit }
		// As many words as fit.
		ends := s.ends[sort.SearchInts(s.ends, at+1):]
		n := fitting(len(ends), func(i int) bool { return fits(ends[i]) })
		if n > 0 {
			out = append(out, s.piece(at, ends[n-1]))
			at = ends[n-1]
			continue
		}
		// The first word alone is too long: as much of it as fits, at
		// least its first unit.
		n = max(1, fitting(ends[0]-at-1, func(i int) bool { return fits(at + 1 + i) }))
		out = append(out, s.piece(at, at+n))
		at += n
	}
}

// shownPlain is a link as plain text: its words, then its address in
// parentheses unless the words are the address.
func shownPlain(r Run) string {
	switch {
	case r.Text == "":
		return r.URL
	case r.URL == "" || r.URL == r.Text:
		return r.Text
	}
	return r.Text + " (" + r.URL + ")"
}

// Fit is the byte length of the longest prefix of text whose cost in style
// st is at most limit: at least its first rune, never part of one.
func Fit(text string, st Style, limit int, cost Cost) int {
	if text == "" {
		return 0
	}
	var cuts []int // the end of each rune
	for i := range text {
		if i > 0 {
			cuts = append(cuts, i)
		}
	}
	cuts = append(cuts, len(text))
	n := fitting(len(cuts), func(i int) bool { return cost(st.Of(text[:cuts[i]])) <= limit })
	return cuts[max(n-1, 0)]
}

// fitting is how many of n candidates, each longer than the one before,
// fit: fits(i) must stay false once it is false. It tries O(log k)
// candidates, k the answer, so short pieces of long text cost little.
func fitting(n int, fits func(i int) bool) int {
	lo, hi := 0, 1 // every candidate below lo fits
	for hi <= n && fits(hi-1) {
		lo, hi = hi, 2*hi
	}
	hi = min(hi, n)
	return lo + sort.Search(hi-lo, func(i int) bool { return !fits(lo + i) })
}

// unit is what a piece holds whole: one rune of a run, or a whole link.
type unit struct {
	run        int
	start, end int  // bytes of the run's text
	space      bool // white space a piece may end at
}

// splitter is text cut into units, with the places where a word ends.
type splitter struct {
	runs  Text
	units []unit
	ends  []int // unit indices after a word's last unit, increasing
}

func newSplitter(runs Text) *splitter {
	s := &splitter{runs: runs}
	for i, r := range runs {
		if r.Style == Link {
			s.units = append(s.units, unit{run: i, end: len(r.Text)})
			continue
		}
		for j, c := range r.Text {
			s.units = append(s.units, unit{run: i, start: j, end: j + utf8.RuneLen(c), space: breaks(c)})
		}
	}
	for i, u := range s.units {
		if !u.space && (i+1 == len(s.units) || s.units[i+1].space) {
			s.ends = append(s.ends, i+1)
		}
	}
	return s
}

// breaks reports whether a line may break at c: white space, but not a
// no-break space.
func breaks(c rune) bool {
	switch c {
	case '\u00a0', '\u2007', '\u202f':
		return false
	}
	return unicode.IsSpace(c)
}

// piece is units [from, to) as text: each run's part in the run's style.
func (s *splitter) piece(from, to int) Text {
	var out Text
	first, last := s.units[from], s.units[to-1]
	for r := first.run; r <= last.run; r++ {
		run := s.runs[r]
		start, end := 0, len(run.Text)
		if r == first.run {
			start = first.start
		}
		if r == last.run {
			end = last.end
		}
		if start < end || run.Style == Link {
			run.Text = run.Text[start:end]
			out = append(out, run)
		}
	}
	return out
}
