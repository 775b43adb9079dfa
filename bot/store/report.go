package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/stancebot/stancebot/bot"
)

// StrategyReport returns what /whoendorses computes a strategy's card
// from, from one snapshot: the strategy and board, every current stance
// with its person and the person's quote counts (on the strategy, on all
// their stances), by person id; for every other strategy stated endorsed
// by some of its stated endorsers how many, in the board's order (see
// reportTable.related); and the aggregates a page stated for it. They come
// from the report table of the snapshot's version (see reportTableAt). A
// missing strategy is ENOTFOUND.
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
		rep.Version = c.version
		rep.Strategy = cloneStrategy(*s)
		if rep.Board, err = db.board(ctx, tx); err != nil {
			return err
		}
		t, err := db.reportTableAt(ctx, tx, c)
		if err != nil {
			return err
		}
		ts := t.stances[strategyID]
		rep.Stances = make([]bot.PersonStance, len(ts))
		for i, x := range ts {
			rep.Stances[i] = bot.PersonStance{Person: clonePerson(*x.person), Stance: x.stance, Quotes: x.quotes,
				AllQuotes: t.allQuotes[x.person.ID]}
		}
		rep.Related = t.related(c, strategyID)
		if a, ok := t.stated[strategyID]; ok {
			rep.Stated = cloneStated(a)
		}
		return nil
	})
	if err != nil {
		return bot.StrategyReport{}, fmt.Errorf("strategy report %q: %w", strategyID, err)
	}
	return rep, nil
}

// StrategyQuotes returns the quotes on a strategy by the given people (every
// quote on it when personIDs is nil), by person id, then quote id. A
// missing strategy is ENOTFOUND.
func (db *DB) StrategyQuotes(ctx context.Context, strategyID string, personIDs []string) ([]bot.Quote, error) {
	var people []byte
	if personIDs != nil {
		if len(personIDs) == 0 {
			personIDs = []string{} // a JSON array, not null
		}
		var err error
		if people, err = json.Marshal(personIDs); err != nil {
			return nil, fmt.Errorf("strategy quotes %q: %w", strategyID, err)
		}
	}
	var out []bot.Quote
	err := db.Read(ctx, func(tx *sql.Tx) error {
		c, err := db.catalogAt(ctx, tx)
		if err != nil {
			return err
		}
		if _, ok := c.strategy[strategyID]; !ok {
			return bot.Errorf(bot.ENOTFOUND, "No strategy with id %q.", strategyID)
		}
		if people == nil {
			out, err = readQuotes(ctx, tx, db.reads.strategyQuotes, 0, strategyID)
		} else {
			out, err = readQuotes(ctx, tx, db.reads.peopleQuotes, 2*len(personIDs), strategyID, string(people))
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("strategy quotes %q: %w", strategyID, err)
	}
	return out, nil
}

// board reads the board row; nil when no dataset named a board.
func (db *DB) board(ctx context.Context, tx *sql.Tx) (*bot.Board, error) {
	var b bot.Board
	err := tx.StmtContext(ctx, db.reads.board).QueryRowContext(ctx).Scan(&b.Name, &b.ProfiledTotal, &b.Synthetic)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("board: %w", err)
	}
	return &b, nil
}

// eachStance runs a prepared stance query with one argument and calls fn
// for every stance, in order.
func eachStance(ctx context.Context, tx *sql.Tx, st *sql.Stmt, arg string, fn func(bot.Stance) error) error {
	var x stanceScan
	rows, err := tx.StmtContext(ctx, st).QueryContext(ctx, arg)
	err = queryAll(rows, err, x.dest(), func() error {
		s, err := x.mustStance()
		if err != nil {
			return err
		}
		return fn(s)
	})
	if err != nil {
		return fmt.Errorf("stances: %w", err)
	}
	return nil
}

// readQuotes runs a prepared quote query with its arguments; sizeHint is
// the expected number of quotes.
func readQuotes(ctx context.Context, tx *sql.Tx, st *sql.Stmt, sizeHint int, args ...any) ([]bot.Quote, error) {
	var (
		out = make([]bot.Quote, 0, sizeHint)
		x   quoteScan
	)
	rows, err := tx.StmtContext(ctx, st).QueryContext(ctx, args...)
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
		err = eachStance(ctx, tx, db.reads.personStances, personID, func(st bot.Stance) error {
			str, err := c.strategyOf(st.StrategyID)
			rep.Stances = append(rep.Stances, bot.StrategyStance{Strategy: str, Stance: st})
			return err
		})
		if err != nil {
			return err
		}
		if rep.Quotes, err = readQuotes(ctx, tx, db.reads.personQuotes, len(rep.Stances), personID); err != nil {
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

// cloneStated returns a deep copy of a, for a report.
func cloneStated(a bot.StatedAggregates) *bot.StatedAggregates {
	a.ExpertiseMix = maps.Clone(a.ExpertiseMix)
	a.RecognitionMix = maps.Clone(a.RecognitionMix)
	a.VintageMix = maps.Clone(a.VintageMix)
	a.Unnamed = slices.Clone(a.Unnamed)
	a.People = slices.Clone(a.People)
	if a.PDoom != nil {
		d := *a.PDoom
		a.PDoom = &d
	}
	return &a
}
