package digest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
)

// SQLStore keeps the digest tables in the store's SQLite database
// (migrations 0002_digest.sql and 0005_delivery.sql, with the store's):
// subscriptions, the outbox of digests and their messages, and the lease of
// the instance that sends them. It is a Store; every method is one
// transaction.
type SQLStore struct{ *store.DB }

// NewStore returns the digest tables of db, with db's reads and clock.
func NewStore(db *store.DB) *SQLStore { return &SQLStore{DB: db} }

// Subscription is a channel's daily digest subscription.
type Subscription struct {
	Platform   bot.Platform
	ChannelID  string   // the platform's native channel id
	At         string   // time of day, "HH:MM", in Zone
	Zone       string   // IANA time zone name
	Strategies []string // strategy ids; empty: every strategy
	// Watermark is the store Seq covered by the channel's last sent digest.
	Watermark int64
	CreatedAt time.Time
	UpdatedAt time.Time
	// LastDate is the date of the channel's newest outbox row, sent or not
	// ("" when there is none). Read only.
	LastDate string
	// PausedAt is when delivery stopped because the channel refused the bot
	// for good (zero: not paused), and PausedReason why. Saving the
	// subscription again resumes it.
	PausedAt     time.Time
	PausedReason string
}

// Paused reports whether the subscription is paused.
func (s Subscription) Paused() bool { return !s.PausedAt.IsZero() }

// Outbox is one digest of one channel: the range of store changes it
// covers, written before it is sent and marked sent after.
type Outbox struct {
	Platform  bot.Platform
	ChannelID string
	Date      string // YYYY-MM-DD in the subscription's zone
	FromSeq   int64  // the digest covers Seq in (FromSeq, ToSeq]
	ToSeq     int64
	Reply     []byte // the bot.Reply as JSON; nil when there was nothing to post
	CreatedAt time.Time
	SentAt    time.Time // zero until marked sent
	// AttemptedAt is when its delivery was last begun (zero: never).
	AttemptedAt time.Time
}

// Message is one platform message of a digest in the outbox.
type Message struct {
	Part    int    // 0-based order in the digest
	Key     string // the idempotency key the platform is given
	Payload []byte // the platform message, as the sender split it
	// AttemptedAt is when its first post began (zero: never tried). A
	// message attempted but not posted may or may not be on the platform.
	AttemptedAt time.Time
	PostedAt    time.Time // zero until the platform confirmed it
}

// Posted reports whether the platform confirmed the message.
func (m Message) Posted() bool { return !m.PostedAt.IsZero() }

// Sent reports whether the digest was marked sent.
func (o Outbox) Sent() bool { return !o.SentAt.IsZero() }

// Lease is who may send digests, and until when.
type Lease struct {
	Holder    string
	ExpiresAt time.Time
}

// SaveDigestSubscription creates or updates a channel's subscription (time,
// zone and strategies), resuming it if it was paused. A new subscription starts at the store's Version as
// of its write, so its first digest holds only what is recorded after it; an
// existing one keeps its watermark and creation time. It reports whether the
// subscription is new.
func (db *SQLStore) SaveDigestSubscription(ctx context.Context, sub Subscription) (Subscription, bool, error) {
	strategies, err := json.Marshal(digestIDs(sub.Strategies))
	if err != nil {
		return Subscription{}, false, fmt.Errorf("save digest subscription: %w", err)
	}
	now := store.FormatTime(db.Now())
	var saved Subscription
	created := false
	err = db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE digest_subscription
			SET at = ?, zone = ?, strategies = ?, updated_at = ?, paused_at = '', paused_reason = ''
			WHERE platform = ? AND channel_id = ?`,
			sub.At, sub.Zone, string(strategies), now, string(sub.Platform), sub.ChannelID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			created = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO digest_subscription
				(platform, channel_id, at, zone, strategies, watermark, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) FROM changes), ?, ?)`,
				string(sub.Platform), sub.ChannelID, sub.At, sub.Zone, string(strategies), now, now); err != nil {
				return err
			}
		}
		saved, err = digestSubscription(ctx, tx, sub.Platform, sub.ChannelID)
		return err
	})
	if err != nil {
		return Subscription{}, false, fmt.Errorf("save digest subscription: %w", err)
	}
	return saved, created, nil
}

