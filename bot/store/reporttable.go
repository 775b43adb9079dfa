package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/stancebot/stancebot/bot"
)

// reportTable is what StrategyReport reads for every strategy, at one store
// version: every current stance with its person and how many quotes the
// person has on the stance's strategy, each person's stances, the
// canonical strategies and the stated aggregates. It belongs to the
// catalog of the same version and is exact for any snapshot at that
// version, for the same reason the catalog is: they change only through
// Import, and every change advances the version.
//
// Reading a big strategy's rows from SQLite costs about a microsecond a
// row, milliseconds for the biggest strategies; the whole table is read
// once per version. It is immutable once built.
type reportTable struct {
	stances   map[string][]tableStance // strategy id -> stances, by person id
	byPerson  map[string][]tableStance // person id -> stances, in the source's order (bot.CompareStanceOrder)
	allQuotes map[string]int           // person id -> quotes on all their current stances
	canonical map[string]bot.CanonicalStrategy
	stated    map[string]bot.StatedAggregates
	coCache   sync.Map // strategy id -> []tableRelated, filled by related on first use
}

// tableRelated is one co-endorsement of a reportTable.
type tableRelated struct {
	strategy *bot.Strategy // the catalog's: cloned when handed out
	people   int
	declared bot.Relation
}

// tableStance is one stance of a reportTable.
type tableStance struct {
	person *bot.Person // the catalog's: cloned when handed out
	stance bot.Stance
	quotes int
}

// reportTableSlot holds a catalog's report table once it is read.
type reportTableSlot struct {
	mu  sync.Mutex // one loader at a time; the others then find it loaded
	tbl atomic.Pointer[reportTable]
}

// reportTableAt returns the report table of catalog c, reading it from tx
// (a snapshot at c's version) on first use.
func (db *DB) reportTableAt(ctx context.Context, tx *sql.Tx, c *catalog) (*reportTable, error) {
	if t := c.report.tbl.Load(); t != nil {
		return t, nil
	}
	c.report.mu.Lock()
	defer c.report.mu.Unlock()
	if t := c.report.tbl.Load(); t != nil {
		return t, nil
	}
	t := &reportTable{
		stances:   make(map[string][]tableStance, len(c.strategies)),
		byPerson:  make(map[string][]tableStance, len(c.people)),
		allQuotes: make(map[string]int, len(c.people)),
		canonical: map[string]bot.CanonicalStrategy{},
		stated:    map[string]bot.StatedAggregates{},
	}
	if err := db.readTableStances(ctx, tx, c, t); err != nil {
		return nil, fmt.Errorf("report table: %w", err)
	}
	canon, err := db.allCanonical(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("report table: %w", err)
	}
	for _, x := range canon {
		t.canonical[x.ID] = x
	}
	stated, err := db.allStated(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("report table: %w", err)
	}
	for _, x := range stated {
		t.stated[x.StrategyID] = x
	}
	c.report.tbl.Store(t)
	return t, nil
}

// readTableStances reads every current stance with its quote count into t.
func (db *DB) readTableStances(ctx context.Context, tx *sql.Tx, c *catalog, t *reportTable) error {
	var (
		row string
		f   [stanceFields + 1]string
	)
	rows, err := tx.StmtContext(ctx, db.reads.tableStances).QueryContext(ctx)
	err = queryAll(rows, err, []any{&row}, func() error {
		if err := splitRow(row, f[:]); err != nil {
			return err
		}
		st, err := stanceOf(f[:stanceFields])
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(f[stanceFields])
		if err != nil {
			return fmt.Errorf("%s/%s quote count: %w", f[0], f[1], err)
		}
		p, ok := c.person[f[0]]
		if !ok {
			return fmt.Errorf("person %q missing from catalog version %d", f[0], c.version)
		}
		ts := tableStance{person: p, stance: st, quotes: n}
		t.stances[st.StrategyID] = append(t.stances[st.StrategyID], ts)
		t.byPerson[p.ID] = append(t.byPerson[p.ID], ts)
		t.allQuotes[p.ID] += n
		return nil
	})
	if err != nil {
		return fmt.Errorf("stances: %w", err)
	}
	for _, ss := range t.byPerson {
		slices.SortFunc(ss, func(a, b tableStance) int { return bot.CompareStanceOrder(a.stance, b.stance) })
	}
	return nil
}

