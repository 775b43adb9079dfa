package seeds

import (
	"sort"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// The grid's text is lossy: each row is its expertise label followed by
// its cells flattened in column order, every named face as "• Name" and
// every empty cell as one "·". Cells that hold faces leave no mark of
// where one ends and the next begins.
const (
	emptyCell   = "·"
	opposerMark = "×"
)

// Grid is the page's expertise x recognition grid: as printed (Columns,
// Rows) and as resolved (Faces, Unnamed).
type Grid struct {
	Columns []bot.Recognition // in the page's order
	Rows    []GridRow
	Faces   []GridFace // every named face, in page order, with its placement
	Unnamed []GridCell // cells that hold a face the export does not name
}

// GridRow is one expertise row as printed.
type GridRow struct {
	Expertise bot.Expertise
	Items     []GridItem
	Line      int
}

// GridItem is a named face, or an empty cell when Name is "".
type GridItem struct {
	Name    string
	Opposer bool // the face is marked × (a profiled opposer)
}

// GridFace is a named face with where the import placed it.
type GridFace struct {
	Name        string
	PersonID    string // "" when the person is not on the record
	Opposer     bool
	Expertise   bot.Expertise
	Recognition bot.Recognition   // "" when it could not be resolved
	Candidates  []bot.Recognition // the columns the face may be in
}

// GridCell is one cell of the grid.
type GridCell struct {
	Expertise   bot.Expertise
	Recognition bot.Recognition
	Count       int // the unnamed people in it, when the page tells (a row's only such cell); else 0
}

// parseGrid finds the grid header ("expertise ↓ · recognition →" and the
// column labels) and reads the rows below it up to the first blank line.
func (p *boardParser) parseGrid(head []line) Grid {
	i := p.find(0, len(head), isGridHeader)
	if i < 0 {
		p.warnf("no expertise x recognition grid on the page")
		return Grid{}
	}
	hdr := head[i]
	cols, ok := gridColumns(hdr.text)
	if !ok {
		p.warnf("grid: line %d: cannot read the column labels; grid not used", hdr.n)
		return Grid{}
	}
	g := Grid{Columns: cols}
	seen := map[bot.Expertise]bool{}
	var row *GridRow
	for _, l := range p.all[hdr.n:] { // the lines after the header
		if l.text == "" {
			break
		}
		rest := l.text
		if e, after, ok := cutExpertise(l.text); ok {
			if seen[e] {
				p.warnf("grid: line %d: a second %s row; ignored", l.n, e.Label())
				row = nil
				continue
			}
			seen[e] = true
			g.Rows = append(g.Rows, GridRow{Expertise: e, Line: l.n})
			row, rest = &g.Rows[len(g.Rows)-1], after
		}
		if row == nil {
			break
		}
		items, ok := gridItems(rest)
		if !ok {
			break
		}
		row.Items = append(row.Items, items...)
	}
	return g
}

// isGridHeader reports whether a line is the grid's header
// ("expertise ↓ · recognition →Household name...").
func isGridHeader(s string) bool {
	f := bot.Fold(s)
	return strings.HasPrefix(f, "expertise") && strings.Contains(f, "recognition") && !strings.HasPrefix(f, "expertise mix")
}

// gridColumns reads the recognition labels glued together after the arrow.
func gridColumns(header string) ([]bot.Recognition, bool) {
	rest := header
	if i := strings.LastIndex(rest, "→"); i >= 0 {
		rest = rest[i+len("→"):]
	}
	labels := make([]bot.Recognition, len(bot.Recognitions))
	copy(labels, bot.Recognitions)
	sort.SliceStable(labels, func(i, j int) bool { return len(labels[i].Label()) > len(labels[j].Label()) })
	var cols []bot.Recognition
	seen := map[bot.Recognition]bool{}
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		found := false
		for _, r := range labels {
			l := r.Label()
			if len(rest) >= len(l) && strings.EqualFold(rest[:len(l)], l) && !seen[r] {
				cols, rest, found, seen[r] = append(cols, r), rest[len(l):], true, true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return cols, len(cols) > 0
}

// cutExpertise splits a line that starts with an expertise label (the
// longest that matches) into the tier and the rest of the line.
func cutExpertise(s string) (bot.Expertise, string, bool) {
	var best bot.Expertise
	for _, e := range bot.Expertises {
		l := e.Label()
		if len(l) > len(best.Label()) && len(s) >= len(l) && strings.EqualFold(s[:len(l)], l) {
			best = e
		}
	}
	if best == "" {
		return "", "", false
	}
	return best, s[len(best.Label()):], true
}

// gridItems reads a line's dots and "• Name" faces; ok is false when the
// line holds anything else (the grid has ended).
func gridItems(s string) ([]GridItem, bool) {
	var items []GridItem
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		switch {
		case strings.HasPrefix(s, emptyCell):
			items, s = append(items, GridItem{}), s[len(emptyCell):]
		case strings.HasPrefix(s, bullet):
			s = s[len(bullet):]
			end := len(s)
			for _, stop := range []string{emptyCell, bullet} {
				if j := strings.Index(s, stop); j >= 0 && j < end {
					end = j
				}
			}
			name := strings.TrimSpace(s[:end])
			it := GridItem{Name: strings.TrimSpace(strings.ReplaceAll(name, opposerMark, ""))}
			it.Opposer = it.Name != name
			if it.Name != "" {
				items = append(items, it)
			}
			s = s[end:]
		default:
			return nil, false
		}
	}
	return items, true
}
