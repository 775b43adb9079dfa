package seeds

import "github.com/stancebot/stancebot/bot"

// maxLayouts bounds the layouts tried for one grid row; a row with more
// ways to lay out its faces is left unresolved.
const maxLayouts = 4096

// layout is one way a grid row's printed items can fill its cells: the
// column of each named face, and the cells that hold only faces the
// export does not name (a non-empty cell with no "• Name").
type layout struct {
	cols    []int // per face of the row
	unnamed []int // columns of the cells with no named face
}

// gridRow is a row being resolved.
type gridRow struct {
	expertise bot.Expertise
	faces     []int    // indexes into resolver.faces
	layouts   []layout // those still consistent with everything known
	unnamed   int      // endorsers in the row the export does not name; -1 unknown
	broken    bool     // no consistent layout: its faces stay unresolved
}

// resolver places the grid's named faces in recognition columns. The
// grid fixes each face's row and the order of the cells; which cell each
// face sits in follows from the layouts of its row that agree with the
// principal voices' labels, the rows' counts in the expertise mix (how
// many faces have no name) and the columns' counts in the recognition mix.
type resolver struct {
	p          *boardParser
	cols       []bot.Recognition
	faces      []GridFace
	rows       []*gridRow
	capacity   []int // recognition mix count per column; -1 unknown
	anonCounts bool  // faces without a name are endorsers (the page has no opposers)
}

// resolveTiers fills page.Grid.Faces and Unnamed and sets the tiers of the
// people the grid places.
func resolveTiers(p *boardParser, page *BoardPage) {
	g := &page.Grid
	if len(g.Columns) == 0 {
		return
	}
	agg := page.Aggregates
	r := &resolver{p: p, cols: g.Columns, anonCounts: agg.StatedOpposers == 0}
	for _, c := range g.Columns {
		n, ok := agg.RecognitionMix[c]
		if !ok {
			n = -1
		}
		r.capacity = append(r.capacity, n)
	}
	byName := peopleByName(page.Dataset.People)
	for _, row := range g.Rows {
		gr := &gridRow{expertise: row.Expertise, unnamed: -1}
		for _, it := range row.Items {
			if it.Name != "" {
				gr.faces = append(gr.faces, len(r.faces))
				r.faces = append(r.faces, GridFace{Name: it.Name, PersonID: byName[bot.Fold(it.Name)], Opposer: it.Opposer, Expertise: row.Expertise})
			}
		}
		if n, ok := agg.ExpertiseMix[row.Expertise]; ok && r.anonCounts {
			gr.unnamed = max(n-r.endorsers(gr), 0)
		}
		r.layoutRow(gr, row)
		r.rows = append(r.rows, gr)
	}
	r.applyLabels(page.PrincipalVoices)
	r.applyCapacity()
	r.finish(page)
}

// endorsers counts the row's named faces not marked as opposers.
func (r *resolver) endorsers(gr *gridRow) int {
	n := 0
	for _, f := range gr.faces {
		if !r.faces[f].Opposer {
			n++
		}
	}
	return n
}