// related counts, for every other strategy, how many of the strategy's
// stated endorsers also state they endorse it, in the order the board
// meets them: endorsers in the source's order of people, each one's
// stances in the source's order (the board's tie order; the core sorts by
// count, stably). Each co-endorsement carries the relation the canonical
// strategies declare between the two, if any.
func (t *reportTable) related(c *catalog, strategyID string) []bot.CoEndorsement {
	rel, ok := t.coCache.Load(strategyID)
	if !ok {
		rel, _ = t.coCache.LoadOrStore(strategyID, t.countRelated(c, strategyID))
	}
	trs := rel.([]tableRelated)
	out := make([]bot.CoEndorsement, len(trs))
	for i, x := range trs {
		out[i] = bot.CoEndorsement{Strategy: cloneStrategy(*x.strategy), People: x.people, Declared: x.declared}
	}
	return out
}

// countRelated counts the co-endorsements of one strategy (see related).
func (t *reportTable) countRelated(c *catalog, strategyID string) []tableRelated {
	var endorsers []*bot.Person
	for _, x := range t.stances[strategyID] {
		if x.stance.IsStatedEndorser() {
			endorsers = append(endorsers, x.person)
		}
	}
	slices.SortFunc(endorsers, func(a, b *bot.Person) int { return bot.ComparePersonOrder(*a, *b) })
	var (
		order  []string
		counts = map[string]int{}
	)
	for _, p := range endorsers {
		for _, x := range t.byPerson[p.ID] {
			id := x.stance.StrategyID
			if id == strategyID || !x.stance.IsStatedEndorser() {
				continue
			}
			if counts[id] == 0 {
				order = append(order, id)
			}
			counts[id]++
		}
	}
	self, hasCanon := t.canonical[c.strategy[strategyID].CanonicalID]
	out := make([]tableRelated, 0, len(order))
	for _, id := range order {
		s := c.strategy[id] // every stance's strategy is in the catalog of its version
		co := tableRelated{strategy: s, people: counts[id]}
		if other, ok := t.canonical[s.CanonicalID]; ok && hasCanon {
			co.declared = bot.DeclaredRelation(self, other)
		}
		out = append(out, co)
	}
	return out
}

// allCanonical reads every canonical strategy, by id.
func (db *DB) allCanonical(ctx context.Context, tx *sql.Tx) ([]bot.CanonicalStrategy, error) {
	var (
		out                    []bot.CanonicalStrategy
		x                      bot.CanonicalStrategy
		conflicts, complements string
	)
	rows, err := tx.StmtContext(ctx, db.reads.canonical).QueryContext(ctx)
	err = queryAll(rows, err, []any{&x.ID, &x.Name, &x.Bet, &x.Mechanism, &conflicts, &complements}, func() error {
		c := x
		var err error
		if c.ConflictsWith, err = decodeStrings(conflicts); err != nil {
			return fmt.Errorf("canonical strategy %s: %w", c.ID, err)
		}
		if c.ComplementsWith, err = decodeStrings(complements); err != nil {
			return fmt.Errorf("canonical strategy %s: %w", c.ID, err)
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("canonical strategies: %w", err)
	}
	return out, nil
}

// allStated reads every strategy's stated aggregates, by strategy id.
func (db *DB) allStated(ctx context.Context, tx *sql.Tx) ([]bot.StatedAggregates, error) {
	var (
		out              []bot.StatedAggregates
		id, source, body string
	)
	rows, err := tx.StmtContext(ctx, db.reads.stated).QueryContext(ctx)
	err = queryAll(rows, err, []any{&id, &source, &body}, func() error {
		a, err := decodeStated(id, source, body)
		out = append(out, a)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("stated aggregates: %w", err)
	}
	return out, nil
}