// DeleteDigestSubscription removes a channel's subscription and, by the
// foreign key's ON DELETE CASCADE, its outbox rows. It reports whether there
// was one.
func (db *SQLStore) DeleteDigestSubscription(ctx context.Context, platform bot.Platform, channelID string) (bool, error) {
	var n int64
	err := db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM digest_subscription WHERE platform = ? AND channel_id = ?`,
			string(platform), channelID)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("delete digest subscription: %w", err)
	}
	return n > 0, nil
}

// DigestSubscription returns a channel's subscription, or an *bot.Error with
// ENOTFOUND when the channel has none.
func (db *SQLStore) DigestSubscription(ctx context.Context, platform bot.Platform, channelID string) (Subscription, error) {
	var sub Subscription
	err := db.Read(ctx, func(tx *sql.Tx) error {
		var err error
		sub, err = digestSubscription(ctx, tx, platform, channelID)
		return err
	})
	if err != nil {
		return Subscription{}, fmt.Errorf("digest subscription: %w", err)
	}
	return sub, nil
}

// DigestSubscriptions returns every subscription, by platform and channel.
func (db *SQLStore) DigestSubscriptions(ctx context.Context) ([]Subscription, error) {
	var subs []Subscription
	err := db.Read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, digestSubscriptionSelect+` ORDER BY s.platform, s.channel_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			sub, err := scanDigestSubscription(rows)
			if err != nil {
				return err
			}
			subs = append(subs, sub)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("digest subscriptions: %w", err)
	}
	return subs, nil
}

// AddDigest writes a digest to the outbox before it is sent. It is added
// only if it continues the channel's digests: the subscription exists, its
// watermark is o.FromSeq, no digest of the channel is unsent and o.Date is
// later than the channel's newest digest. A digest with SentAt set (nothing
// to post) is recorded as sent and advances the watermark at once. It reports
// whether the digest was added.
func (db *SQLStore) AddDigest(ctx context.Context, o Outbox) (bool, error) {
	if o.FromSeq > o.ToSeq {
		return false, fmt.Errorf("add digest: range (%d, %d] is reversed", o.FromSeq, o.ToSeq)
	}
	added := false
	err := db.Write(ctx, func(tx *sql.Tx) error {
		sub, err := digestSubscription(ctx, tx, o.Platform, o.ChannelID)
		if bot.ErrorCode(err) == bot.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		var unsent int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM digest_outbox
			WHERE platform = ? AND channel_id = ? AND sent_at = ''`,
			string(o.Platform), o.ChannelID).Scan(&unsent); err != nil {
			return err
		}
		if sub.Watermark != o.FromSeq || unsent > 0 || o.Date <= sub.LastDate {
			return nil
		}
		var reply any
		if o.Reply != nil {
			reply = o.Reply
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO digest_outbox
			(platform, channel_id, date, from_seq, to_seq, reply, created_at, sent_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			string(o.Platform), o.ChannelID, o.Date, o.FromSeq, o.ToSeq, reply,
			store.FormatTime(db.Now()), store.FormatTime(o.SentAt)); err != nil {
			return err
		}
		added = true
		if o.Sent() {
			return digestAdvance(ctx, tx, o.Platform, o.ChannelID, o.ToSeq)
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("add digest %s/%s %s: %w", o.Platform, o.ChannelID, o.Date, err)
	}
	return added, nil
}

// MarkDigestSent records that the platform confirmed a digest and advances
// the channel's watermark to the end of its range, in one transaction.
// Marking a digest already sent changes nothing; a digest that is not in the
// outbox (the channel unsubscribed) is an *bot.Error with ENOTFOUND.
func (db *SQLStore) MarkDigestSent(ctx context.Context, platform bot.Platform, channelID, date string) error {
	err := db.Write(ctx, func(tx *sql.Tx) error {
		var to int64
		var sent string
		if err := tx.QueryRowContext(ctx, `SELECT to_seq, sent_at FROM digest_outbox
			WHERE platform = ? AND channel_id = ? AND date = ?`,
			string(platform), channelID, date).Scan(&to, &sent); err != nil {
			return noDigest(err, platform, channelID, date)
		}
		if sent != "" {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE digest_outbox SET sent_at = ?
			WHERE platform = ? AND channel_id = ? AND date = ?`,
			store.FormatTime(db.Now()), string(platform), channelID, date); err != nil {
			return err
		}
		return digestAdvance(ctx, tx, platform, channelID, to)
	})
	if err != nil {
		return fmt.Errorf("mark digest %s/%s %s sent: %w", platform, channelID, date, err)
	}
	return nil
}

