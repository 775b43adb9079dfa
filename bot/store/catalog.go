package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// catalog is every strategy, person and canonical strategy as of one store version. Strategies
// and people change only through Import, and every change advances the
// version, so a catalog read at version v is exact for any snapshot at v.
// The reports take names, tiers and aliases from it instead of joining them
// row by row. It is immutable once built: Catalog hands it out shared, the
// other reads hand out copies of its entries (clone*).
//
// Strategies and people are found by id with a binary search: at 100k
// people, maps of them cost the heap about 4 MB each.
type catalog struct {
	version    int64
	strategies []bot.Strategy                   // by id
	people     []bot.Person                     // by id
	canonical  map[string]bot.CanonicalStrategy // by id: the relations a co-endorsement declares
	// endorsed lists the strategies each person states they endorse
	// (current, not tentative stances), in the source's order of the
	// person's stances: what else a strategy's endorsers endorse. The
	// person people[i] endorses endorsed[endorsedFrom[i]:endorsedFrom[i+1]].
	endorsed     []*bot.Strategy
	endorsedFrom []int32
}

// strategy returns the strategy with the id, nil when there is none.
func (c *catalog) strategy(id string) *bot.Strategy {
	i, ok := slices.BinarySearchFunc(c.strategies, id, func(s bot.Strategy, id string) int { return strings.Compare(s.ID, id) })
	if !ok {
		return nil
	}
	return &c.strategies[i]
}

// personIndex returns the place in people of the person with the id.
func (c *catalog) personIndex(id string) (int, bool) {
	return slices.BinarySearchFunc(c.people, id, func(p bot.Person, id string) int { return strings.Compare(p.ID, id) })
}

// endorsedBy returns the strategies the person states they endorse.
func (c *catalog) endorsedBy(personID string) []*bot.Strategy {
	i, ok := c.personIndex(personID)
	if !ok {
		return nil
	}
	return c.endorsed[c.endorsedFrom[i]:c.endorsedFrom[i+1]]
}

// catalogAt returns the catalog for the snapshot of tx, from the cache when
// it is at the snapshot's version, else read from tx (and cached if newer).
func (db *DB) catalogAt(ctx context.Context, tx *sql.Tx) (*catalog, error) {
	var v int64
	if err := tx.StmtContext(ctx, db.reads.version).QueryRowContext(ctx).Scan(&v); err != nil {
		return nil, fmt.Errorf("store version: %w", err)
	}
	if c := db.cat.Load(); c != nil && c.version == v {
		return c, nil
	}
	db.catLoad.Lock() // one loader at a time; the others then find it cached
	defer db.catLoad.Unlock()
	if c := db.cat.Load(); c != nil && c.version == v {
		return c, nil
	}
	c := &catalog{version: v}
	var err error
	if c.strategies, err = db.allStrategies(ctx, tx); err != nil {
		return nil, err
	}
	if c.people, err = db.allPeople(ctx, tx); err != nil {
		return nil, err
	}
	canon, err := db.allCanonical(ctx, tx)
	if err != nil {
		return nil, err
	}
	c.canonical = make(map[string]bot.CanonicalStrategy, len(canon))
	for _, x := range canon {
		c.canonical[x.ID] = x
	}
	if err = db.allEndorsed(ctx, tx, c); err != nil {
		return nil, err
	}
	if cur := db.cat.Load(); cur == nil || cur.version < v {
		db.cat.Store(c)
	}
	return c, nil
}

// strategyOf returns a copy of a strategy the snapshot's rows refer to.
func (c *catalog) strategyOf(id string) (bot.Strategy, error) {
	s := c.strategy(id)
	if s == nil {
		return bot.Strategy{}, fmt.Errorf("strategy %q missing from catalog version %d", id, c.version)
	}
	return cloneStrategy(*s), nil
}

// personOf returns a copy of a person the snapshot's rows refer to.
func (c *catalog) personOf(id string) (bot.Person, error) {
	i, ok := c.personIndex(id)
	if !ok {
		return bot.Person{}, fmt.Errorf("person %q missing from catalog version %d", id, c.version)
	}
	return clonePerson(c.people[i]), nil
}

// knowsStrategy checks that the catalog has the strategy a request named;
// an unknown one is ENOTFOUND.
func (c *catalog) knowsStrategy(id string) error {
	if c.strategy(id) == nil {
		return bot.Errorf(bot.ENOTFOUND, "No strategy with id %q.", id)
	}
	return nil
}

// knowsPerson checks that the catalog has the person a request named; an
// unknown one is ENOTFOUND.
func (c *catalog) knowsPerson(id string) error {
	if _, ok := c.personIndex(id); !ok {
		return bot.Errorf(bot.ENOTFOUND, "No person with id %q.", id)
	}
	return nil
}

