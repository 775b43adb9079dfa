package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/stancebot/stancebot/bot"
)

// StrategyReport returns what /whoendorses computes a strategy's card
// from, from one snapshot: the strategy and board, every current stance
// with its person and the person's quote counts (on the strategy, on all
// their stances), by person id; for every other strategy stated endorsed
// by some of its stated endorsers how many, in the board's order (see
// related); and the aggregates a page stated for it. It reads the
// strategy's own rows only, through indexes (migration 0007). A missing
// strategy is ENOTFOUND.
func (db *DB) StrategyReport(ctx context.Context, strategyID string) (bot.StrategyReport, error) {
	var rep bot.StrategyReport
	err := db.Read(ctx, func(tx *sql.Tx) error {
		c, err := db.catalogAt(ctx, tx)
		if err != nil {
			return err
		}
		if rep.Strategy, err = c.namedStrategy(strategyID); err != nil {
			return err
		}
		rep.Version = c.version
		if rep.Board, err = db.board(ctx, tx); err != nil {
			return err
		}
		if rep.Stances, err = db.strategyStances(ctx, tx, c, strategyID); err != nil {
			return err
		}
		rep.Related = related(c, strategyID, rep.Stances)
		rep.Stated, err = db.strategyStated(ctx, tx, strategyID)
		return err
	})
	if err != nil {
		return bot.StrategyReport{}, fmt.Errorf("strategy report %q: %w", strategyID, err)
	}
	return rep, nil
}