// UnsentDigests returns every digest written but not marked sent, the least
// recently attempted first (never attempted before any), then oldest first.
func (db *SQLStore) UnsentDigests(ctx context.Context) ([]Outbox, error) {
	out, err := db.digestOutboxes(ctx, `WHERE sent_at = '' ORDER BY attempted_at, created_at, platform, channel_id, date`)
	if err != nil {
		return nil, fmt.Errorf("unsent digests: %w", err)
	}
	return out, nil
}

// DigestOutboxes returns a channel's digests, oldest first.
func (db *SQLStore) DigestOutboxes(ctx context.Context, platform bot.Platform, channelID string) ([]Outbox, error) {
	out, err := db.digestOutboxes(ctx, `WHERE platform = ? AND channel_id = ? ORDER BY date`, string(platform), channelID)
	if err != nil {
		return nil, fmt.Errorf("digests of %s/%s: %w", platform, channelID, err)
	}
	return out, nil
}

// TakeDigestLease takes or renews the lease of the instance that sends
// digests, for ttl from now, in one write transaction: it succeeds when the
// lease is free, expired or already the holder's. It returns the lease as it
// stands afterwards; the caller holds it when Holder is its own id.
func (db *SQLStore) TakeDigestLease(ctx context.Context, holder string, ttl time.Duration) (Lease, error) {
	if holder == "" || ttl <= 0 {
		return Lease{}, fmt.Errorf("take digest lease: a holder and a positive ttl are required")
	}
	var lease Lease
	err := db.Write(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		var cur, expires string
		err := tx.QueryRowContext(ctx, `SELECT holder, expires_at FROM digest_lease WHERE id = 1`).Scan(&cur, &expires)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case cur != holder && expires > store.FormatTime(now):
			t, err := store.ParseTime(expires)
			lease = Lease{Holder: cur, ExpiresAt: t}
			return err
		}
		lease = Lease{Holder: holder, ExpiresAt: now.Add(ttl).UTC()}
		_, err = tx.ExecContext(ctx, `INSERT INTO digest_lease (id, holder, expires_at) VALUES (1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
			holder, store.FormatTime(lease.ExpiresAt))
		return err
	})
	if err != nil {
		return Lease{}, fmt.Errorf("take digest lease: %w", err)
	}
	return lease, nil
}

// ReleaseDigestLease gives up the lease if holder has it, so that another
// instance can send without waiting for it to expire.
func (db *SQLStore) ReleaseDigestLease(ctx context.Context, holder string) error {
	err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM digest_lease WHERE id = 1 AND holder = ?`, holder)
		return err
	})
	if err != nil {
		return fmt.Errorf("release digest lease: %w", err)
	}
	return nil
}

const digestSubscriptionSelect = `SELECT s.platform, s.channel_id, s.at, s.zone, s.strategies,
	s.watermark, s.created_at, s.updated_at, s.paused_at, s.paused_reason,
	coalesce((SELECT max(o.date) FROM digest_outbox o
		WHERE o.platform = s.platform AND o.channel_id = s.channel_id), '')
	FROM digest_subscription s`

