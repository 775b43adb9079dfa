package bot

import (
	"cmp"
	"slices"
	"sort"
	"strings"
)

// strategyStats is what /whoendorses computes from a StrategyReport.
type strategyStats struct {
	people    []PersonStance  // everyone with a stance, in name order
	endorsers []*PersonStance // IsEndorser stances, in name order (into people)
	opposers  []*PersonStance // IsOpposer stances, in name order (into people)
	kinds     map[StanceKind]int

	profiledEndorsers int
	quotesByEndorsers int

	pdoom pdoomStats

	principal []PersonStance // top profiled endorsers by recognition
	grid      TierGrid
	placed    int // people in the grid

	expertiseMix, recognitionMix, vintageMix       []int // by Expertises, Recognitions, Vintages
	expertiseKnown, recognitionKnown, vintageKnown int
	related                                        []CoEndorsement
}

// pdoomStats summarises the endorsers' p(doom) on record.
type pdoomStats struct {
	n            int
	mean, median float64
}

// maxPrincipalVoices is how many principal voices a strategy card lists.
const maxPrincipalVoices = 5

// summarizeStrategy computes every count, mix and mean of a strategy from
// its report, whose stances it puts in name order (s.people is r.Stances);
// cat, when at the report's version, gives the name order. Nothing unknown
// is guessed: people without a tier are left out of that tier's grid and
// mix, and counted as such.
func summarizeStrategy(r StrategyReport, cat *catalogSnapshot) strategyStats {
	s := strategyStats{
		expertiseMix:   make([]int, len(Expertises)),
		recognitionMix: make([]int, len(Recognitions)),
		vintageMix:     make([]int, len(Vintages)),
	}
	sortByName(r.Stances, cat, r.Version)
	s.people = r.Stances
	var pdooms []float64
	s.kinds = countKinds(s.people)
	for i := range s.people {
		switch ps := &s.people[i]; {
		case ps.Stance.Kind.IsEndorser():
			s.endorsers = append(s.endorsers, ps)
		case ps.Stance.Kind.IsOpposer():
			s.opposers = append(s.opposers, ps)
		}
	}
	for _, ps := range s.endorsers {
		p := ps.Person
		s.quotesByEndorsers += ps.Quotes
		if len(p.PDoomClaims) > 0 {
			pdooms = append(pdooms, p.PDoomClaims[0].Midpoint()) // the board counts the first claim
		}
		if !p.Profiled {
			continue
		}
		s.profiledEndorsers++
		if i := tierIndex(Expertises, p.Expertise); i >= 0 {
			s.expertiseMix[i]++
			s.expertiseKnown++
		}
		if i := tierIndex(Recognitions, p.Recognition); i >= 0 {
			s.recognitionMix[i]++
			s.recognitionKnown++
		}
		if i := tierIndex(Vintages, p.Vintage); i >= 0 {
			s.vintageMix[i]++
			s.vintageKnown++
		}
	}
	s.pdoom = summarizePDoom(pdooms)
	s.principal = s.principalVoices()
	s.grid, s.placed = tierGrid(s.people)
	s.related = sortedRelated(r.Related)
	return s
}

// countKinds counts the stances of each kind. There are a handful of
// kinds: a short list scanned per stance is cheaper than a map update.
func countKinds(people []PersonStance) map[StanceKind]int {
	type count struct {
		kind StanceKind
		n    int
	}
	var counts []count
next:
	for _, ps := range people {
		for i := range counts {
			if counts[i].kind == ps.Stance.Kind {
				counts[i].n++
				continue next
			}
		}
		counts = append(counts, count{ps.Stance.Kind, 1})
	}
	m := make(map[StanceKind]int, len(counts))
	for _, c := range counts {
		m[c.kind] = c.n
	}
	return m
}

// sortByName puts the people in name order (folded name, then id), in
// place. The catalog's name index holds every person's position in that
// order: when the catalog is at the people's version, sorting by it saves
// folding names in every comparison; otherwise each name is folded once.
func sortByName(people []PersonStance, cat *catalogSnapshot, version int64) {
	idx := make([]int, len(people)) // idx[i]: where the i-th in name order is now
	if order, ok := catalogOrder(people, cat, version); ok {
		// Positions are distinct: sort (position, index) pairs packed in one int.
		keys := make([]int64, len(people))
		for i, o := range order {
			keys[i] = int64(o)<<32 | int64(i)
		}
		slices.Sort(keys)
		for i, k := range keys {
			idx[i] = int(k & (1<<32 - 1))
		}
	} else {
		folded := make([]string, len(people))
		for i, ps := range people {
			idx[i] = i
			folded[i] = Fold(ps.Person.Name)
		}
		slices.SortFunc(idx, func(a, b int) int {
			return cmp.Or(strings.Compare(folded[a], folded[b]), strings.Compare(people[a].Person.ID, people[b].Person.ID))
		})
	}
	// Follow the permutation's cycles, moving each person once.
	for start := range idx {
		if idx[start] == start {
			continue
		}
		first, i := people[start], start
		for idx[i] != start {
			next := idx[i]
			people[i], idx[i] = people[next], i
			i = next
		}
		people[i], idx[i] = first, i
	}
}

