package bot

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
)

// strategyStats is what /whoendorses computes from a StrategyReport, by
// the board's rules (its tag page): stated endorsers hold an endorsing,
// non-tentative stance; tentative endorsers only tentative ones; opposers
// oppose or evolved away. Profiled counts, mixes, p(doom), quotes,
// principal voices and the grid are over stated endorsers (the grid adds
// profiled opposers).
type strategyStats struct {
	people    []PersonStance  // everyone with a stance, in name order
	endorsers []*PersonStance // stated endorsers, in name order (into people)
	tentative []*PersonStance // tentative endorsers, in name order
	opposers  []*PersonStance // opposers, in name order
	kinds     map[StanceKind]int

	profiledEndorsers int
	profiledTotal     int // profiled on the whole board; 0 when unknown
	profiledSharePct  int // of the board's profiled, rounded as the board does
	quotesByEndorsers int

	pdoom pdoomStats

	principal []PersonStance // top profiled endorsers by recognition
	grid      TierGrid
	placed    int // people in the grid

	expertiseMix, recognitionMix, vintageMix       []int // by Expertises, Recognitions, Vintages
	expertiseKnown, recognitionKnown, vintageKnown int
	related                                        []CoEndorsement // held by at least minCoEndorsers, top maxRelated

	stated     *StatedAggregates // what the source page printed; nil when none
	offPage    []*PersonStance   // stated endorsers from elsewhere than the page (or the main source)
	pageSource string            // what offPage is not from ("the board export", "the atlas source")
	onPage     strategyCounts    // the counts over the endorsers the page lists
	haveOnPage bool              // the page lists its people (stated.People)
}

// strategyCounts are the counts of a strategy that a page states too.
type strategyCounts struct {
	endorsers, profiled, quotes int
	expertiseMix                []int
	recognitionMix              []int
}

// pdoomStats summarises the endorsers' p(doom) on record.
type pdoomStats struct {
	n            int
	mean, median float64
}

// maxPrincipalVoices is how many principal voices a strategy card lists.
const maxPrincipalVoices = 5

// Co-endorsements as the board lists them: other strategies held by at
// least minCoEndorsers of the endorsers, the maxRelated most held.
const (
	minCoEndorsers = 2
	maxRelated     = 8
)

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
		stated:         r.Stated,
	}
	sortByName(r.Stances, cat, r.Version)
	s.people = r.Stances
	tentative := map[string]bool{}
	for i := range s.people {
		switch ps := &s.people[i]; {
		case ps.Stance.IsStatedEndorser():
			s.endorsers = append(s.endorsers, ps)
		case ps.Stance.Kind.IsEndorser():
			s.tentative = append(s.tentative, ps)
			tentative[ps.Person.ID] = true
		case ps.Stance.Kind.IsOpposer():
			s.opposers = append(s.opposers, ps)
		}
	}
	s.kinds = countKinds(s.endorsers)
	var pdooms []float64
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
	if r.Board != nil && r.Board.ProfiledTotal > 0 {
		s.profiledTotal = r.Board.ProfiledTotal
		s.profiledSharePct = boardRound(float64(s.profiledEndorsers) / float64(s.profiledTotal) * 100)
	}
	s.pdoom = summarizePDoom(pdooms)
	s.principal = s.principalVoices()
	s.grid, s.placed = tierGrid(s.endorsers, s.opposers, r.Stated)
	s.related = boardRelated(r.Related)
	s.countOnPage()
	return s
}

// mainSource is the source most of the stances come from, "" when that is
// a curated dataset or there is no other source (ties: the first by name).
func mainSource(people []PersonStance) string {
	n := map[string]int{}
	for _, ps := range people {
		n[ps.Stance.Source]++
	}
	if len(n) < 2 {
		return ""
	}
	best := ""
	for src, c := range n {
		if c > n[best] || (c == n[best] && src < best) {
			best = src
		}
	}
	return best
}

// boardRound rounds as the board's pages do (JavaScript's Math.round):
// half up.
func boardRound(x float64) int { return int(math.Floor(x + 0.5)) }

