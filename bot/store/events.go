package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// SeeEvent records that a platform event (a Slack event id) is being
// answered, and reports whether it was seen within the window before: an
// event seen is a retry to be acknowledged, not answered again. Records
// older than the window are forgotten.
func (db *DB) SeeEvent(ctx context.Context, platform bot.Platform, id string, window time.Duration) (bool, error) {
	seen := false
	err := db.Write(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		cutoff := formatTime(now.Add(-window))
		if _, err := tx.ExecContext(ctx, `DELETE FROM seen_event WHERE seen_at < ?`, cutoff); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO seen_event (platform, id, seen_at) VALUES (?, ?, ?)
			ON CONFLICT (platform, id) DO NOTHING`, string(platform), id, formatTime(now))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		seen = n == 0
		return err
	})
	if err != nil {
		return false, fmt.Errorf("see event %s %s: %w", platform, id, err)
	}
	return seen, nil
}