func digestSubscription(ctx context.Context, tx *sql.Tx, platform bot.Platform, channelID string) (Subscription, error) {
	sub, err := scanDigestSubscription(tx.QueryRowContext(ctx,
		digestSubscriptionSelect+` WHERE s.platform = ? AND s.channel_id = ?`, string(platform), channelID))
	return sub, notFound(err, "This channel has no daily digest.")
}

// noDigest is notFound for a channel's digest of a date.
func noDigest(err error, platform bot.Platform, channelID, date string) error {
	return notFound(err, "No digest of %s channel %s for %s.", platform, channelID, date)
}

// notFound is err, but a query's missing row (sql.ErrNoRows) becomes an
// *bot.Error with ENOTFOUND and the message, as bot.Errorf makes it.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Errorf(bot.ENOTFOUND, format, args...)
	}
	return err
}

func scanDigestSubscription(row interface{ Scan(...any) error }) (Subscription, error) {
	var sub Subscription
	var platform, strategies, created, updated, paused string
	if err := row.Scan(&platform, &sub.ChannelID, &sub.At, &sub.Zone, &strategies,
		&sub.Watermark, &created, &updated, &paused, &sub.PausedReason, &sub.LastDate); err != nil {
		return Subscription{}, err
	}
	if err := json.Unmarshal([]byte(strategies), &sub.Strategies); err != nil {
		return Subscription{}, fmt.Errorf("subscription %s/%s: strategies: %w", platform, sub.ChannelID, err)
	}
	sub.Platform = bot.Platform(platform)
	var err error
	if sub.CreatedAt, err = store.ParseTime(created); err != nil {
		return Subscription{}, err
	}
	if sub.UpdatedAt, err = store.ParseTime(updated); err != nil {
		return Subscription{}, err
	}
	if sub.PausedAt, err = store.ParseTime(paused); err != nil {
		return Subscription{}, err
	}
	return sub, nil
}

func (db *SQLStore) digestOutboxes(ctx context.Context, where string, args ...any) ([]Outbox, error) {
	var out []Outbox
	err := db.Read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT platform, channel_id, date, from_seq, to_seq,
			reply, created_at, sent_at, attempted_at FROM digest_outbox `+where, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var o Outbox
			var platform, created, sent, attempted string
			if err := rows.Scan(&platform, &o.ChannelID, &o.Date, &o.FromSeq, &o.ToSeq,
				&o.Reply, &created, &sent, &attempted); err != nil {
				return err
			}
			o.Platform = bot.Platform(platform)
			if o.CreatedAt, err = store.ParseTime(created); err != nil {
				return err
			}
			if o.SentAt, err = store.ParseTime(sent); err != nil {
				return err
			}
			if o.AttemptedAt, err = store.ParseTime(attempted); err != nil {
				return err
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	return out, err
}

// digestAdvance moves a channel's watermark forward to seq, never back.
func digestAdvance(ctx context.Context, tx *sql.Tx, platform bot.Platform, channelID string, seq int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE digest_subscription SET watermark = max(watermark, ?)
		WHERE platform = ? AND channel_id = ?`, seq, string(platform), channelID)
	return err
}

