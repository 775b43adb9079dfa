// Package digest posts daily digests of new positions into subscribed
// channels: the subscriptions and the /digest command, composing a digest
// from the store's changes, and the Scheduler that sends each channel's
// digest once a day through the platform's bot.Sender.
//
// Nothing lost, nothing posted twice: a subscription keeps a watermark, the
// store Seq its last sent digest covered. A due digest is first written to
// the outbox, keyed by channel and date, with the range (watermark, Version]
// it covers and the rendered reply. When it is delivered, the platform's
// bot.Sender splits it once into the messages it takes, which are stored
// with an idempotency key each. Every message is marked as begun before its
// post and as posted after the platform confirmed it; when all are posted,
// the digest is marked sent, which advances the watermark in the same
// transaction. A message begun but not confirmed (the process died, the
// answer was lost, the platform failed) may or may not be in the channel: it
// is posted again under the same key, and the sender first checks the
// platform for it (Discord: the nonce, enforced; Slack: the key in the
// message metadata, looked up in the channel's history). Unsent digests are
// tried least recently tried first, so one failing channel holds up no
// other. A channel that refuses the bot for good (removed, no permission,
// gone, archived) pauses its subscription until /digest subscribe. Several
// instances may share a store: only the holder of the lease row sends.
package digest

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// Store is what digests need from the store: the core's reads and the digest
// tables. *SQLStore implements it.
type Store interface {
	bot.Store
	// Now is the store's clock, the time it records rows at.
	Now() time.Time
	SaveDigestSubscription(ctx context.Context, sub Subscription) (Subscription, bool, error)
	DeleteDigestSubscription(ctx context.Context, platform bot.Platform, channelID string) (bool, error)
	DigestSubscription(ctx context.Context, platform bot.Platform, channelID string) (Subscription, error)
	DigestSubscriptions(ctx context.Context) ([]Subscription, error)
	AddDigest(ctx context.Context, o Outbox) (bool, error)
	MarkDigestSent(ctx context.Context, platform bot.Platform, channelID, date string) error
	UnsentDigests(ctx context.Context) ([]Outbox, error)
	TakeDigestLease(ctx context.Context, holder string, ttl time.Duration) (Lease, error)
	ReleaseDigestLease(ctx context.Context, holder string) error
	BeginDigest(ctx context.Context, platform bot.Platform, channelID, date string) error
	DigestMessages(ctx context.Context, platform bot.Platform, channelID, date string) ([]Message, error)
	AddDigestMessages(ctx context.Context, platform bot.Platform, channelID, date string, keys []string, payloads [][]byte) ([]Message, error)
	BeginDigestMessage(ctx context.Context, platform bot.Platform, channelID, date string, part int) (Message, error)
	MarkDigestMessagePosted(ctx context.Context, platform bot.Platform, channelID, date string, part int) error
	PauseDigestSubscription(ctx context.Context, platform bot.Platform, channelID, reason string) error
}

// Options configures a Service.
type Options struct {
	Store Store // required
	// Finder resolves the strategies named in /digest subscribe (required:
	// the bot, so that names and aliases work as in every command).
	Finder StrategyFinder
	// Zone is the time zone of subscriptions that name none (nil: UTC).
	Zone *time.Location
	// Time is the time of day ("HH:MM") of subscriptions that name none
	// ("": 09:00).
	Time string
	// Clock tells the time (nil: the system clock). Give the store the same
	// clock: subscriptions record when they were made by the store's clock.
	Clock    Clock
	Logger   *slog.Logger // nil: slog.Default()
	Observer bot.Observer // told of each digest delivered; nil: none
}

// Service manages the channels' subscriptions and composes their digests.
type Service struct {
	store    Store
	find     StrategyFinder
	zone     *time.Location
	at       TimeOfDay
	clock    Clock
	log      *slog.Logger
	observer bot.Observer
}

// New returns a Service.
func New(opts Options) (*Service, error) {
	if opts.Store == nil {
		return nil, fmt.Errorf("new digest service: no store")
	}
	if opts.Finder == nil {
		return nil, fmt.Errorf("new digest service: no strategy finder")
	}
	if opts.Zone == nil {
		opts.Zone = time.UTC
	}
	if opts.Clock == nil {
		opts.Clock = storeClock{opts.Store}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	at := defaultTime
	if opts.Time != "" {
		var err error
		if at, err = ParseTimeOfDay(opts.Time); err != nil {
			return nil, fmt.Errorf("new digest service: default time: %w", err)
		}
	}
	return &Service{store: opts.Store, find: opts.Finder, zone: opts.Zone, at: at, clock: opts.Clock,
		log: opts.Logger, observer: opts.Observer}, nil
}

// Pending composes what a subscription's next digest would say now: every
// position recorded since its last sent digest.
func (s *Service) Pending(ctx context.Context, sub Subscription) (Digest, error) {
	version, err := s.store.Version(ctx)
	if err != nil {
		return Digest{}, fmt.Errorf("pending digest: %w", err)
	}
	return Compose(ctx, s.store, sub.Watermark, version, sub.Strategies)
}

// Title is the header of the digest of the given date ("2026-11-22").
func Title(date string) string {
	t, err := time.Parse(DateLayout, date)
	if err != nil {
		return "Daily digest · " + date
	}
	return "Daily digest · " + t.Format("Monday 2 January 2006")
}
