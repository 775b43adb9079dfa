package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/stancebot/stancebot/bot"
)

// Version returns the Seq of the last recorded change, 0 for an empty store.
func (db *DB) Version(ctx context.Context) (int64, error) {
	var v int64
	if err := db.reads.version.QueryRowContext(ctx).Scan(&v); err != nil {
		return 0, fmt.Errorf("store version: %w", err)
	}
	return v, nil
}

// StrategyReport returns everything /whoendorses shows for one strategy,
// from one snapshot: the strategy and board, every stance with its person
// (by person id), every quote (by person id, then quote id), and for every
// other strategy endorsed by some of its endorsers how many (most first, then
// by name). A missing strategy is ENOTFOUND.
func (db *DB) StrategyReport(ctx context.Context, strategyID string) (bot.StrategyReport, error) {
	var rep bot.StrategyReport
	err := db.Read(ctx, func(tx *sql.Tx) error {
		c, err := db.catalogAt(ctx, tx)
		if err != nil {
			return err
		}
		s, ok := c.strategy[strategyID]
		if !ok {
			return bot.Errorf(bot.ENOTFOUND, "No strategy with id %q.", strategyID)
		}
		rep.Strategy = cloneStrategy(*s)
		if rep.Board, err = db.board(ctx, tx); err != nil {
			return err
		}
		stances, err := db.stances(ctx, tx, db.reads.strategyStances, strategyID)
		if err != nil {
			return err
		}
		rep.Stances = make([]bot.PersonStance, len(stances))
		for i, st := range stances {
			rep.Stances[i].Stance = st
			if rep.Stances[i].Person, err = c.personOf(st.PersonID); err != nil {
				return err
			}
		}
		if rep.Quotes, err = db.quotes(ctx, tx, db.reads.strategyQuotes, strategyID); err != nil {
			return err
		}
		rep.Related, err = db.coEndorsements(ctx, tx, c, strategyID)
		return err
	})
	if err != nil {
		return bot.StrategyReport{}, fmt.Errorf("strategy report %q: %w", strategyID, err)
	}
	return rep, nil
}

// board reads the board row; nil when no dataset named a board.
func (db *DB) board(ctx context.Context, tx *sql.Tx) (*bot.Board, error) {
	var b bot.Board
	err := tx.StmtContext(ctx, db.reads.board).QueryRowContext(ctx).Scan(&b.Name, &b.ProfiledTotal)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("board: %w", err)
	}
	return &b, nil
}

// coEndorsements counts, in one aggregate query, how many of the strategy's
// endorsers endorse each other strategy; most shared first, then by name.
func (db *DB) coEndorsements(ctx context.Context, tx *sql.Tx, c *catalog, strategyID string) ([]bot.CoEndorsement, error) {
	var (
		out []bot.CoEndorsement
		id  string
		n   int
	)
	rows, err := tx.StmtContext(ctx, db.reads.coEndorsements).QueryContext(ctx, strategyID)
	err = queryAll(rows, err, []any{&id, &n}, func() error {
		s, err := c.strategyOf(id)
		out = append(out, bot.CoEndorsement{Strategy: s, People: n})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("co-endorsements: %w", err)
	}
	slices.SortFunc(out, func(a, b bot.CoEndorsement) int {
		return cmp.Or(cmp.Compare(b.People, a.People), cmp.Compare(a.Strategy.Name, b.Strategy.Name),
			cmp.Compare(a.Strategy.ID, b.Strategy.ID))
	})
	return out, nil
}

// stances runs a prepared stance query with one argument.
func (db *DB) stances(ctx context.Context, tx *sql.Tx, st *sql.Stmt, arg string) ([]bot.Stance, error) {
	var (
		out []bot.Stance
		x   stanceScan
	)
	rows, err := tx.StmtContext(ctx, st).QueryContext(ctx, arg)
	err = queryAll(rows, err, x.dest(), func() error {
		s, err := x.mustStance()
		out = append(out, s)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("stances: %w", err)
	}
	return out, nil
}

// quotes runs a prepared quote query with one argument.
func (db *DB) quotes(ctx context.Context, tx *sql.Tx, st *sql.Stmt, arg string) ([]bot.Quote, error) {
	var (
		out []bot.Quote
		x   quoteScan
	)
	rows, err := tx.StmtContext(ctx, st).QueryContext(ctx, arg)
	err = queryAll(rows, err, x.dest(), func() error {
		q, err := x.quote()
		out = append(out, q)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	return out, nil
}

// PersonReport returns everything /person shows for one person, from one
// snapshot: the person, their stances with strategies (by strategy id),
// their quotes (by strategy id, then quote id) and their stance history,
// oldest first. A missing person is ENOTFOUND.
func (db *DB) PersonReport(ctx context.Context, personID string) (bot.PersonReport, error) {
	var rep bot.PersonReport
	err := db.Read(ctx, func(tx *sql.Tx) error {
		c, err := db.catalogAt(ctx, tx)
		if err != nil {
			return err
		}
		p, ok := c.person[personID]
		if !ok {
			return bot.Errorf(bot.ENOTFOUND, "No person with id %q.", personID)
		}
		rep.Person = clonePerson(*p)
		stances, err := db.stances(ctx, tx, db.reads.personStances, personID)
		if err != nil {
			return err
		}
		rep.Stances = make([]bot.StrategyStance, len(stances))
		for i, st := range stances {
			rep.Stances[i].Stance = st
			if rep.Stances[i].Strategy, err = c.strategyOf(st.StrategyID); err != nil {
				return err
			}
		}
		if rep.Quotes, err = db.quotes(ctx, tx, db.reads.personQuotes, personID); err != nil {
			return err
		}
		var cs changeScan
		rows, err := tx.StmtContext(ctx, db.reads.personHistory).QueryContext(ctx, personID)
		err = queryAll(rows, err, cs.dest(), func() error {
			ch, err := cs.change()
			rep.History = append(rep.History, ch)
			return err
		})
		if err != nil {
			return fmt.Errorf("history: %w", err)
		}
		return nil
	})
	if err != nil {
		return bot.PersonReport{}, fmt.Errorf("person report %q: %w", personID, err)
	}
	return rep, nil
}
