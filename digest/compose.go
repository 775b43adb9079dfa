package digest

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// PositionKind says what a Position reports.
type PositionKind string

// Position kinds.
const (
	NewStance     PositionKind = "new-stance"     // a person's first stance on a strategy
	ChangedStance PositionKind = "changed-stance" // a stance that changed: Was -> Stance
	NewQuote      PositionKind = "new-quote"      // new words for a position already known
	// RetractedStance is a stance its source no longer holds: Was.
	RetractedStance PositionKind = "retracted-stance"
)

// Position is one person's position on one strategy as a digest reports it:
// everything recorded about it in the digest's range, merged.
type Position struct {
	Kind   PositionKind
	Person bot.Person
	// Stance is the stance at the end of the range; its Kind is empty for a
	// new quote by someone with no stance on record, and for a retracted
	// stance (its RecordedAt is then when it was retracted).
	Stance bot.Stance
	// Was is the stance before the range, for a changed or retracted stance.
	Was    *bot.Stance
	Quotes []bot.QuoteView // quotes recorded in the range, in recording order
}

// Group is one strategy's part of a digest, with its counts at the end of
// the digest's range and how they moved over it: Endorsers counts stated
// endorsers (bot.Stance.IsStatedEndorser), Opposers the opposing kinds, and
// each delta is the count at the end of the range less the count at its
// start.
type Group struct {
	Strategy       bot.Strategy
	Endorsers      int
	EndorsersDelta int
	Opposers       int
	OpposersDelta  int
	Positions      []Position
}

// Digest is what one digest says: the positions recorded in the store's
// changes with Seq in (From, To], grouped by strategy (by name).
type Digest struct {
	From, To int64
	Groups   []Group
}

// Len is the number of positions in the digest.
func (d Digest) Len() int {
	n := 0
	for _, g := range d.Groups {
		n += len(g.Positions)
	}
	return n
}

// changePage is how many changes are read from the store at a time.
const changePage = 500

// Compose reads the changes with Seq in (from, to] and returns the digest of
// the positions among them on the given strategies (ids; none: every
// strategy). Changes that are not positions (people, strategies, stories,
// corrected citations) are left out.
func Compose(ctx context.Context, st bot.Store, from, to int64, strategies []string) (Digest, error) {
	d := Digest{From: from, To: to}
	if to <= from {
		return d, nil
	}
	keep := func(id string) bool { return true }
	if len(strategies) > 0 {
		set := make(map[string]bool, len(strategies))
		for _, id := range strategies {
			set[id] = true
		}
		keep = func(id string) bool { return set[id] }
	}
	changes, err := changesBetween(ctx, st, from, to)
	if err != nil {
		return Digest{}, fmt.Errorf("compose digest: %w", err)
	}
	m := merger{byKey: map[[2]string]*Position{}, spans: map[[2]string]*span{}}
	for _, c := range changes {
		if keep(c.StrategyID) {
			m.add(c)
		}
	}
	m.settle()
	if len(m.order) == 0 {
		return d, nil
	}
	if err := m.fill(ctx, st); err != nil {
		return Digest{}, fmt.Errorf("compose digest: %w", err)
	}
	groups := map[string]*Group{}
	var ids []string
	for _, key := range m.order {
		p := m.byKey[key]
		if p.Kind == "" {
			continue
		}
		g := groups[key[1]]
		if g == nil {
			g = &Group{}
			groups[key[1]] = g
			ids = append(ids, key[1])
		}
		g.Positions = append(g.Positions, *p)
	}
	// Each report counts the stances as of its own store version; the
	// changes recorded after the range, up to that version, are undone.
	reports := make(map[string]bot.StrategyReport, len(ids))
	upTo := to
	for _, id := range ids {
		rep, err := st.StrategyReport(ctx, id)
		if err != nil {
			return Digest{}, fmt.Errorf("compose digest: strategy %s: %w", id, err)
		}
		reports[id] = rep
		upTo = max(upTo, rep.Version)
	}
	later, err := changesBetween(ctx, st, to, upTo)
	if err != nil {
		return Digest{}, fmt.Errorf("compose digest: %w", err)
	}
	for _, id := range ids {
		g, rep := groups[id], reports[id]
		g.Strategy = rep.Strategy
		boardTime := map[string]time.Time{}
		for _, ps := range rep.Stances {
			g.Endorsers += b2i(ps.Stance.IsStatedEndorser())
			g.Opposers += b2i(ps.Stance.Kind.IsOpposer())
			boardTime[ps.Stance.PersonID] = ps.Stance.SourceTime
		}
		for i := range g.Positions {
			// When the board recorded it, from the store (the changes do
			// not carry it).
			if g.Positions[i].Stance.Kind != "" {
				g.Positions[i].Stance.SourceTime = boardTime[g.Positions[i].Person.ID]
			}
		}
		// Counts as of the end of the range: undo what was recorded after it.
		for _, c := range later {
			if c.StrategyID == id && c.Seq <= rep.Version {
				e, o := countDelta(c)
				g.Endorsers -= e
				g.Opposers -= o
			}
		}
		for _, c := range changes {
			if c.StrategyID == id {
				e, o := countDelta(c)
				g.EndorsersDelta += e
				g.OpposersDelta += o
			}
		}
		d.Groups = append(d.Groups, *g)
	}
	sort.SliceStable(d.Groups, func(i, j int) bool {
		return bot.Fold(d.Groups[i].Strategy.Name) < bot.Fold(d.Groups[j].Strategy.Name)
	})
	return d, nil
}

