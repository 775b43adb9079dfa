package store

import (
	"context"
	"fmt"

	"github.com/stancebot/stancebot/bot"
)

// Counts returns how many strategies, people, stances, quotes and stories
// the store holds (the console's banner says it).
func (db *DB) Counts(ctx context.Context) (bot.ImportCounts, error) {
	var c bot.ImportCounts
	err := db.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM strategies), (SELECT count(*) FROM people), (SELECT count(*) FROM stances),
		(SELECT count(*) FROM quotes), (SELECT count(*) FROM stories)`).
		Scan(&c.Strategies, &c.People, &c.Stances, &c.Quotes, &c.Stories)
	if err != nil {
		return bot.ImportCounts{}, fmt.Errorf("store counts: %w", err)
	}
	return c, nil
}
