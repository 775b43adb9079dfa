// Package card holds the card rules every adapter shares: the fidelity
// label, whether words go in quotation marks, the citation's parts, the
// highlighted pieces of a quote, the tier grid's cells, the page line,
// the "more" markers and the card listing a refused form's field errors.
// An adapter maps these parts to its markup and keeps them within its own
// limits; it decides none of them.
package card

import (
	"strconv"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// NotRecorded is the fidelity label of a quote whose fidelity is unknown.
const NotRecorded = "fidelity not recorded"

// SourceNotRecorded is the citation of a quote whose source is unknown.
const SourceNotRecorded = "source not recorded"

// FidelityLabel is the fidelity every quote card shows: "direct quote",
// "loose paraphrase", ..., or NotRecorded.
func FidelityLabel(f bot.Fidelity) string {
	if f == "" {
		return NotRecorded
	}
	return string(f)
}

// withStatus adds a quote's verification status to its fidelity label
// when cards show it: "loose paraphrase · unverified".
func withStatus(label string, v bot.Verification) string {
	if !v.Shown() {
		return label
	}
	return label + " · " + v.String()
}

// Quoted reports whether a quote's words go in quotation marks: only a
// direct quote's do. A paraphrase or a summary is never styled as a quotation.
func Quoted(q bot.QuoteBlock) bool { return q.Fidelity.IsDirect() }

// Part is one piece of a citation.
type Part struct {
	Kind PartKind
	Text string
}

// PartKind says which part of a source a Part is, so an adapter can style
// it (a title in italics, a URL as a link).
type PartKind int

// Citation part kinds, in citation order.
const (
	SourceType PartKind = iota
	SourceTitle
	SourcePublisher
	SourceDate
	SourceURL
	NoSource // the whole citation is SourceNotRecorded
)

// Citation is a quote's source in citation order: type, title, publisher,
// date, URL, leaving out what is not known; a source with nothing known is
// one NoSource part.
func Citation(s bot.Source) []Part {
	var out []Part
	add := func(k PartKind, t string) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, Part{Kind: k, Text: t})
		}
	}
	add(SourceType, s.Type)
	add(SourceTitle, s.Title)
	add(SourcePublisher, s.Publisher)
	add(SourceDate, s.Date.String())
	add(SourceURL, s.URL)
	if len(out) == 0 {
		return []Part{{Kind: NoSource, Text: SourceNotRecorded}}
	}
	return out
}

// Piece is a run of a quote's text, highlighted or not.
type Piece struct {
	Text      string
	Highlight bool
}

// Pieces cuts text at its highlight spans, normalised by bot.NormalizeSpans.
// Joined, the pieces' texts are exactly text.
func Pieces(text string, spans []bot.Span) []Piece {
	var out []Piece
	pos := 0
	for _, s := range bot.NormalizeSpans(text, spans) {
		if s.Start > pos {
			out = append(out, Piece{Text: text[pos:s.Start]})
		}
		out = append(out, Piece{Text: text[s.Start:s.End], Highlight: true})
		pos = s.End
	}
	if pos < len(text) || len(out) == 0 {
		out = append(out, Piece{Text: text[pos:]})
	}
	return out
}

// Quote is the platform-neutral parts of a quote card.
type Quote struct {
	Speaker string
	Role    string
	// Stance ("evolved toward"), Strategy and Summary (the stance's one
	// line) are empty when the card around the quote already says them.
	Stance   string
	Strategy string
	Summary  string
	Words    []Piece
	Quoted   bool
	Fidelity string
	Citation []Part
	Context  string
	Note     string
}

// QuoteOf takes a quote block apart.
func QuoteOf(q bot.QuoteBlock) Quote {
	out := Quote{
		Speaker:  q.Speaker,
		Role:     q.Role,
		Words:    Pieces(q.Text, q.Highlights),
		Quoted:   Quoted(q),
		Fidelity: withStatus(FidelityLabel(q.Fidelity), q.Verification),
		Citation: Citation(q.Source),
		Context:  q.Context,
		Note:     q.Note,
	}
	if q.Stance != "" {
		out.Stance, out.Strategy, out.Summary = StanceLabel(q.Stance), q.Strategy, q.Summary
	}
	return out
}

// ItemQuote takes apart a quote shown inside a list item (bot.Card.Item):
// the item already says whose stance on which strategy it is, so those are
// left out.
func ItemQuote(q bot.QuoteBlock) Quote {
	out := QuoteOf(q)
	out.Stance, out.Strategy, out.Summary = "", "", ""
	return out
}