// countOnPage finds the stated endorsers the source page does not list
// and counts the rest, so that the card can tell a difference the page's
// own people explain from one it cannot. Without a page that lists its
// people, the stated endorsers from elsewhere than the source most of the
// strategy's stances come from are the ones found.
func (s *strategyStats) countOnPage() {
	if s.stated == nil || s.stated.People == nil {
		if src := mainSource(s.people); src != "" {
			s.pageSource = "the " + src + " source"
			for _, ps := range s.endorsers {
				if ps.Stance.Source != src {
					s.offPage = append(s.offPage, ps)
				}
			}
		}
		return
	}
	s.pageSource = "the " + labelOr(s.stated.Source, "source page")
	s.haveOnPage = true
	listed := make(map[string]bool, len(s.stated.People))
	for _, id := range s.stated.People {
		listed[id] = true
	}
	c := strategyCounts{expertiseMix: make([]int, len(Expertises)), recognitionMix: make([]int, len(Recognitions))}
	for _, ps := range s.endorsers {
		if !listed[ps.Person.ID] {
			s.offPage = append(s.offPage, ps)
			continue
		}
		c.endorsers++
		c.quotes += ps.Quotes
		if ps.Person.Profiled {
			c.profiled++
			if i := tierIndex(Expertises, ps.Person.Expertise); i >= 0 {
				c.expertiseMix[i]++
			}
			if i := tierIndex(Recognitions, ps.Person.Recognition); i >= 0 {
				c.recognitionMix[i]++
			}
		}
	}
	s.onPage = c
}

// countKinds counts the stances of each kind. There are a handful of
// kinds: a short list scanned per stance is cheaper than a map update.
func countKinds(people []*PersonStance) map[StanceKind]int {
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
		j, ok := cat.personIndex(ps.Person.ID)
		if !ok {
			return nil, false
		}
		order[i] = cat.personIx.places[j].order
	}
	return order, true
}

// boardRelated is the co-endorsements as the board lists them: those held
// by at least minCoEndorsers, most held first (stable: the store gives
// them in the order the board meets them), the first maxRelated.
func boardRelated(rel []CoEndorsement) []CoEndorsement {
	var out []CoEndorsement
	for _, c := range rel {
		if c.People >= minCoEndorsers {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b CoEndorsement) int { return cmp.Compare(b.People, a.People) })
	return out[:min(len(out), maxRelated)]
}

// principalVoices are the profiled stated endorsers, most recognised first
// (unknown recognition last), ties broken by their quotes on all their
// positions, then by the source's order of people: the first
// maxPrincipalVoices.
func (s strategyStats) principalVoices() []PersonStance {
	var voices []PersonStance
	for _, ps := range s.endorsers {
		if ps.Person.Profiled {
			voices = append(voices, *ps)
		}
	}
	slices.SortStableFunc(voices, func(a, b PersonStance) int {
		return cmp.Or(cmp.Compare(a.Person.Recognition.Rank(), b.Person.Recognition.Rank()),
			cmp.Compare(b.AllQuotes, a.AllQuotes), ComparePersonOrder(a.Person, b.Person))
	})
	return voices[:min(len(voices), maxPrincipalVoices)]
}

