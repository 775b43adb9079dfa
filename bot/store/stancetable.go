package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/stancebot/stancebot/bot"
)

// stanceTable is every stance of one store version with its person and
// how many quotes the person has on the stance's strategy, by strategy. It
// belongs to the catalog of the same version and is exact for any snapshot
// at that version, for the same reason the catalog is: stances and quotes
// change only through Import, and every change advances the version.
//
// StrategyReport reads it instead of the strategy's rows: reading a big
// strategy's stances from SQLite costs about a microsecond a row, which
// is milliseconds for the biggest strategies, while the whole table is
// read once per version in one query. It is immutable once built.
type stanceTable struct {
	byStrategy map[string][]tableStance // strategy id -> stances, by person id
}

// tableStance is one stance of a stanceTable.
type tableStance struct {
	person *bot.Person // the catalog's: cloned when handed out
	stance bot.Stance
	quotes int
}

// stanceTableSlot holds a catalog's stance table once it is read.
type stanceTableSlot struct {
	mu  sync.Mutex // one loader at a time; the others then find it loaded
	tbl atomic.Pointer[stanceTable]
}

// stanceTableAt returns the stance table of catalog c, reading it from tx
// (a snapshot at c's version) on first use.
func (db *DB) stanceTableAt(ctx context.Context, tx *sql.Tx, c *catalog) (*stanceTable, error) {
	if t := c.stances.tbl.Load(); t != nil {
		return t, nil
	}
	c.stances.mu.Lock()
	defer c.stances.mu.Unlock()
	if t := c.stances.tbl.Load(); t != nil {
		return t, nil
	}
	t := &stanceTable{byStrategy: make(map[string][]tableStance, len(c.strategies))}
	var (
		row string
		f   [stanceFields + 1]string
	)
	rows, err := tx.StmtContext(ctx, db.reads.stanceTable).QueryContext(ctx)
	err = queryAll(rows, err, []any{&row}, func() error {
		if err := splitRow(row, f[:]); err != nil {
			return fmt.Errorf("stance: %w", err)
		}
		at, err := parseTime(f[4])
		if err != nil {
			return fmt.Errorf("stance %s/%s: %w", f[0], f[1], err)
		}
		n, err := strconv.Atoi(f[stanceFields])
		if err != nil {
			return fmt.Errorf("stance %s/%s quote count: %w", f[0], f[1], err)
		}
		p, ok := c.person[f[0]]
		if !ok {
			return fmt.Errorf("person %q missing from catalog version %d", f[0], c.version)
		}
		st := bot.Stance{PersonID: f[0], StrategyID: f[1], Kind: bot.StanceKind(f[2]), Summary: f[3], RecordedAt: at}
		t.byStrategy[st.StrategyID] = append(t.byStrategy[st.StrategyID], tableStance{person: p, stance: st, quotes: n})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stance table: %w", err)
	}
	c.stances.tbl.Store(t)
	return t, nil
}