// changesBetween reads the changes with Seq in (from, to].
func changesBetween(ctx context.Context, st bot.Store, from, to int64) ([]bot.Change, error) {
	var out []bot.Change
	for after := from; ; {
		page, err := st.ChangesSince(ctx, after, changePage)
		if err != nil {
			return nil, fmt.Errorf("changes since %d: %w", after, err)
		}
		for _, c := range page {
			if c.Seq > to {
				return out, nil
			}
			out = append(out, c)
		}
		if len(page) < changePage {
			return out, nil
		}
		after = page[len(page)-1].Seq
	}
}

// countDelta is how a change moves its strategy's counts as a digest
// words them: "endorsers" are stated endorsers (bot.Stance.IsStatedEndorser:
// an endorsing kind, not tentative), as in the count itself; "opposers" are
// the opposing kinds. The change log records the stance before and after,
// each with its tentativeness; a side with no stance (before a new stance,
// after a retraction) has no kind and counts for neither.
func countDelta(c bot.Change) (endorsers, opposers int) {
	switch c.Kind {
	case bot.ChangeStanceNew, bot.ChangeStanceChanged, bot.ChangeStanceRetracted:
		before, after := oldStance(c), newStance(c)
		return b2i(after.IsStatedEndorser()) - b2i(before.IsStatedEndorser()),
			b2i(after.Kind.IsOpposer()) - b2i(before.Kind.IsOpposer())
	}
	return 0, 0
}

// oldStance is a stance change's stance before it (no Kind for a new stance).
func oldStance(c bot.Change) bot.Stance {
	return bot.Stance{PersonID: c.PersonID, StrategyID: c.StrategyID, Kind: c.OldKind, Summary: c.OldSummary,
		Tentative: c.OldTentative, RecordedAt: c.OldRecordedAt}
}

// newStance is a stance change's stance after it (no Kind for a retraction),
// recorded when the change was.
func newStance(c bot.Change) bot.Stance {
	return bot.Stance{PersonID: c.PersonID, StrategyID: c.StrategyID, Kind: c.NewKind, Summary: c.NewSummary,
		Tentative: c.NewTentative, RecordedAt: c.RecordedAt}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// merger folds a range's changes into one Position per person and strategy.
type merger struct {
	byKey  map[[2]string]*Position
	order  [][2]string
	spans  map[[2]string]*span
	quotes []string
}

// span is a person's stance on a strategy over the range: before its first
// stance change in the range and after its last (no Kind: no stance).
type span struct{ before, after bot.Stance }

func (m *merger) position(c bot.Change) *Position {
	key := [2]string{c.PersonID, c.StrategyID}
	p := m.byKey[key]
	if p == nil {
		p = &Position{Person: bot.Person{ID: c.PersonID}, Stance: bot.Stance{PersonID: c.PersonID, StrategyID: c.StrategyID}}
		m.byKey[key] = p
		m.order = append(m.order, key)
	}
	return p
}

func (m *merger) add(c bot.Change) {
	switch c.Kind {
	case bot.ChangeStanceNew, bot.ChangeStanceChanged, bot.ChangeStanceRetracted:
		m.position(c)
		key := [2]string{c.PersonID, c.StrategyID}
		s := m.spans[key]
		if s == nil {
			s = &span{before: oldStance(c)}
			m.spans[key] = s
		}
		s.after = newStance(c)
	case bot.ChangeQuoteNew:
		p := m.position(c)
		p.Quotes = append(p.Quotes, bot.QuoteView{Quote: bot.Quote{ID: c.QuoteID}})
		m.quotes = append(m.quotes, c.QuoteID)
	}
}

// settle gives each position with stance changes its kind, from the stance
// before the range and after it: none before is a new stance, none after a
// retracted one, and a stance that ends as it began (kind, summary and
// tentativeness; changed and changed back) is no change to report.
func (m *merger) settle() {
	for key, s := range m.spans {
		p := m.byKey[key]
		before, after := s.before, s.after
		switch {
		case before.Kind == "" && after.Kind == "":
			p.Kind = ""
		case before.Kind == "":
			p.Kind = NewStance
		case after.Kind == "":
			p.Kind = RetractedStance
		case before.Kind == after.Kind && before.Summary == after.Summary && before.Tentative == after.Tentative:
			p.Kind = ""
		default:
			p.Kind = ChangedStance
		}
		if p.Kind == ChangedStance || p.Kind == RetractedStance {
			p.Was = &before
		}
		if p.Kind != "" {
			p.Stance = after
		}
	}
}

// fill loads the quotes, people and strategies the positions name, and
// settles the kind of positions that only have new quotes.
func (m *merger) fill(ctx context.Context, st bot.Store) error {
	views, err := st.QuoteViews(ctx, m.quotes)
	if err != nil {
		return fmt.Errorf("quotes: %w", err)
	}
	byID := make(map[string]bot.QuoteView, len(views))
	for _, v := range views {
		byID[v.Quote.ID] = v
	}
	cat, err := st.Catalog(ctx)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	people := make(map[string]bot.Person, len(cat.People))
	for _, p := range cat.People {
		people[p.ID] = p
	}
	for _, key := range m.order {
		p := m.byKey[key]
		if person, ok := people[key[0]]; ok {
			p.Person = person
		}
		quotes := p.Quotes[:0]
		for _, q := range p.Quotes {
			if v, ok := byID[q.Quote.ID]; ok {
				quotes = append(quotes, v)
			}
		}
		p.Quotes = quotes
		if p.Kind == "" && len(p.Quotes) > 0 {
			p.Kind = NewQuote
			if s := p.Quotes[len(p.Quotes)-1].Stance; s != nil {
				p.Stance = *s
			}
		}
	}
	return nil
}
