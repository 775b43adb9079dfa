package store

import (
	"context"
	"fmt"

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

// QuotesSince returns up to limit quotes whose Seq is greater than after, in
// Seq order, retracted ones flagged (a retraction advances the quote's
// Seq); limit <= 0 means no limit. It reads no community columns: each
// quote's Provenance and Dispute are nil.
func (db *DB) QuotesSince(ctx context.Context, after int64, limit int) ([]bot.SeqQuote, error) {
	var out []bot.SeqQuote
	var (
		seq       int64
		retracted bool
		qs        = quoteScan{light: true}
	)
	rows, err := db.reads.quotesSince.QueryContext(ctx, after, sqlLimit(limit))
	err = queryAll(rows, err, append([]any{&seq, &retracted}, qs.dest()...), func() error {
		q, err := qs.quote()
		out = append(out, bot.SeqQuote{Seq: seq, Quote: q, Retracted: retracted})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("quotes since %d: %w", after, err)
	}
	return out, nil
}

// ChangesSince returns up to limit changes whose Seq is greater than after,
// in Seq order; limit <= 0 means no limit.
func (db *DB) ChangesSince(ctx context.Context, after int64, limit int) ([]bot.Change, error) {
	var cs changeScan
	rows, err := db.reads.changesSince.QueryContext(ctx, after, sqlLimit(limit))
	out, err := collect(rows, err, cs.dest(), cs.change)
	if err != nil {
		return nil, fmt.Errorf("changes since %d: %w", after, err)
	}
	return out, nil
}

// sqlLimit maps "no limit" (<= 0) to SQLite's LIMIT -1.
func sqlLimit(limit int) int {
	if limit <= 0 {
		return -1
	}
	return limit
}
