package styled

import (
	"math/bits"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stancebot/stancebot/adapters/internal/card"
)

// toy renders text in a markup like the platforms': ** and _ around bold
// and italic runs, [text](url) for a link, * escaped as \*.
func toy(t Text) string {
	var b strings.Builder
	for _, r := range t {
		esc := strings.ReplaceAll(r.Text, "*", `\*`)
		switch {
		case r.Style == Link:
			b.WriteString("[" + esc + "](" + r.URL + ")")
		case r.Text == "":
		case r.Style == Bold:
			b.WriteString("**" + esc + "**")
		case r.Style == Italic:
			b.WriteString("_" + esc + "_")
		default:
			b.WriteString(esc)
		}
	}
	return b.String()
}

// toyCost is toy's length in runes.
func toyCost(t Text) int { return utf8.RuneCountInString(toy(t)) }

// maxUnitCost is the most one rune costs in toy markup: \* in bold.
const maxUnitCost = 6

func TestJoin(t *testing.T) {
	tests := []struct {
		name  string
		parts []Text
		want  Text
	}{
		{"none", nil, nil},
		{"one", []Text{Bold.Of("a")}, Text{{Text: "a", Style: Bold}}},
		{"separated", []Text{Bold.Of("a"), Italic.Of("b")}, Text{{Text: "a", Style: Bold}, {Text: " · "}, {Text: "b", Style: Italic}}},
		{"empty parts left out", []Text{nil, Plain.Of(" \n"), Plain.Of("a"), Italic.Of(""), LinkTo("x", "https://x.org")},
			Text{{Text: "a"}, {Text: " · "}, {Text: "x", Style: Link, URL: "https://x.org"}}},
	}
	for _, tt := range tests {
		if got := Join(" · ", tt.parts...); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %#v, want %#v", tt.name, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	got := Words([]card.Piece{{Text: "Open "}, {Text: "weights", Highlight: true}, {Text: " matter."}})
	want := Text{{Text: "Open "}, {Text: "weights", Style: Bold}, {Text: " matter."}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%#v, want %#v", got, want)
	}
}

func TestEmpty(t *testing.T) {
	for _, tt := range []struct {
		t    Text
		want bool
	}{
		{nil, true},
		{Text{{Text: " "}, {Text: "\n\t", Style: Bold}}, true},
		{Plain.Of(" a "), false},
		{LinkTo("x", "https://x.org"), false},
	} {
		if got := tt.t.Empty(); got != tt.want {
			t.Errorf("%#v: Empty() = %v, want %v", tt.t, got, tt.want)
		}
	}
}

func TestEdges(t *testing.T) {
	for _, tt := range []struct{ in, lead, words, trail string }{
		{"", "", "", ""},
		{"word", "", "word", ""},
		{" \ttwo words\n ", " \t", "two words", "\n "},
		{"\u00a0x\u3000", "\u00a0", "x", "\u3000"},
		{" \n ", " \n ", "", ""},
	} {
		lead, words, trail := Edges(tt.in)
		if lead != tt.lead || words != tt.words || trail != tt.trail {
			t.Errorf("Edges(%q) = %q, %q, %q; want %q, %q, %q", tt.in, lead, words, trail, tt.lead, tt.words, tt.trail)
		}
	}
}

func TestSplit(t *testing.T) {
	p := func(s string) Run { return Run{Text: s} }
	b := func(s string) Run { return Run{Text: s, Style: Bold} }
	tests := []struct {
		name  string
		limit int
		in    Text
		want  []Text
	}{
		{"fits: unchanged", 20, Text{p(" a "), p(""), b("b ")}, []Text{{p(" a "), p(""), b("b ")}}},
		{"at white space", 10, Text{p("alpha beta gamma")}, []Text{{p("alpha beta")}, {p("gamma")}}},
		{"white space at a cut dropped", 7, Text{p(" alpha  \n beta ")}, []Text{{p("alpha")}, {p("beta")}}},
		{"style kept on both sides", 13, Text{p("x "), b("one two three")}, []Text{{p("x "), b("one two")}, {b("three")}}},
		{"a word across styles kept whole", 12, Text{p("say "), b("Jo"), p("ëlle now")},
			[]Text{{p("say")}, {b("Jo"), p("ëlle")}, {p("now")}}},
		{"escapes counted", 5, Text{p("a*b c")}, []Text{{p("a*b")}, {p("c")}}},
		{"a long word cut at runes", 2, Text{p("ééééé")}, []Text{{p("éé")}, {p("éé")}, {p("é")}}},
		{"a long word cut, then words", 5, Text{p("abcdefgh ij kl")}, []Text{{p("abcde")}, {p("fgh")}, {p("ij kl")}}},
		{"a long word across styles cut at runes", 8, Text{b("abc"), p("defgh")},
			[]Text{{b("abc"), p("d")}, {p("efgh")}}},
		{"a link whole", 14, Text{p("see "), Run{Text: "the paper", Style: Link, URL: "u"}, p(" now")},
			[]Text{{p("see")}, {Run{Text: "the paper", Style: Link, URL: "u"}}, {p("now")}}},
		{"a link in a word", 14, Text{p("see "), Run{Text: "the paper", Style: Link, URL: "u"}, p(".")},
			[]Text{{p("see")}, {Run{Text: "the paper", Style: Link, URL: "u"}}, {p(".")}}},
		{"a link too long for a piece becomes text", 10, Text{p("a "), Run{Text: "paper", Style: Link, URL: "https://e.org"}},
			[]Text{{p("a "), p("paper")}, {p("(https://e")}, {p(".org)")}}},
		{"a link shown as its address", 8, LinkTo("https://e.org/x", "https://e.org/x"),
			[]Text{{p("https://")}, {p("e.org/x")}}},
		{"no-break spaces hold", 6, Text{p("10\u00a0% of 9")}, []Text{{p("10\u00a0%")}, {p("of 9")}}},
		{"empty runs left out", 5, Text{p("aa "), p(""), b("b"), p(" cc")}, []Text{{p("aa")}, {b("b")}, {p("cc")}}},
		{"a rune over a tiny limit alone", 3, Text{b("ab")}, []Text{{b("a")}, {b("b")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.Split(tt.limit, toyCost)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Split(%d) =\n%#v\nwant\n%#v", tt.limit, got, tt.want)
			}
		})
	}
}

func TestFit(t *testing.T) {
	tests := []struct {
		text  string
		st    Style
		limit int
		want  int
	}{
		{"", Plain, 5, 0},
		{"héllo", Plain, 3, len("hél")},
		{"héllo", Plain, 9, len("héllo")},
		{"*ab", Plain, 2, 1},
		{"*ab", Plain, 3, 2},
		{"abc", Bold, 6, 2},
		{"x", Bold, 1, 1}, // the first rune even over the limit
		{"éa", Bold, 0, len("é")},
	}
	for _, tt := range tests {
		if got := Fit(tt.text, tt.st, tt.limit, toyCost); got != tt.want {
			t.Errorf("Fit(%q, %v, %d) = %d, want %d", tt.text, tt.st, tt.limit, got, tt.want)
		}
	}
}

func TestFitting(t *testing.T) {
	for n := range 70 {
		for k := range n + 1 {
			calls := 0
			got := fitting(n, func(i int) bool {
				if i < 0 || i >= n {
					t.Fatalf("n=%d: candidate %d asked", n, i)
				}
				calls++
				return i < k
			})
			if got != k {
				t.Errorf("n=%d, %d fit: fitting = %d", n, k, got)
			}
			if most := 2*bits.Len(uint(k)) + 3; calls > most {
				t.Errorf("n=%d, %d fit: %d calls, want at most %d", n, k, calls, most)
			}
		}
	}
}

// elem is one rune of text, or a whole link, with the run it came from.
type elem struct {
	text, url string
	style     Style
	run       int
}

func (e elem) space() bool {
	c, _ := utf8.DecodeRuneInString(e.text)
	return e.style != Link && breaks(c)
}

// elems flattens runs; run numbers the runs from run0.
func elems(t Text, run0 int) []elem {
	var out []elem
	for i, r := range t {
		if r.Style == Link {
			out = append(out, elem{text: r.Text, url: r.URL, style: Link, run: run0 + i})
			continue
		}
		for _, c := range r.Text {
			out = append(out, elem{text: string(c), style: r.Style, run: run0 + i})
		}
	}
	return out
}

// text regroups elements into runs, a run per source run.
func text(es []elem) Text {
	var out Text
	for i, e := range es {
		if i > 0 && es[i-1].run == e.run && e.style != Link {
			out[len(out)-1].Text += e.text
			continue
		}
		out = append(out, Run{Text: e.text, Style: e.style, URL: e.url})
	}
	return out
}

// runsOf makes fuzz input into text: runs cut at '|', styled by the bytes
// of styles in turn.
func runsOf(s, styles string) Text {
	var out Text
	for i, part := range strings.Split(s, "|") {
		st := Plain
		if styles != "" {
			st = Style(styles[i%len(styles)] % 4)
		}
		r := Run{Text: part, Style: st}
		if st == Link {
			r.URL = "https://e.org/" + strconv.Itoa(i)
		}
		out = append(out, r)
	}
	return out
}

// FuzzSplit checks that Split keeps every piece within the limit, loses
// nothing but white space where it cuts, reorders nothing, keeps every
// rune and link whole in its style, cuts a word only when it alone is too
// long, and ends a piece only when the next word does not fit.
func FuzzSplit(f *testing.F) {
	f.Add("alpha beta gamma", "", 10)
	f.Add("Open weights |matter| a lot.|https://x.org/paper| and *this*", "\x00\x01\x00\x03\x02", 12)
	f.Add(strings.Repeat("ë*", 40)+"|"+strings.Repeat("word ", 30), "\x01\x00", 20)
	f.Add("a\n\n- b\n1. c||| | x", "\x02\x00\x01\x03", 6)
	f.Add("long link text here|", "\x03", 8)
	f.Fuzz(func(t *testing.T, s, styles string, limit int) {
		if !utf8.ValidString(s) || limit < maxUnitCost || limit > 400 {
			return
		}
		in := runsOf(s, styles)
		pieces := in.Split(limit, toyCost)
		if toyCost(in) <= limit {
			if !reflect.DeepEqual(pieces, []Text{in}) {
				t.Fatalf("text that fits was changed: %#v", pieces)
			}
			return
		}
		// Match the pieces against the text, element by element; a
		// link too long for a piece is matched as the text it is shown as.
		var shown Text
		for _, r := range in {
			if r.Style == Link && toyCost(Text{r}) > limit {
				r = Run{Text: shownPlain(r)}
			}
			shown = append(shown, r)
		}
		want := elems(shown, 0)
		starts := make([]int, len(pieces)) // where in want each piece starts
		i := 0
		for k, p := range pieces {
			if n := toyCost(p); n > limit {
				t.Fatalf("piece %d costs %d, over %d: %q", k, n, limit, toy(p))
			}
			if !utf8.ValidString(toy(p)) {
				t.Fatalf("piece %d cuts a rune: %q", k, toy(p))
			}
			got := elems(p, 0)
			if len(got) == 0 || got[0].space() || got[len(got)-1].space() {
				t.Fatalf("piece %d is empty or starts or ends with white space: %#v", k, p)
			}
			for i < len(want) && want[i].space() {
				i++
			}
			starts[k] = i
			for j, g := range got {
				if i == len(want) {
					t.Fatalf("piece %d goes on past the text: %#v", k, p)
				}
				if w := want[i]; g.text != w.text || g.style != w.style || g.url != w.url ||
					(j > 0 && (got[j-1].run == g.run) != (want[i-1].run == w.run)) {
					t.Fatalf("piece %d: %q (style %d) where the text has %q (style %d)", k, g.text, g.style, w.text, w.style)
				}
				i++
			}
		}
		for ; i < len(want); i++ {
			if !want[i].space() {
				t.Fatalf("split lost %q and what follows", want[i].text)
			}
		}
		wordEnd := func(i int) int {
			for i < len(want) && !want[i].space() {
				i++
			}
			return i
		}
		for k := 1; k < len(pieces); k++ {
			at, prevEnd := starts[k], starts[k-1]+len(elems(pieces[k-1], 0))
			if at > prevEnd {
				// A cut at white space: the next word did not fit.
				if next := text(want[starts[k-1]:wordEnd(at)]); toyCost(next) <= limit {
					t.Fatalf("piece %d ends before a word that fits: %q", k-1, toy(next))
				}
				continue
			}
			// A cut inside a word: the word alone is too long, and the
			// piece holds as much of it as fits.
			if toyCost(text(want[starts[k-1]:at+1])) <= limit {
				t.Fatalf("piece %d ends before %q, which fits", k-1, want[at].text)
			}
			start := at
			for start > 0 && !want[start-1].space() {
				start--
			}
			if word := text(want[start:wordEnd(at)]); toyCost(word) <= limit {
				t.Fatalf("piece %d cuts %q, which fits a piece", k-1, toy(word))
			}
		}
	})
}
