// Package console is stancebot's terminal adapter: a plain-text rendering of
// the core's replies, a read-eval-print loop, and a Sender that prints
// digests. It is the default when no chat platform is configured, and what
// `stancebot ask` and the rendering tests print.
package console

import (
	"fmt"
	"github.com/stancebot/stancebot/adapters/internal/gridpng"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/bot"
)

// Render writes the plain-text form of a reply: every card with its title,
// subtitle, text, fields, tier grid, quote cards and footer, then the
// reply's actions as "[next page: /whoendorses open-source page:2]" and
// the messages it sends to other users as "[told u1: ...]".
func Render(w io.Writer, r bot.Reply) error {
	p := &printer{w: w}
	for i, c := range r.Cards {
		if i > 0 {
			p.line("")
		}
		p.card(c)
	}
	if page := card.PageLine(r); page != "" {
		p.line("")
		p.line(page)
	}
	if len(r.Actions) > 0 {
		p.line("")
		for _, a := range r.Actions {
			p.printf("[%s: %s]\n", a.Label, a.Command)
		}
	}
	if len(r.Notices) > 0 {
		p.line("")
		for _, n := range r.Notices {
			p.block("", fmt.Sprintf("[told %s: %s]", n.UserID, n.Text))
		}
	}
	return p.err
}

// printer writes lines and keeps the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) line(s string) { p.printf("%s\n", s) }

// block writes a possibly multi-line text, each line indented.
func (p *printer) block(indent, s string) {
	for _, l := range strings.Split(s, "\n") {
		p.line(strings.TrimRight(indent+l, " "))
	}
}

func (p *printer) card(c bot.Card) {
	p.block("", c.Title)
	if c.Subtitle == "" && c.URL == "" && c.Text == "" && len(c.Fields) == 0 && c.Grid == nil && len(c.Quotes) == 0 && c.Footer == "" {
		return
	}
	p.line(strings.Repeat("=", max(3, width(c.Title))))
	if c.Subtitle != "" {
		p.block("", c.Subtitle)
	}
	if c.URL != "" {
		p.line(c.URL)
	}
	if c.Text != "" {
		p.block("", c.Text)
	}
	if len(c.Fields) > 0 {
		p.line("")
		for _, f := range c.Fields {
			p.field(f)
		}
	}
	if c.Grid != nil {
		p.line("")
		p.grid(*c.Grid)
	}
	for _, qb := range c.Quotes {
		q := card.QuoteOf(qb)
		if c.Item {
			q = card.ItemQuote(qb)
		}
		p.line("")
		p.quote(q, qb.Source.URL)
	}
	if c.Footer != "" {
		p.line("")
		p.block("", c.Footer)
	}
}

// field writes "Name: value", or the name and the value's lines indented
// below it when the value has several lines.
func (p *printer) field(f bot.Field) {
	if !strings.Contains(f.Value, "\n") {
		p.line(strings.TrimRight(f.Name+": "+f.Value, " "))
		return
	}
	p.line(f.Name + ":")
	p.block("  ", f.Value)
}

// quote writes a quote card. Only a direct quote is put in quotation marks;
// the fidelity is always shown, then the citation and the context.
func (p *printer) quote(q card.Quote, url string) {
	const in = "    "
	if q.Stance != "" {
		head := q.Stance
		if q.Strategy != "" {
			head = q.Strategy + ": " + head
		}
		if q.Summary != "" {
			head += " — " + q.Summary
		}
		p.block(in, head)
	}
	text := Highlight(q.Words)
	if q.Quoted {
		text = "“" + text + "”"
	}
	p.block(in, text)
	p.line(in + "(" + q.Fidelity + ")")
	p.block(in, Citation(q))
	if url != "" {
		p.line(in + url)
	}
	if q.Context != "" {
		p.block(in, "Context: "+q.Context)
	}
	if q.Note != "" {
		p.block(in, "Note: "+q.Note)
	}
}

// Citation is a quote card's source line: "— Speaker, source type, title,
// publisher, date", leaving out what is not known (the URL has a line of
// its own).
func Citation(q card.Quote) string {
	parts := []string{q.Speaker}
	for _, c := range q.Citation {
		if c.Kind != card.SourceURL && c.Kind != card.NoSource {
			parts = append(parts, c.Text)
		}
	}
	return "— " + strings.Join(parts, ", ")
}

// Highlight writes a quote's pieces, the highlighted ones as *word*.
func Highlight(ps []card.Piece) string {
	var b strings.Builder
	for _, p := range ps {
		if p.Highlight {
			b.WriteString("*" + p.Text + "*")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

// grid writes the tier grid as an aligned table: one column per recognition
// tier, one row per expertise tier, a name per line inside a cell, "×"
// before an opposer, "N unnamed" for people the source places there without
// naming them and "·" in an empty cell.
func (p *printer) grid(tg bot.TierGrid) {
	g := card.GridOf(tg)
	header := append([]string{"expertise ↓ · recognition →"}, g.Cols...)
	rows := [][][]string{}
	for _, r := range g.Rows {
		row := [][]string{{r.Label}}
		for _, cell := range r.Cells {
			var names []string
			for _, n := range cell.Names {
				if n.Opposer {
					names = append(names, "× "+n.Name)
				} else {
					names = append(names, n.Name)
				}
			}
			if u := cell.UnnamedText(); u != "" {
				names = append(names, u)
			}
			if len(names) == 0 {
				names = []string{"·"}
			}
			row = append(row, names)
		}
		rows = append(rows, row)
	}
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = width(h)
	}
	for _, row := range rows {
		for i, cell := range row {
			for _, l := range cell {
				widths[i] = max(widths[i], width(l))
			}
		}
	}
	p.line(tableLine(header, widths))
	for _, row := range rows {
		height := 0
		for _, cell := range row {
			height = max(height, len(cell))
		}
		for k := 0; k < height; k++ {
			cols := make([]string, len(row))
			for i, cell := range row {
				if k < len(cell) {
					cols[i] = cell[k]
				}
			}
			p.line(tableLine(cols, widths))
		}
	}
	legend := "× marks an opposer; · an empty cell."
	if tg.Unnamed != nil {
		legend += " \"unnamed\": profiled people the source places there without naming them."
	}
	p.line(legend)
}

// tableLine pads each column to its width, two spaces apart.
func tableLine(cols []string, widths []int) string {
	var b strings.Builder
	for i, c := range cols {
		b.WriteString(c)
		if i < len(cols)-1 {
			b.WriteString(strings.Repeat(" ", widths[i]-width(c)+2))
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// width is the number of characters of s, a fair measure of its width in a
// terminal for the scripts the dataset uses.
func width(s string) int { return utf8.RuneCountInString(s) }

// GridPNG is the picture of the tier grid of the reply's first card that
// has people in its grid, as a PNG; nil when there is none.
func GridPNG(r bot.Reply) ([]byte, error) {
	for _, c := range r.Cards {
		if c.Grid == nil {
			continue
		}
		if g := card.GridOf(*c.Grid); !g.Empty() {
			return gridpng.Draw(g, c.Title)
		}
	}
	return nil, nil
}