// namedStrategy returns a copy of the strategy a request named; an unknown
// one is ENOTFOUND.
func (c *catalog) namedStrategy(id string) (bot.Strategy, error) {
	if err := c.knowsStrategy(id); err != nil {
		return bot.Strategy{}, err
	}
	return c.strategyOf(id)
}

// namedPerson returns a copy of the person a request named; an unknown one
// is ENOTFOUND.
func (c *catalog) namedPerson(id string) (bot.Person, error) {
	if err := c.knowsPerson(id); err != nil {
		return bot.Person{}, err
	}
	return c.personOf(id)
}

func cloneStrategy(s bot.Strategy) bot.Strategy {
	s.Aliases = slices.Clone(s.Aliases)
	return s
}

func clonePerson(p bot.Person) bot.Person {
	p.Aliases = slices.Clone(p.Aliases)
	p.Categories = slices.Clone(p.Categories)
	p.Affiliations = slices.Clone(p.Affiliations)
	p.PDoomClaims = slices.Clone(p.PDoomClaims)
	p.Timelines = slices.Clone(p.Timelines)
	return p
}

// Catalog returns every strategy and person, ordered by id, with the version
// they were read at: the store's own catalog, shared (bot.Catalog is read
// only), so that a bot holds one copy of a large catalog, not two.
func (db *DB) Catalog(ctx context.Context) (bot.Catalog, error) {
	var out bot.Catalog
	err := db.Read(ctx, func(tx *sql.Tx) error {
		c, err := db.catalogAt(ctx, tx)
		if err != nil {
			return err
		}
		out = bot.Catalog{Version: c.version, Strategies: c.strategies, People: c.people}
		return nil
	})
	if err != nil {
		return bot.Catalog{}, fmt.Errorf("catalog: %w", err)
	}
	return out, nil
}

// allStrategies reads every strategy, by id.
func (db *DB) allStrategies(ctx context.Context, tx *sql.Tx) ([]bot.Strategy, error) {
	var x strategyScan
	rows, err := tx.StmtContext(ctx, db.reads.allStrategies).QueryContext(ctx)
	return collect(rows, err, x.dest(), x.strategy)
}

// allEndorsed reads every stated endorsement into c, from the index
// stances_endorsed alone: per person, the strategies in the source's order
// of the person's stances (bot.CompareStanceOrder).
func (db *DB) allEndorsed(ctx context.Context, tx *sql.Tx, c *catalog) error {
	type endorsement struct {
		person   int
		strategy *bot.Strategy
		order    int
	}
	var (
		row string
		f   [3]string
		all []endorsement
	)
	rows, err := tx.StmtContext(ctx, db.reads.allEndorsed).QueryContext(ctx)
	err = queryAll(rows, err, []any{&row}, func() error {
		if err := splitRow(row, f[:]); err != nil {
			return err
		}
		order, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("%s/%s position: %w", f[0], f[1], err)
		}
		p, ok := c.personIndex(f[0])
		if !ok {
			return fmt.Errorf("person %q missing from catalog version %d", f[0], c.version)
		}
		s := c.strategy(f[1])
		if s == nil {
			return fmt.Errorf("strategy %q missing from catalog version %d", f[1], c.version)
		}
		all = append(all, endorsement{person: p, strategy: s, order: order})
		return nil
	})
	if err != nil {
		return fmt.Errorf("stated endorsements: %w", err)
	}
	slices.SortFunc(all, func(a, b endorsement) int {
		if a.person != b.person {
			return cmp.Compare(a.person, b.person)
		}
		return bot.CompareStanceOrder(bot.Stance{Order: a.order, StrategyID: a.strategy.ID},
			bot.Stance{Order: b.order, StrategyID: b.strategy.ID})
	})
	c.endorsed = make([]*bot.Strategy, len(all))
	c.endorsedFrom = make([]int32, len(c.people)+1)
	for i, e := range all {
		c.endorsed[i] = e.strategy
		c.endorsedFrom[e.person+1]++
	}
	for i := range c.people {
		c.endorsedFrom[i+1] += c.endorsedFrom[i]
	}
	return nil
}

// allPeople reads every person, by id, into a slice made for their number,
// counted first. The catalog keeps it: appending would leave a fifth of it
// spare (8 MB at 100k people), and have made a garbage chain of its
// smaller copies (150 MB) while the catalog loads.
func (db *DB) allPeople(ctx context.Context, tx *sql.Tx) ([]bot.Person, error) {
	var n int
	if err := tx.StmtContext(ctx, db.reads.countPeople).QueryRowContext(ctx).Scan(&n); err != nil {
		return nil, fmt.Errorf("count people: %w", err)
	}
	var (
		x      personScan
		people []bot.Person // nil for none, as the other reads give
	)
	if n > 0 {
		people = make([]bot.Person, 0, n)
	}
	rows, err := tx.StmtContext(ctx, db.reads.allPeople).QueryContext(ctx)
	err = queryAll(rows, err, x.dest(), func() error {
		p, err := x.person()
		people = append(people, p)
		return err
	})
	return people, err
}
