package bot

import (
	"sort"
)

// strategyStats is what /whoendorses computes from a StrategyReport.
type strategyStats struct {
	people    []PersonStance // everyone with a stance, in name order
	endorsers []PersonStance // IsEndorser stances, in name order
	opposers  []PersonStance
	kinds     map[StanceKind]int

	profiledEndorsers int
	quotesByEndorsers int
	quotesOf          map[string][]Quote // person id -> quotes on the strategy, newest first

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
// its report. Nothing unknown is guessed: people without a tier are left
// out of that tier's grid and mix, and counted as such.
func summarizeStrategy(r StrategyReport) strategyStats {
	s := strategyStats{
		kinds:          map[StanceKind]int{},
		quotesOf:       map[string][]Quote{},
		expertiseMix:   make([]int, len(Expertises)),
		recognitionMix: make([]int, len(Recognitions)),
		vintageMix:     make([]int, len(Vintages)),
	}
	s.people = append(s.people, r.Stances...)
	sort.SliceStable(s.people, func(i, j int) bool { return byName(s.people[i].Person, s.people[j].Person) })
	for _, q := range r.Quotes {
		s.quotesOf[q.PersonID] = append(s.quotesOf[q.PersonID], q)
	}
	for _, qs := range s.quotesOf {
		sortQuotes(qs)
	}
	var pdooms []float64
	for _, ps := range s.people {
		s.kinds[ps.Stance.Kind]++
		switch {
		case ps.Stance.Kind.IsEndorser():
			s.endorsers = append(s.endorsers, ps)
		case ps.Stance.Kind.IsOpposer():
			s.opposers = append(s.opposers, ps)
		}
	}
	for _, ps := range s.endorsers {
		p := ps.Person
		s.quotesByEndorsers += len(s.quotesOf[p.ID])
		if p.PDoom != nil {
			pdooms = append(pdooms, p.PDoom.Percent)
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
	s.related = append(s.related, r.Related...)
	sort.SliceStable(s.related, func(i, j int) bool {
		if s.related[i].People != s.related[j].People {
			return s.related[i].People > s.related[j].People
		}
		return Fold(s.related[i].Strategy.Name) < Fold(s.related[j].Strategy.Name)
	})
	return s
}

// principalVoices are the profiled endorsers with a known recognition tier,
// most recognised first, ties broken by quote count, then name.
func (s strategyStats) principalVoices() []PersonStance {
	var out []PersonStance
	for _, ps := range s.endorsers {
		if ps.Person.Profiled && ps.Person.Recognition.Rank() < len(Recognitions) {
			out = append(out, ps)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Person, out[j].Person
		if ra, rb := a.Recognition.Rank(), b.Recognition.Rank(); ra != rb {
			return ra < rb
		}
		if qa, qb := len(s.quotesOf[a.ID]), len(s.quotesOf[b.ID]); qa != qb {
			return qa > qb
		}
		return byName(a, b)
	})
	return out[:min(len(out), maxPrincipalVoices)]
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
