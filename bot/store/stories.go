package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/stancebot/stancebot/bot"
)

// Stories returns every stored story with its overview sections and
// replies, in stored order, by id.
func (db *DB) Stories(ctx context.Context) (out []bot.Story, err error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	defer func() {
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) && err == nil {
			err = fmt.Errorf("stories: %w", rerr)
		}
	}()
	out, err = exportStories(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	return out, nil
}
