package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/stancebot/stancebot/bot"
)

// QuoteViews returns the quotes with the given ids, in that order, each with
// its person, strategy and the person's stance on it; unknown ids are skipped.
func (db *DB) QuoteViews(ctx context.Context, ids []string) ([]bot.QuoteView, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	arg, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("quote views: %w", err)
	}
	var out []bot.QuoteView
	err = db.Read(ctx, func(tx *sql.Tx) error {
		c, err := db.catalogAt(ctx, tx)
		if err != nil {
			return err
		}
		var (
			qs  quoteScan
			sts stanceScan
		)
		rows, err := tx.StmtContext(ctx, db.reads.quoteViews).QueryContext(ctx, string(arg))
		return queryAll(rows, err, append(qs.dest(), sts.dest()...), func() error {
			var (
				v   bot.QuoteView
				err error
			)
			if v.Quote, err = qs.quote(); err != nil {
				return err
			}
			if v.Person, err = c.personOf(v.Quote.PersonID); err != nil {
				return err
			}
			if v.Strategy, err = c.strategyOf(v.Quote.StrategyID); err != nil {
				return err
			}
			if v.Stance, err = sts.stance(); err != nil {
				return err
			}
			out = append(out, v)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("quote views: %w", err)
	}
	return out, nil
}