// digestIDs returns ids as a non-nil slice, so that it is stored as "[]".
func digestIDs(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// AddDigestMessages records the platform messages a digest in the outbox is
// split into, each with its idempotency key (keys[i] for payloads[i]), unless
// the digest already has its messages: those stay as they are, so a digest
// is split once and every retry posts the same messages. It returns the
// digest's messages in order; an *bot.Error with ENOTFOUND when the digest is
// not in the outbox (the channel unsubscribed).
func (db *SQLStore) AddDigestMessages(ctx context.Context, platform bot.Platform, channelID, date string, keys []string, payloads [][]byte) ([]Message, error) {
	if len(keys) != len(payloads) {
		return nil, fmt.Errorf("add digest messages: %d keys for %d messages", len(keys), len(payloads))
	}
	var msgs []Message
	err := db.Write(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM digest_outbox
			WHERE platform = ? AND channel_id = ? AND date = ?`,
			string(platform), channelID, date).Scan(&one); err != nil {
			return noDigest(err, platform, channelID, date)
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
func (db *SQLStore) DigestMessages(ctx context.Context, platform bot.Platform, channelID, date string) ([]Message, error) {
	var msgs []Message
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
func (db *SQLStore) BeginDigest(ctx context.Context, platform bot.Platform, channelID, date string) error {
	err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE digest_outbox SET attempted_at = ?
			WHERE platform = ? AND channel_id = ? AND date = ?`,
			store.FormatTime(db.Now()), string(platform), channelID, date)
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
func (db *SQLStore) BeginDigestMessage(ctx context.Context, platform bot.Platform, channelID, date string, part int) (Message, error) {
	var m Message
	err := db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE digest_message SET attempted_at = ?
			WHERE platform = ? AND channel_id = ? AND date = ? AND part = ? AND attempted_at = ''`,
			store.FormatTime(db.Now()), string(platform), channelID, date, part)
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
		return Message{}, fmt.Errorf("begin digest message %s/%s %s #%d: %w", platform, channelID, date, part, err)
	}
	return m, nil
}

// MarkDigestMessagePosted records that the platform confirmed a message.
func (db *SQLStore) MarkDigestMessagePosted(ctx context.Context, platform bot.Platform, channelID, date string, part int) error {
	err := db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE digest_message SET posted_at = ?
			WHERE platform = ? AND channel_id = ? AND date = ? AND part = ? AND posted_at = ''`,
			store.FormatTime(db.Now()), string(platform), channelID, date, part)
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
func (db *SQLStore) PauseDigestSubscription(ctx context.Context, platform bot.Platform, channelID, reason string) error {
	err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE digest_subscription SET paused_at = ?, paused_reason = ?
			WHERE platform = ? AND channel_id = ? AND paused_at = ''`,
			store.FormatTime(db.Now()), reason, string(platform), channelID)
		return err
	})
	if err != nil {
		return fmt.Errorf("pause digest subscription %s/%s: %w", platform, channelID, err)
	}
	return nil
}

func digestMessages(ctx context.Context, tx *sql.Tx, platform bot.Platform, channelID, date string) ([]Message, error) {
	rows, err := tx.QueryContext(ctx, digestMessageSelect+` WHERE platform = ? AND channel_id = ? AND date = ? ORDER BY part`,
		string(platform), channelID, date)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var msgs []Message
	for rows.Next() {
		m, err := scanDigestMessage(rows)
		if err != nil {
			return nil, err
		}
		msgs = append(msgs, m)
	}
	return msgs, rows.Err()
}

func digestMessage(ctx context.Context, tx *sql.Tx, platform bot.Platform, channelID, date string, part int) (Message, error) {
	m, err := scanDigestMessage(tx.QueryRowContext(ctx, digestMessageSelect+
		` WHERE platform = ? AND channel_id = ? AND date = ? AND part = ?`, string(platform), channelID, date, part))
	return m, notFound(err, "No message %d in the digest of %s channel %s for %s.", part, platform, channelID, date)
}

const digestMessageSelect = `SELECT part, key, payload, attempted_at, posted_at FROM digest_message`

func scanDigestMessage(row interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var attempted, posted string
	if err := row.Scan(&m.Part, &m.Key, &m.Payload, &attempted, &posted); err != nil {
		return Message{}, err
	}
	var err error
	if m.AttemptedAt, err = store.ParseTime(attempted); err != nil {
		return Message{}, err
	}
	if m.PostedAt, err = store.ParseTime(posted); err != nil {
		return Message{}, err
	}
	return m, nil
}