// layoutRow enumerates the ways the row's printed items fill its cells:
// each cell takes one "·", or the next block of zero or more names (zero:
// only faces without a name, at most gr.unnamed such cells).
func (r *resolver) layoutRow(gr *gridRow, row GridRow) {
	ncols := len(r.cols)
	dotsFrom := make([]int, len(row.Items)+1) // empty cells printed from item i on
	for i := len(row.Items) - 1; i >= 0; i-- {
		dotsFrom[i] = dotsFrom[i+1]
		if row.Items[i].Name == "" {
			dotsFrom[i]++
		}
	}
	var cols, unnamed []int // per face so far; cells with no named face so far
	tooMany := false
	var walk func(cell, item int)
	walk = func(cell, item int) {
		if tooMany || dotsFrom[item] > ncols-cell {
			return
		}
		if cell == ncols {
			if item == len(row.Items) {
				gr.layouts = append(gr.layouts, layout{cols: append([]int(nil), cols...), unnamed: append([]int(nil), unnamed...)})
				tooMany = len(gr.layouts) > maxLayouts
			}
			return
		}
		if item < len(row.Items) && row.Items[item].Name == "" {
			walk(cell+1, item+1) // an empty cell
		}
		if gr.unnamed < 0 || len(unnamed) < gr.unnamed {
			unnamed = append(unnamed, cell) // a cell whose faces have no name
			walk(cell+1, item)
			unnamed = unnamed[:len(unnamed)-1]
		}
		n := len(cols)
		for k := item; k < len(row.Items) && row.Items[k].Name != ""; k++ {
			cols = append(cols, cell) // names item..k share this cell
			walk(cell+1, k+1)
		}
		cols = cols[:n]
	}
	walk(0, 0)
	switch {
	case tooMany:
		gr.broken, gr.layouts = true, nil
		r.p.warnf("grid: the %s row has too many faces to place; their recognition is left unknown", gr.expertise.Label())
	case len(gr.layouts) == 0:
		gr.broken = true
		r.p.warnf("grid: the %s row's faces and empty cells do not fit %d columns; their recognition is left unknown", gr.expertise.Label(), ncols)
	}
}

// applyLabels keeps the layouts that put each principal voice in the
// column of their label. A label no layout agrees with is reported and
// not used.
func (r *resolver) applyLabels(voices []PrincipalVoice) {
	for _, v := range voices {
		col := r.column(v.Recognition)
		if col < 0 {
			continue
		}
		for _, gr := range r.rows {
			for i, f := range gr.faces {
				if gr.broken || bot.Fold(r.faces[f].Name) != bot.Fold(v.Name) {
					continue
				}
				keep := gr.filter(func(l layout) bool { return l.cols[i] == col })
				if len(keep) == 0 {
					r.p.warnf("grid: the principal voices call %s %s, but the %s row cannot place them there; label not used", v.Name, v.Recognition.Label(), gr.expertise.Label())
					continue
				}
				gr.layouts = keep
			}
		}
	}
}

// column returns the grid column of a recognition tier, or -1.
func (r *resolver) column(t bot.Recognition) int {
	for i, c := range r.cols {
		if c == t && t != "" {
			return i
		}
	}
	return -1
}

// filter returns the row's layouts that keep says to keep.
func (gr *gridRow) filter(keep func(layout) bool) []layout {
	var out []layout
	for _, l := range gr.layouts {
		if keep(l) {
			out = append(out, l)
		}
	}
	return out
}

// occupancy counts the endorsers a layout puts in each column: its named
// endorser faces, and one for each cell holding only unnamed faces when
// those are known to be endorsers.
func (r *resolver) occupancy(gr *gridRow, l layout) []int {
	occ := make([]int, len(r.cols))
	for i, f := range gr.faces {
		if !r.faces[f].Opposer {
			occ[l.cols[i]]++
		}
	}
	if r.anonCounts {
		for _, c := range l.unnamed {
			occ[c]++
		}
	}
	return occ
}

// minOccupancy is, per column, the fewest endorsers any of the row's
// layouts puts there: the people known to be in that column.
func (r *resolver) minOccupancy(gr *gridRow) []int {
	out := make([]int, len(r.cols))
	if gr.broken {
		return out
	}
	for i, l := range gr.layouts {
		occ := r.occupancy(gr, l)
		for c := range out {
			if i == 0 || occ[c] < out[c] {
				out[c] = occ[c]
			}
		}
	}
	return out
}

// applyCapacity drops, to a fixpoint, every layout that would put more
// endorsers in a column than its recognition mix count allows, given the
// endorsers the other rows are known to put there.
func (r *resolver) applyCapacity() {
	mins := make([][]int, len(r.rows))
	for i, gr := range r.rows {
		mins[i] = r.minOccupancy(gr)
	}
	for changed := true; changed; {
		changed = false
		for i, gr := range r.rows {
			if gr.broken {
				continue
			}
			others := make([]int, len(r.cols))
			for j := range r.rows {
				for c := range others {
					if j != i {
						others[c] += mins[j][c]
					}
				}
			}
			keep := gr.filter(func(l layout) bool {
				occ := r.occupancy(gr, l)
				for c, n := range r.capacity {
					if n >= 0 && occ[c]+others[c] > n {
						return false
					}
				}
				return true
			})
			if len(keep) == len(gr.layouts) {
				continue
			}
			changed = true
			if len(keep) == 0 {
				gr.broken, gr.layouts = true, nil
				r.p.warnf("grid: the %s row cannot be laid out within the recognition mix counts; its faces' recognition is left unknown", gr.expertise.Label())
			} else {
				gr.layouts = keep
			}
			mins[i] = r.minOccupancy(gr)
		}
	}
}