// tierGrid places the profiled stated endorsers, then the profiled
// opposers (marked), with both tiers known, in the expertise x
// recognition grid, each cell in the source's order of people, as the
// board does; a cell the page shows occupied by people it does not name
// gets their count.
func tierGrid(endorsers, opposers []*PersonStance, stated *StatedAggregates) (TierGrid, int) {
	g := TierGrid{Rows: Expertises, Cols: Recognitions, Cells: make([][][]Face, len(Expertises))}
	for i := range g.Cells {
		g.Cells[i] = make([][]Face, len(Recognitions))
	}
	placed := 0
	for _, group := range [][]*PersonStance{endorsers, opposers} {
		group = slices.Clone(group)
		slices.SortStableFunc(group, func(a, b *PersonStance) int { return ComparePersonOrder(a.Person, b.Person) })
		for _, ps := range group {
			p := ps.Person
			r, c := tierIndex(Expertises, p.Expertise), tierIndex(Recognitions, p.Recognition)
			if !p.Profiled || r < 0 || c < 0 {
				continue
			}
			g.Cells[r][c] = append(g.Cells[r][c], Face{PersonID: p.ID, Name: p.Name, Opposer: ps.Stance.Kind.IsOpposer()})
			placed++
		}
	}
	if stated != nil {
		for _, u := range stated.Unnamed {
			r, c := tierIndex(Expertises, u.Expertise), tierIndex(Recognitions, u.Recognition)
			if r < 0 || c < 0 {
				continue
			}
			// The page named no one in the cell: people of its record the
			// store now places there are the ones it left unnamed.
			n := max(u.Count, 1) // at least one, when the page does not say how many
			for _, f := range g.Cells[r][c] {
				if slices.Contains(stated.People, f.PersonID) {
					n--
				}
			}
			if n <= 0 {
				continue
			}
			if g.Unnamed == nil {
				g.Unnamed = make([][]int, len(Expertises))
				for i := range g.Unnamed {
					g.Unnamed[i] = make([]int, len(Recognitions))
				}
			}
			g.Unnamed[r][c] = n
		}
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

// StrategyStats are the numbers of a /whoendorses strategy card, for
// scripts (ask --json); docs/json.md documents each field. Percentages are
// rounded as the board rounds them.
type StrategyStats struct {
	StatedEndorsers    int                 `json:"stated_endorsers"`
	TentativeEndorsers int                 `json:"tentative_endorsers"`
	Opposers           int                 `json:"opposers"`
	ProfiledEndorsers  int                 `json:"profiled_endorsers"`
	ProfiledTotal      int                 `json:"profiled_total"`
	ProfiledSharePct   int                 `json:"profiled_share_pct"`
	PDoom              *PDoomStat          `json:"pdoom"`
	Quotes             int                 `json:"quotes"`
	PrincipalVoices    []string            `json:"principal_voices"`
	CoEndorsement      []CoEndorsementStat `json:"co_endorsement"`
	Grid               []GridCellStat      `json:"grid"`
	ExpertiseMix       map[string]int      `json:"expertise_mix"`
	RecognitionMix     map[string]int      `json:"recognition_mix"`
	VintageMix         map[string]int      `json:"vintage_mix"`
}

// PDoomStat is the stated endorsers' p(doom): each one's first claim, a
// range at its midpoint.
type PDoomStat struct {
	MeanPct   int `json:"mean_pct"`
	MedianPct int `json:"median_pct"`
	N         int `json:"n"`
}

// CoEndorsementStat is another strategy held by some of the endorsers.
type CoEndorsementStat struct {
	Strategy string   `json:"strategy"` // its id
	Count    int      `json:"count"`
	SharePct int      `json:"share_pct"`
	Declared Relation `json:"declared"` // "conflicts", "complements" or "" (none declared)
}

// GridCellStat is one non-empty cell of the tier grid.
type GridCellStat struct {
	Expertise   Expertise   `json:"expertise"`
	Recognition Recognition `json:"recognition"`
	Endorsers   []string    `json:"endorsers"`
	Opposers    []string    `json:"opposers"`
	Unnamed     int         `json:"unnamed,omitempty"` // people the source places here without naming them
}

// export is s for scripts.
func (s strategyStats) export() *StrategyStats {
	out := &StrategyStats{
		StatedEndorsers: len(s.endorsers), TentativeEndorsers: len(s.tentative), Opposers: len(s.opposers),
		ProfiledEndorsers: s.profiledEndorsers, ProfiledTotal: s.profiledTotal, ProfiledSharePct: s.profiledSharePct,
		Quotes: s.quotesByEndorsers, PrincipalVoices: []string{}, CoEndorsement: []CoEndorsementStat{},
		Grid:         []GridCellStat{},
		ExpertiseMix: map[string]int{}, RecognitionMix: map[string]int{}, VintageMix: map[string]int{},
	}
	if s.pdoom.n > 0 {
		out.PDoom = &PDoomStat{MeanPct: boardRound(s.pdoom.mean), MedianPct: boardRound(s.pdoom.median), N: s.pdoom.n}
	}
	for _, ps := range s.principal {
		out.PrincipalVoices = append(out.PrincipalVoices, ps.Person.Name)
	}
	for _, c := range s.related {
		out.CoEndorsement = append(out.CoEndorsement, CoEndorsementStat{Strategy: c.Strategy.ID, Count: c.People,
			SharePct: sharePct(c.People, len(s.endorsers)), Declared: c.Declared})
	}
	for r, e := range s.grid.Rows {
		for c, rec := range s.grid.Cols {
			cell := GridCellStat{Expertise: e, Recognition: rec, Endorsers: []string{}, Opposers: []string{}}
			for _, f := range s.grid.Cells[r][c] {
				if f.Opposer {
					cell.Opposers = append(cell.Opposers, f.Name)
				} else {
					cell.Endorsers = append(cell.Endorsers, f.Name)
				}
			}
			if s.grid.Unnamed != nil {
				cell.Unnamed = s.grid.Unnamed[r][c]
			}
			if len(s.grid.Cells[r][c]) > 0 || cell.Unnamed > 0 {
				out.Grid = append(out.Grid, cell)
			}
		}
	}
	for i, e := range Expertises {
		out.ExpertiseMix[e.MixLabel()] = s.expertiseMix[i]
	}
	for i, r := range Recognitions {
		out.RecognitionMix[r.MixLabel()] = s.recognitionMix[i]
	}
	for i, v := range Vintages {
		out.VintageMix[v.Label()] = s.vintageMix[i]
	}
	return out
}