// catalogOrder is every person's position in the catalog's name order, when
// the catalog is at version and knows them all.
func catalogOrder(people []PersonStance, cat *catalogSnapshot, version int64) ([]int32, bool) {
	if cat == nil || cat.version != version {
		return nil, false
	}
	order := make([]int32, len(people))
	for i, ps := range people {
		j, ok := cat.personBy[ps.Person.ID]
		if !ok {
			return nil, false
		}
		order[i] = cat.personIx.entries[j].order
	}
	return order, true
}

// sortedRelated orders co-endorsed strategies by how many people share
// them, most first, then by folded name (stable).
func sortedRelated(rel []CoEndorsement) []CoEndorsement {
	type keyed struct {
		c      CoEndorsement
		folded string
	}
	ks := make([]keyed, len(rel))
	for i, c := range rel {
		ks[i] = keyed{c, Fold(c.Strategy.Name)}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(b.c.People, a.c.People), strings.Compare(a.folded, b.folded))
	})
	out := make([]CoEndorsement, 0, len(ks))
	for _, k := range ks {
		out = append(out, k.c)
	}
	return out
}

// principalVoices are the profiled endorsers with a known recognition tier,
// most recognised first, ties broken by quote count, then name (the order
// of s.endorsers): the best maxPrincipalVoices, kept sorted while scanning.
func (s strategyStats) principalVoices() []PersonStance {
	better := func(a, b *PersonStance) bool {
		if ra, rb := a.Person.Recognition.Rank(), b.Person.Recognition.Rank(); ra != rb {
			return ra < rb
		}
		return a.Quotes > b.Quotes
	}
	var out []*PersonStance
	for _, ps := range s.endorsers {
		if !ps.Person.Profiled || ps.Person.Recognition.Rank() >= len(Recognitions) {
			continue
		}
		// Later endorsers come after the equal ones already kept.
		i := len(out)
		for i > 0 && better(ps, out[i-1]) {
			i--
		}
		if i == maxPrincipalVoices {
			continue
		}
		if len(out) < maxPrincipalVoices {
			out = append(out, nil)
		}
		copy(out[i+1:], out[i:])
		out[i] = ps
	}
	var voices []PersonStance
	for _, ps := range out {
		voices = append(voices, *ps)
	}
	return voices
}

// tierGrid places the profiled people with both tiers known in the
// expertise x recognition grid, opposers marked; people are in name order.
func tierGrid(people []PersonStance) (TierGrid, int) {
	g := TierGrid{Rows: Expertises, Cols: Recognitions, Cells: make([][][]Face, len(Expertises))}
	for i := range g.Cells {
		g.Cells[i] = make([][]Face, len(Recognitions))
	}
	placed := 0
	for _, ps := range people {
		p := ps.Person
		r, c := tierIndex(Expertises, p.Expertise), tierIndex(Recognitions, p.Recognition)
		if !p.Profiled || r < 0 || c < 0 {
			continue
		}
		g.Cells[r][c] = append(g.Cells[r][c], Face{PersonID: p.ID, Name: p.Name, Opposer: ps.Stance.Kind.IsOpposer()})
		placed++
	}
	return g, placed
}

// tierIndex is the position of t in tiers, -1 when t is unknown.
func tierIndex[T comparable](tiers []T, t T) int {
	for i, x := range tiers {
		if x == t {
			return i
		}
	}
	return -1
}

// summarizePDoom returns the count, mean and median of the values.
func summarizePDoom(xs []float64) pdoomStats {
	if len(xs) == 0 {
		return pdoomStats{}
	}
	sorted := append([]float64(nil), xs...)
	sort.Float64s(sorted)
	sum := 0.0
	for _, x := range sorted {
		sum += x
	}
	n := len(sorted)
	median := sorted[n/2]
	if n%2 == 0 {
		median = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	return pdoomStats{n: n, mean: sum / float64(n), median: median}
}
