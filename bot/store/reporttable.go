package store

import (
	"cmp"
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
// version: every stance with its person and how many quotes the person has
// on the stance's strategy, and the co-endorsements. It belongs to the
// catalog of the same version and is exact for any snapshot at that
// version, for the same reason the catalog is: stances, quotes and
// co-endorsements change only through Import, and every change advances
// the version.
//
// Reading a big strategy's rows from SQLite costs about a microsecond a
// row, milliseconds for the biggest strategies; the whole table is read
// once per version, in two queries. It is immutable once built.
type reportTable struct {
	stances map[string][]tableStance  // strategy id -> stances, by person id
	related map[string][]tableRelated // strategy id -> co-endorsements, most shared first, then by name
}

// tableStance is one stance of a reportTable.
type tableStance struct {
	person *bot.Person // the catalog's: cloned when handed out
	stance bot.Stance
	quotes int
}

// tableRelated is one co-endorsement of a reportTable.
type tableRelated struct {
	strategy *bot.Strategy // the catalog's: cloned when handed out
	people   int
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
		stances: make(map[string][]tableStance, len(c.strategies)),
		related: make(map[string][]tableRelated, len(c.strategies)),
	}
	if err := db.readTableStances(ctx, tx, c, t); err != nil {
		return nil, fmt.Errorf("report table: %w", err)
	}
	if err := db.readTableRelated(ctx, tx, c, t); err != nil {
		return nil, fmt.Errorf("report table: %w", err)
	}
	c.report.tbl.Store(t)
	return t, nil
}

// readTableStances reads every stance with its quote count into t.
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
		t.stances[st.StrategyID] = append(t.stances[st.StrategyID], tableStance{person: p, stance: st, quotes: n})
		return nil
	})
	if err != nil {
		return fmt.Errorf("stances: %w", err)
	}
	return nil
}

// readTableRelated reads the co-endorsements (kept by Import, see
// import_coendorse.go) into t, each strategy's most shared first, then by
// name.
func (db *DB) readTableRelated(ctx context.Context, tx *sql.Tx, c *catalog, t *reportTable) error {
	var (
		row string
		f   [3]string
	)
	rows, err := tx.StmtContext(ctx, db.reads.tableRelated).QueryContext(ctx)
	err = queryAll(rows, err, []any{&row}, func() error {
		if err := splitRow(row, f[:]); err != nil {
			return err
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("%s/%s: %w", f[0], f[1], err)
		}
		other, ok := c.strategy[f[1]]
		if !ok {
			return fmt.Errorf("strategy %q missing from catalog version %d", f[1], c.version)
		}
		t.related[f[0]] = append(t.related[f[0]], tableRelated{strategy: other, people: n})
		return nil
	})
	if err != nil {
		return fmt.Errorf("co-endorsements: %w", err)
	}
	for _, rel := range t.related {
		slices.SortFunc(rel, func(a, b tableRelated) int {
			if a.people != b.people {
				return cmp.Compare(b.people, a.people)
			}
			return cmp.Or(cmp.Compare(a.strategy.Name, b.strategy.Name), cmp.Compare(a.strategy.ID, b.strategy.ID))
		})
	}
	return nil
}