// strategyStances reads a strategy's current stances with their people
// (from catalog c) and quote counts, by person id.
func (db *DB) strategyStances(ctx context.Context, tx *sql.Tx, c *catalog, strategyID string) ([]bot.PersonStance, error) {
	var (
		out []bot.PersonStance
		row string
		f   [stanceFields + 2]string
	)
	rows, err := tx.StmtContext(ctx, db.reads.strategyStances).QueryContext(ctx, strategyID)
	err = queryAll(rows, err, []any{&row}, func() error {
		if err := splitRow(row, f[:]); err != nil {
			return err
		}
		st, err := stanceOf(f[:stanceFields])
		if err != nil {
			return err
		}
		ps := bot.PersonStance{Stance: st}
		if ps.Quotes, err = strconv.Atoi(f[stanceFields]); err != nil {
			return fmt.Errorf("%s/%s quote count: %w", f[0], f[1], err)
		}
		if ps.AllQuotes, err = strconv.Atoi(f[stanceFields+1]); err != nil {
			return fmt.Errorf("%s/%s quote count: %w", f[0], f[1], err)
		}
		if ps.Person, err = c.personOf(st.PersonID); err != nil {
			return err
		}
		out = append(out, ps)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stances: %w", err)
	}
	return out, nil
}

// related counts, for every other strategy, how many of the strategy's
// stated endorsers (among stances, its stances) also state they endorse
// it, in the order the board meets them: endorsers in the source's order
// of people, each one's stances in the source's order (the board's tie
// order; the core sorts by count, stably), from the catalog's
// endorsements. Each co-endorsement carries the relation the canonical
// strategies declare between the two, if any. The stances' people are the
// catalog's (strategyStances).
func related(c *catalog, strategyID string, stances []bot.PersonStance) []bot.CoEndorsement {
	var endorsers []*bot.Person
	for i := range stances {
		if stances[i].Stance.IsStatedEndorser() {
			endorsers = append(endorsers, &stances[i].Person)
		}
	}
	slices.SortFunc(endorsers, func(a, b *bot.Person) int { return bot.ComparePersonOrder(*a, *b) })
	var (
		order  []*bot.Strategy
		counts = map[string]int{}
	)
	for _, p := range endorsers {
		for _, s := range c.endorsedBy(p.ID) {
			if s.ID == strategyID {
				continue
			}
			if counts[s.ID] == 0 {
				order = append(order, s)
			}
			counts[s.ID]++
		}
	}
	self, hasCanon := c.canonical[c.strategy(strategyID).CanonicalID]
	out := make([]bot.CoEndorsement, 0, len(order))
	for _, s := range order {
		co := bot.CoEndorsement{Strategy: cloneStrategy(*s), People: counts[s.ID]}
		if other, ok := c.canonical[s.CanonicalID]; ok && hasCanon {
			co.Declared = bot.DeclaredRelation(self, other)
		}
		out = append(out, co)
	}
	return out
}

// strategyStated reads the aggregates a page stated for a strategy; nil
// when none.
func (db *DB) strategyStated(ctx context.Context, tx *sql.Tx, strategyID string) (*bot.StatedAggregates, error) {
	var id, source, body string
	switch ok, err := scanOne(tx.StmtContext(ctx, db.reads.strategyStated).QueryRowContext(ctx, strategyID), &id, &source, &body); {
	case err != nil:
		return nil, fmt.Errorf("stated aggregates: %w", err)
	case !ok:
		return nil, nil
	}
	a, err := decodeStated(id, source, body)
	if err != nil {
		return nil, fmt.Errorf("stated aggregates: %w", err)
	}
	return &a, nil
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
	err := db.readKnown(ctx, nil, []string{strategyID}, func(tx *sql.Tx) (err error) {
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
	switch ok, err := scanOne(tx.StmtContext(ctx, db.reads.board).QueryRowContext(ctx), &b.Name, &b.ProfiledTotal, &b.Synthetic); {
	case err != nil:
		return nil, fmt.Errorf("board: %w", err)
	case !ok:
		return nil, nil
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
// snapshot: the person, their stances with strategies (by strategy id), how
// many current quotes they have, limit of them from offset in /person's
// order (newest source date first, unknown parts last, then id; none when
// limit is 0), through the index quotes_person_page, and their stance
// history, oldest first. A missing person is ENOTFOUND.
func (db *DB) PersonReport(ctx context.Context, personID string, offset, limit int) (bot.PersonReport, error) {
	if offset < 0 || limit < 0 {
		return bot.PersonReport{}, fmt.Errorf("person report %q: offset %d, limit %d: negative", personID, offset, limit)
	}
	var rep bot.PersonReport
	err := db.Read(ctx, func(tx *sql.Tx) error {
		c, err := db.catalogAt(ctx, tx)
		if err != nil {
			return err
		}
		if rep.Person, err = c.namedPerson(personID); err != nil {
			return err
		}
		err = eachStance(ctx, tx, db.reads.personStances, personID, func(st bot.Stance) error {
			str, err := c.strategyOf(st.StrategyID)
			rep.Stances = append(rep.Stances, bot.StrategyStance{Strategy: str, Stance: st})
			return err
		})
		if err != nil {
			return err
		}
		if err := tx.StmtContext(ctx, db.reads.personQuoteTotal).QueryRowContext(ctx, personID).Scan(&rep.QuoteTotal); err != nil {
			return fmt.Errorf("quote total: %w", err)
		}
		if limit > 0 && offset < rep.QuoteTotal {
			rep.Quotes, err = readQuotes(ctx, tx, db.reads.personPage, min(limit, rep.QuoteTotal-offset), personID, limit, offset)
			if err != nil {
				return err
			}
		}
		var cs changeScan
		rows, err := tx.StmtContext(ctx, db.reads.personHistory).QueryContext(ctx, personID)
		if rep.History, err = collect(rows, err, cs.dest(), cs.change); err != nil {
			return fmt.Errorf("history: %w", err)
		}
		return nil
	})
	if err != nil {
		return bot.PersonReport{}, fmt.Errorf("person report %q: %w", personID, err)
	}
	return rep, nil
}

// PersonQuoteIDs returns the ids of a person's current quotes on the
// given strategies (on every strategy when strategyIDs is nil), by id,
// reading nothing else of them. A missing person is ENOTFOUND.
func (db *DB) PersonQuoteIDs(ctx context.Context, personID string, strategyIDs []string) ([]string, error) {
	var on []byte
	if strategyIDs != nil {
		var err error
		if on, err = json.Marshal(strategyIDs); err != nil { // not nil: a JSON array, even when empty
			return nil, fmt.Errorf("person quote ids %q: %w", personID, err)
		}
	}
	var out []string
	err := db.readKnown(ctx, []string{personID}, nil, func(tx *sql.Tx) (err error) {
		if on == nil {
			out, err = readIDs(ctx, tx, db.reads.personQuoteIDs, personID)
		} else {
			out, err = readIDs(ctx, tx, db.reads.personOnIDs, personID, string(on))
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("person quote ids %q: %w", personID, err)
	}
	return out, nil
}

// StrategyQuoteIDs returns the ids of the current quotes on a strategy, by
// id, reading nothing else of them. A missing strategy is ENOTFOUND.
func (db *DB) StrategyQuoteIDs(ctx context.Context, strategyID string) ([]string, error) {
	var out []string
	err := db.readKnown(ctx, nil, []string{strategyID}, func(tx *sql.Tx) (err error) {
		out, err = readIDs(ctx, tx, db.reads.strategyQuoteIDs, strategyID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("strategy quote ids %q: %w", strategyID, err)
	}
	return out, nil
}

// readKnown runs read in one read transaction once the catalog there has
// the given people and strategies: a missing one is ENOTFOUND.
func (db *DB) readKnown(ctx context.Context, personIDs, strategyIDs []string, read func(tx *sql.Tx) error) error {
	return db.Read(ctx, func(tx *sql.Tx) error {
		c, err := db.catalogAt(ctx, tx)
		if err != nil {
			return err
		}
		for _, id := range personIDs {
			if err := c.knowsPerson(id); err != nil {
				return err
			}
		}
		for _, id := range strategyIDs {
			if err := c.knowsStrategy(id); err != nil {
				return err
			}
		}
		return read(tx)
	})
}

// readIDs runs a prepared query of quote ids with its arguments.
func readIDs(ctx context.Context, tx *sql.Tx, st *sql.Stmt, args ...any) ([]string, error) {
	var id string
	rows, err := tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	out, err := collect(rows, err, []any{&id}, func() (string, error) { return id, nil })
	if err != nil {
		return nil, fmt.Errorf("quote ids: %w", err)
	}
	return out, nil
}

// Stance returns a person's current stance on a strategy, nil when they
// hold none (or it was retracted). A missing person or strategy is
// ENOTFOUND.
func (db *DB) Stance(ctx context.Context, personID, strategyID string) (*bot.Stance, error) {
	var out *bot.Stance
	err := db.readKnown(ctx, []string{personID}, []string{strategyID}, func(tx *sql.Tx) error {
		var x stanceScan
		switch ok, err := scanOne(tx.StmtContext(ctx, db.reads.stance).QueryRowContext(ctx, strategyID, personID), x.dest()...); {
		case err != nil:
			return err
		case ok:
			out, err = x.stance()
			return err
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stance of %q on %q: %w", personID, strategyID, err)
	}
	return out, nil
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
	var id, source, body string
	rows, err := tx.StmtContext(ctx, db.reads.stated).QueryContext(ctx)
	out, err := collect(rows, err, []any{&id, &source, &body}, func() (bot.StatedAggregates, error) {
		return decodeStated(id, source, body)
	})
	if err != nil {
		return nil, fmt.Errorf("stated aggregates: %w", err)
	}
	return out, nil
}