// finish records each face's candidate columns and tier, the cells that
// hold unnamed faces, and the people's tiers, with a warning for each
// face left unresolved.
func (r *resolver) finish(page *BoardPage) {
	people := map[string]*bot.Person{}
	for i := range page.Dataset.People {
		people[page.Dataset.People[i].ID] = &page.Dataset.People[i]
	}
	placed := map[string]bool{}
	for _, gr := range r.rows {
		for i, f := range gr.faces {
			face := &r.faces[f]
			seen := make([]bool, len(r.cols))
			for _, l := range gr.layouts {
				seen[l.cols[i]] = true
			}
			for c, ok := range seen {
				if ok {
					face.Candidates = append(face.Candidates, r.cols[c])
				}
			}
			if len(face.Candidates) == 1 {
				face.Recognition = face.Candidates[0]
			} else if !gr.broken {
				r.p.warnf("grid: cannot tell whether %s is %s; recognition left unknown", face.Name, orList(face.Candidates))
			}
			pe := people[face.PersonID]
			switch {
			case pe == nil:
				r.p.warnf("grid: %s (%s row) is not among the people on the record", face.Name, gr.expertise.Label())
			case placed[pe.ID]:
				r.p.warnf("grid: %s appears more than once; placed by the first", face.Name)
			default:
				placed[pe.ID] = true
				pe.Expertise, pe.Recognition, pe.Profiled = face.Expertise, face.Recognition, true
			}
		}
		r.reportUnnamed(gr, page)
	}
	page.Grid.Faces = r.faces
	for _, v := range page.PrincipalVoices {
		if pe := people[v.PersonID]; pe != nil && !placed[pe.ID] && v.Recognition != "" {
			pe.Recognition, pe.Profiled = v.Recognition, true
			r.p.warnf("principal voices: %s is not in the grid; recognition %s recorded, expertise unknown", v.Name, v.Recognition.Label())
		}
	}
}

// reportUnnamed records the cells that hold a face in every remaining
// layout of the row but name no one, and reports the row's unnamed faces.
func (r *resolver) reportUnnamed(gr *gridRow, page *BoardPage) {
	if gr.broken {
		return
	}
	count := make([]int, len(r.cols))
	for _, l := range gr.layouts {
		for _, c := range l.unnamed {
			count[c]++
		}
	}
	found, first := 0, len(page.Grid.Unnamed)
	for c, n := range count {
		if n == len(gr.layouts) {
			found++
			page.Grid.Unnamed = append(page.Grid.Unnamed, GridCell{Expertise: gr.expertise, Recognition: r.cols[c]})
			who := "person"
			if r.anonCounts {
				who = "endorser"
			}
			r.p.warnf("grid: the %s × %s cell is not empty but names no one: a profiled %s there is not named in the export", gr.expertise.Label(), r.cols[c].Label(), who)
		}
	}
	if found == 1 && gr.unnamed >= 1 {
		page.Grid.Unnamed[first].Count = gr.unnamed // the row's unnamed are all in its one such cell
	}
	if gr.unnamed > found {
		r.p.warnf("grid: %d profiled endorser(s) in the %s row are not named in the export", gr.unnamed-found, gr.expertise.Label())
	}
}

// orList joins tier labels as "A, B or C".
func orList(rs []bot.Recognition) string {
	labels := make([]string, len(rs))
	for i, x := range rs {
		labels[i] = x.Label()
	}
	return joinOr(labels)
}
