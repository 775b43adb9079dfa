package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// The per-message outbox of digests and paused subscriptions (migration
// 0005_delivery.sql). Every method here is one transaction.

// AddDigestMessages records the platform messages a digest in the outbox is
// split into, each with its idempotency key (keys[i] for payloads[i]), unless
// the digest already has its messages: those stay as they are, so a digest
// is split once and every retry posts the same messages. It returns the
// digest's messages in order; an *bot.Error with ENOTFOUND when the digest is
// not in the outbox (the channel unsubscribed).
func (db *DB) AddDigestMessages(ctx context.Context, platform bot.Platform, channelID, date string, keys []string, payloads [][]byte) ([]DigestMessage, error) {
	if len(keys) != len(payloads) {
		return nil, fmt.Errorf("add digest messages: %d keys for %d messages", len(keys), len(payloads))
	}
	var msgs []DigestMessage
	err := db.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM digest_outbox
			WHERE platform = ? AND channel_id = ? AND date = ?`,
			string(platform), channelID, date).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return bot.Errorf(bot.ENOTFOUND, "No digest of %s channel %s for %s.", platform, channelID, date)
		}
		var have int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM digest_message
			WHERE platform = ? AND channel_id = ? AND date = ?`,
			string(platform), channelID, date).Scan(&have); err != nil {
			return err
		}
		if have == 0 {
			for i, p := range payloads {
				if _, err := tx.ExecContext(ctx, `INSERT INTO digest_message
					(platform, channel_id, date, part, key, payload, attempted_at, posted_at)
					VALUES (?, ?, ?, ?, ?, ?, '', '')`,
					string(platform), channelID, date, i, keys[i], p); err != nil {
					return err
				}
			}
		}
		var err error
		msgs, err = digestMessages(ctx, tx, platform, channelID, date)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add digest messages %s/%s %s: %w", platform, channelID, date, err)
	}
	return msgs, nil
}

// DigestMessages returns the platform messages of a digest, in order (none
// until AddDigestMessages).
func (db *DB) DigestMessages(ctx context.Context, platform bot.Platform, channelID, date string) ([]DigestMessage, error) {
	var msgs []DigestMessage
	err := db.Read(ctx, func(tx *sql.Tx) error {
		var err error
		msgs, err = digestMessages(ctx, tx, platform, channelID, date)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("digest messages %s/%s %s: %w", platform, channelID, date, err)
	}
	return msgs, nil
}

// BeginDigest records that delivery of an unsent digest begins now, which
// puts it behind every other unsent digest in UnsentDigests.
func (db *DB) BeginDigest(ctx context.Context, platform bot.Platform, channelID, date string) error {
	err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE digest_outbox SET attempted_at = ?
			WHERE platform = ? AND channel_id = ? AND date = ?`,
			formatTime(db.Now()), string(platform), channelID, date)
		return err
	})
	if err != nil {
		return fmt.Errorf("begin digest %s/%s %s: %w", platform, channelID, date, err)
	}
	return nil
}

// BeginDigestMessage records, before a message is posted, that its post
// begins: from then on it may be on the platform even if its confirmation
// never arrives. The first beginning is kept. It returns the message as it
// stands.
func (db *DB) BeginDigestMessage(ctx context.Context, platform bot.Platform, channelID, date string, part int) (DigestMessage, error) {
	var m DigestMessage
	err := db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE digest_message SET attempted_at = ?
			WHERE platform = ? AND channel_id = ? AND date = ? AND part = ? AND attempted_at = ''`,
			formatTime(db.Now()), string(platform), channelID, date, part)
		if err != nil {
			return err
		}
		if _, err := res.RowsAffected(); err != nil {
			return err
		}
		m, err = digestMessage(ctx, tx, platform, channelID, date, part)
		return err
	})
	if err != nil {
		return DigestMessage{}, fmt.Errorf("begin digest message %s/%s %s #%d: %w", platform, channelID, date, part, err)
	}
	return m, nil
}

// MarkDigestMessagePosted records that the platform confirmed a message.
func (db *DB) MarkDigestMessagePosted(ctx context.Context, platform bot.Platform, channelID, date string, part int) error {
	err := db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE digest_message SET posted_at = ?
			WHERE platform = ? AND channel_id = ? AND date = ? AND part = ? AND posted_at = ''`,
			formatTime(db.Now()), string(platform), channelID, date, part)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			_, err := digestMessage(ctx, tx, platform, channelID, date, part)
			return err
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark digest message %s/%s %s #%d posted: %w", platform, channelID, date, part, err)
	}
	return nil
}

// PauseDigestSubscription stops a channel's digests, saying why, until the
// subscription is saved again. Pausing a paused or missing subscription
// changes nothing.
func (db *DB) PauseDigestSubscription(ctx context.Context, platform bot.Platform, channelID, reason string) error {
	err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE digest_subscription SET paused_at = ?, paused_reason = ?
			WHERE platform = ? AND channel_id = ? AND paused_at = ''`,
			formatTime(db.Now()), reason, string(platform), channelID)
		return err
	})
	if err != nil {
		return fmt.Errorf("pause digest subscription %s/%s: %w", platform, channelID, err)
	}
	return nil
}

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

func digestMessages(ctx context.Context, tx *sql.Tx, platform bot.Platform, channelID, date string) ([]DigestMessage, error) {
	rows, err := tx.QueryContext(ctx, digestMessageSelect+` WHERE platform = ? AND channel_id = ? AND date = ? ORDER BY part`,
		string(platform), channelID, date)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var msgs []DigestMessage
	for rows.Next() {
		m, err := scanDigestMessage(rows)
		if err != nil {
			return nil, err
		}
		msgs = append(msgs, m)
	}
	return msgs, rows.Err()
}

func digestMessage(ctx context.Context, tx *sql.Tx, platform bot.Platform, channelID, date string, part int) (DigestMessage, error) {
	m, err := scanDigestMessage(tx.QueryRowContext(ctx, digestMessageSelect+
		` WHERE platform = ? AND channel_id = ? AND date = ? AND part = ?`, string(platform), channelID, date, part))
	if errors.Is(err, sql.ErrNoRows) {
		return DigestMessage{}, bot.Errorf(bot.ENOTFOUND, "No message %d in the digest of %s channel %s for %s.", part, platform, channelID, date)
	}
	return m, err
}

const digestMessageSelect = `SELECT part, key, payload, attempted_at, posted_at FROM digest_message`

func scanDigestMessage(row interface{ Scan(...any) error }) (DigestMessage, error) {
	var m DigestMessage
	var attempted, posted string
	if err := row.Scan(&m.Part, &m.Key, &m.Payload, &attempted, &posted); err != nil {
		return DigestMessage{}, err
	}
	var err error
	if m.AttemptedAt, err = parseTime(attempted); err != nil {
		return DigestMessage{}, err
	}
	if m.PostedAt, err = parseTime(posted); err != nil {
		return DigestMessage{}, err
	}
	return m, nil
}
