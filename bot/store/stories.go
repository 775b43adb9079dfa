package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/stancebot/stancebot/bot"
)

// Stories returns every stored story with its overview sections and
// replies, in stored order, by id.
func (db *DB) Stories(ctx context.Context) ([]bot.Story, error) {
	var out []bot.Story
	err := db.Read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = exportStories(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	return out, nil
}