// StanceLabel is a stance kind as words: "evolved-toward" -> "evolved toward".
func StanceLabel(k bot.StanceKind) string { return strings.ReplaceAll(string(k), "-", " ") }

// Grid is the tier grid as rows of labelled cells.
type Grid struct {
	Cols []string // recognition labels, left to right
	Rows []GridRow
}

// GridRow is one expertise tier of the grid.
type GridRow struct {
	Label string
	Cells []Cell // one per column
}

// Cell is the people of one expertise × recognition cell.
type Cell struct {
	Names   []Name
	Unnamed int // people the source places in the cell without naming them
}

// Name is one person in a cell.
type Name struct {
	Name    string
	Opposer bool
}

// Count is how many people the cell holds, named or not.
func (c Cell) Count() int { return len(c.Names) + c.Unnamed }

// UnnamedText is "2 unnamed" for a cell with people not named, "" otherwise.
func (c Cell) UnnamedText() string {
	if c.Unnamed <= 0 {
		return ""
	}
	return strconv.Itoa(c.Unnamed) + " unnamed"
}

// OpposerMark is what follows an opposer's name in a text grid.
const OpposerMark = " (opposes)"

// Text is the cell's names as one line, opposers marked, then the unnamed
// count: "Ann, Bo (opposes), 2 unnamed".
func (c Cell) Text() string {
	ns := make([]string, len(c.Names), len(c.Names)+1)
	for i, n := range c.Names {
		ns[i] = n.Name
		if n.Opposer {
			ns[i] += OpposerMark
		}
	}
	if u := c.UnnamedText(); u != "" {
		ns = append(ns, u)
	}
	return strings.Join(ns, ", ")
}

// GridOf labels a tier grid; a tier with no label is "Unknown expertise" or
// "Unknown recognition", and a missing cell is empty.
func GridOf(g bot.TierGrid) Grid {
	out := Grid{}
	for _, c := range g.Cols {
		out.Cols = append(out.Cols, labelOr(c.Label(), "Unknown recognition"))
	}
	for i, r := range g.Rows {
		row := GridRow{Label: labelOr(r.Label(), "Unknown expertise"), Cells: make([]Cell, len(g.Cols))}
		for j := range g.Cols {
			if i < len(g.Cells) && j < len(g.Cells[i]) {
				for _, f := range g.Cells[i][j] {
					row.Cells[j].Names = append(row.Cells[j].Names, Name{Name: f.Name, Opposer: f.Opposer})
				}
			}
			if i < len(g.Unnamed) && j < len(g.Unnamed[i]) {
				row.Cells[j].Unnamed = g.Unnamed[i][j]
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// Max is the most people in one cell.
func (g Grid) Max() int {
	m := 0
	for _, r := range g.Rows {
		for _, c := range r.Cells {
			m = max(m, c.Count())
		}
	}
	return m
}

// Empty reports whether no cell holds anyone.
func (g Grid) Empty() bool { return g.Max() == 0 }

func labelOr(label, unknown string) string {
	if label == "" {
		return unknown
	}
	return label
}

// PageLine is "Page 2 of 5" for a paginated reply, "" otherwise.
func PageLine(r bot.Reply) string {
	if r.Pages <= 1 {
		return ""
	}
	return "Page " + strconv.Itoa(r.Page) + " of " + strconv.Itoa(r.Pages)
}

// More is the marker left where n items did not fit: "… and 3 more".
func More(n int) string { return "… and " + strconv.Itoa(n) + " more" }

// QuoteBudgets are the quotes a list item keeps, in the order an adapter
// tries them, when a page does not fit one message: the newest, then none
// (the person's card has them all).
var QuoteBudgets = []int{1, 0}

// FewerQuotes is r with each list item's quotes cut to its first n (the
// newest), for a page that does not fit one message otherwise: an item that
// loses some says how many with a More mark and the command that shows
// them all (the person's card).
func FewerQuotes(r bot.Reply, n int) bot.Reply {
	cards := make([]bot.Card, len(r.Cards))
	for i, c := range r.Cards {
		if c.Item && len(c.Quotes) > n {
			cut := len(c.Quotes) - n
			mark := More(cut) + " quotes"
			if id := c.Quotes[0].PersonID; id != "" {
				mark += ": /person " + id
			}
			c.Quotes = c.Quotes[:n:n]
			c.Footer = strings.TrimSpace(c.Footer + "\n" + mark)
		}
		cards[i] = c
	}
	r.Cards = cards
	return r
}
