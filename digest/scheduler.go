package digest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// DefaultLeaseTTL is how long the sending instance holds the lease without
// renewing it. The scheduler renews it every minute and before every send.
const DefaultLeaseTTL = 3 * time.Minute

// SchedulerOptions configures a Scheduler.
type SchedulerOptions struct {
	// Senders posts digests, by platform. A subscription on a platform with
	// no sender waits (nothing is written for it) until one is configured.
	Senders map[bot.Platform]bot.Sender
	// Holder names this instance in the lease ("": host, pid and a random suffix).
	Holder string
	// LeaseTTL is how long the lease lasts unrenewed (0: DefaultLeaseTTL).
	// A send may take at most half of it.
	LeaseTTL time.Duration
}

// Scheduler sends each subscribed channel its digest once a day, through
// the outbox (see the package documentation for what survives a crash). Of
// several instances on one store, only the holder of the lease sends.
type Scheduler struct {
	svc     *Service
	senders map[bot.Platform]bot.Sender
	holder  string
	ttl     time.Duration
	log     *slog.Logger

	mu sync.Mutex
	// retry holds when a digest whose send failed may be tried again.
	retry map[outboxKey]backoff
	// unsendable holds the channels already reported as having no sender.
	unsendable map[channelKey]bool
}

type outboxKey struct {
	platform  bot.Platform
	channelID string
	date      string
}

type channelKey struct {
	platform  bot.Platform
	channelID string
}

type backoff struct {
	next  time.Time
	delay time.Duration
}

// Report says what one pass of the scheduler did.
type Report struct {
	// Lease is the lease after the pass; the pass sent nothing unless this
	// scheduler holds it.
	Lease Lease
	Held  bool
	Sent  []Outbox // digests posted and confirmed
	Empty int      // due digests with nothing new: recorded, not posted
	// Failed counts digests whose send or mark failed; they are retried.
	Failed int
	// Paused counts subscriptions paused by this pass because their
	// channel refused the bot for good.
	Paused int
}

// NewScheduler returns a Scheduler of the service's subscriptions.
func NewScheduler(svc *Service, opts SchedulerOptions) (*Scheduler, error) {
	if svc == nil {
		return nil, fmt.Errorf("new digest scheduler: no service")
	}
	if opts.LeaseTTL <= 0 {
		opts.LeaseTTL = DefaultLeaseTTL
	}
	if opts.Holder == "" {
		var b [4]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, fmt.Errorf("new digest scheduler: holder id: %w", err)
		}
		host, _ := os.Hostname()
		opts.Holder = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	}
	return &Scheduler{
		svc: svc, senders: opts.Senders, holder: opts.Holder, ttl: opts.LeaseTTL,
		log:   svc.log.With("component", "digest", "holder", opts.Holder),
		retry: map[outboxKey]backoff{}, unsendable: map[channelKey]bool{},
	}, nil
}

// Holder is the id this scheduler takes the lease with.
func (s *Scheduler) Holder() string { return s.holder }

// Run sends due digests now (catching up on any missed while the bot was
// down), then wakes at the start of every minute to send those that came
// due, until ctx is done. It then gives up the lease.
func (s *Scheduler) Run(ctx context.Context) error {
	clock := s.svc.clock
	for {
		if _, err := s.RunDue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("digest pass failed", "err", err)
		}
		now := clock.Now()
		wait := now.Truncate(time.Minute).Add(time.Minute).Sub(now)
		select {
		case <-ctx.Done():
			s.shutdown(ctx)
			return nil
		case <-clock.After(wait):
		}
	}
}

// shutdown releases the lease, even though ctx is done.
func (s *Scheduler) shutdown(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := s.Release(ctx); err != nil {
		s.log.Warn("release digest lease", "err", err)
	}
}

// Release gives up the lease, so that another instance can send at once;
// call it after the last RunDue (Run does so itself when it returns).
func (s *Scheduler) Release(ctx context.Context) error {
	return s.svc.store.ReleaseDigestLease(ctx, s.holder)
}

// errLeaseLost stops a pass when another instance took the lease.
var errLeaseLost = errors.New("digest lease taken by another instance")

// RunDue makes one pass: it takes (or renews) the lease and, holding it,
// writes every due digest to the outbox, then sends every digest written but
// not sent, the least recently tried first, so that no channel waits behind
// another whose digest keeps failing. Paused subscriptions are skipped. A
// pass that does not get the lease does nothing and is no error.
func (s *Scheduler) RunDue(ctx context.Context) (Report, error) {
	var rep Report
	if err := s.renew(ctx, &rep); err != nil {
		if errors.Is(err, errLeaseLost) {
			return rep, nil
		}
		return rep, err
	}
	// A channel whose older digest was unsent gets its due one only once
	// that is sent: a second round writes and sends those.
	only := func(channelKey) bool { return true }
	for round := 0; round < 2; round++ {
		sentBefore := len(rep.Sent)
		if err := s.round(ctx, only, &rep); errors.Is(err, errLeaseLost) {
			return rep, nil
		} else if err != nil {
			return rep, err
		}
		sent := map[channelKey]bool{}
		for _, o := range rep.Sent[sentBefore:] {
			sent[channelKey{o.Platform, o.ChannelID}] = true
		}
		if len(sent) == 0 {
			break
		}
		only = func(k channelKey) bool { return sent[k] }
	}
	return rep, nil
}

// round writes the due digests of the channels picked, then sends every
// unsent digest of those channels, the least recently tried first.
func (s *Scheduler) round(ctx context.Context, pick func(channelKey) bool, rep *Report) error {
	subs, err := s.svc.store.DigestSubscriptions(ctx)
	if err != nil {
		return fmt.Errorf("digest pass: %w", err)
	}
	active := map[channelKey]bool{}
	for _, sub := range subs {
		if err := ctx.Err(); err != nil {
			return err
		}
		k := channelKey{sub.Platform, sub.ChannelID}
		if !pick(k) || sub.Paused() || !s.canSend(sub.Platform, sub.ChannelID) {
			continue
		}
		active[k] = true
		if err := s.dueDigest(ctx, sub, rep); err != nil {
			s.log.Error("digest", "platform", sub.Platform, "channel", sub.ChannelID, "err", err)
			rep.Failed++
		}
	}
	unsent, err := s.svc.store.UnsentDigests(ctx)
	if err != nil {
		return fmt.Errorf("digest pass: %w", err)
	}
	for _, o := range unsent {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !active[channelKey{o.Platform, o.ChannelID}] {
			continue
		}
		if err := s.deliver(ctx, o, rep); err != nil {
			return err
		}
	}
	return nil
}

// canSend reports whether this instance has a sender for the platform,
// logging once per channel when it has not (its digests wait).
func (s *Scheduler) canSend(platform bot.Platform, channelID string) bool {
	if s.senders[platform] != nil {
		return true
	}
	s.mu.Lock()
	first := !s.unsendable[channelKey{platform, channelID}]
	s.unsendable[channelKey{platform, channelID}] = true
	s.mu.Unlock()
	if first {
		s.log.Warn("digest due on a platform this instance does not post to; it waits", "platform", platform, "channel", channelID)
	}
	return false
}

// renew takes or renews the lease; errLeaseLost when another instance has it.
func (s *Scheduler) renew(ctx context.Context, rep *Report) error {
	lease, err := s.svc.store.TakeDigestLease(ctx, s.holder, s.ttl)
	if err != nil {
		return fmt.Errorf("digest pass: %w", err)
	}
	rep.Lease, rep.Held = lease, lease.Holder == s.holder
	if !rep.Held {
		return errLeaseLost
	}
	return nil
}

// dueDigest writes the subscription's digest to the outbox if one is due. A
// due digest with nothing new is recorded as sent, with nothing posted. A
// channel whose older digest is still unsent gets no new one (the store
// refuses it).
func (s *Scheduler) dueDigest(ctx context.Context, sub Subscription, rep *Report) error {
	sc, err := parseSchedule(sub)
	if err != nil {
		return err
	}
	date, due := sc.due(sub, s.svc.clock.Now())
	if !due {
		return nil
	}
	d, err := s.svc.Pending(ctx, sub)
	if err != nil {
		return err
	}
	o := Outbox{Platform: sub.Platform, ChannelID: sub.ChannelID, Date: date, FromSeq: d.From, ToSeq: d.To}
	if d.Len() == 0 {
		o.SentAt = s.svc.clock.Now()
		added, err := s.svc.store.AddDigest(ctx, o)
		if added {
			rep.Empty++
		}
		return err
	}
	o.Reply, err = json.Marshal(d.Reply(Title(date), sc.loc))
	if err != nil {
		return fmt.Errorf("encode digest: %w", err)
	}
	_, err = s.svc.store.AddDigest(ctx, o)
	return err
}

// deliver posts the messages of one digest of the outbox that are not yet
// posted, one at a time, each marked as begun before its post and as posted
// after, then marks the digest sent. A message begun but never confirmed
// (the process died, the answer was lost) is posted again under the same
// key, which makes the sender check the platform for it first. A failed post
// leaves the digest to be tried again after a growing delay; a post the
// channel refuses for good pauses the subscription. The error is set only
// when the pass must stop.
func (s *Scheduler) deliver(ctx context.Context, o Outbox, rep *Report) error {
	key := outboxKey{o.Platform, o.ChannelID, o.Date}
	log := s.log.With("platform", o.Platform, "channel", o.ChannelID, "date", o.Date, "from", o.FromSeq, "to", o.ToSeq)
	sender := s.senders[o.Platform]
	s.mu.Lock()
	wait := s.retry[key]
	s.mu.Unlock()
	if sender == nil || s.svc.clock.Now().Before(wait.next) {
		return nil
	}
	if err := s.renew(ctx, rep); err != nil {
		return err
	}
	st := s.svc.store
	if err := st.BeginDigest(ctx, o.Platform, o.ChannelID, o.Date); err != nil {
		log.Error("digest delivery not begun", "err", err)
		rep.Failed++
		return nil
	}
	msgs, err := s.messages(ctx, sender, o)
	if err != nil {
		log.Error("digest in the outbox cannot be split into messages", "err", err)
		rep.Failed++
		return nil
	}
	for _, m := range msgs {
		if m.Posted() {
			continue
		}
		if err := s.renew(ctx, rep); err != nil {
			return err
		}
		if _, err := st.BeginDigestMessage(ctx, o.Platform, o.ChannelID, o.Date, m.Part); err != nil {
			log.Error("digest message not begun", "part", m.Part, "err", err)
			rep.Failed++
			return nil
		}
		// A post is never cut short by shutdown: what the platform confirms is marked.
		sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.ttl/2)
		err := sender.Post(sendCtx, o.ChannelID, bot.Outgoing{Key: m.Key, Payload: m.Payload, Retry: m.AttemptedAt})
		cancel()
		if errors.Is(err, bot.ErrUndeliverable) {
			s.pause(ctx, o, err, log)
			rep.Paused++
			return nil
		}
		if err != nil {
			wait.delay = min(max(2*wait.delay, time.Minute), time.Hour)
			wait.next = s.svc.clock.Now().Add(wait.delay)
			s.mu.Lock()
			s.retry[key] = wait
			s.mu.Unlock()
			log.Warn("digest message not posted; retrying", "part", m.Part, "messages", len(msgs), "err", err, "after", wait.delay)
			rep.Failed++
			return nil
		}
		if err := st.MarkDigestMessagePosted(context.WithoutCancel(ctx), o.Platform, o.ChannelID, o.Date, m.Part); err != nil {
			// Not posted again: the next try finds it on the platform.
			log.Error("digest message posted but not marked", "part", m.Part, "err", err)
			rep.Failed++
			return nil
		}
	}
	s.mu.Lock()
	delete(s.retry, key)
	s.mu.Unlock()
	if err := st.MarkDigestSent(context.WithoutCancel(ctx), o.Platform, o.ChannelID, o.Date); err != nil {
		if bot.ErrorCode(err) != bot.ENOTFOUND {
			log.Error("digest posted but not marked sent; the next pass marks it", "err", err)
			rep.Failed++
		}
		return nil
	}
	if s.svc.observer != nil {
		s.svc.observer.DigestSent(o.Platform)
	}
	o.SentAt = s.svc.clock.Now()
	rep.Sent = append(rep.Sent, o)
	log.Info("digest sent", "messages", len(msgs))
	return nil
}

// messages returns the platform messages of a digest, splitting its reply
// and recording them the first time.
func (s *Scheduler) messages(ctx context.Context, sender bot.Sender, o Outbox) ([]Message, error) {
	msgs, err := s.svc.store.DigestMessages(ctx, o.Platform, o.ChannelID, o.Date)
	if err != nil || len(msgs) > 0 {
		return msgs, err
	}
	var reply bot.Reply
	if err := json.Unmarshal(o.Reply, &reply); err != nil {
		return nil, fmt.Errorf("decode digest: %w", err)
	}
	payloads, err := sender.Split(reply)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(payloads))
	for i := range payloads {
		keys[i] = messageKey(o, i)
	}
	return s.svc.store.AddDigestMessages(ctx, o.Platform, o.ChannelID, o.Date, keys, payloads)
}

// messageKey is the idempotency key of a digest's message: 25 base32
// characters of a hash of the channel, date and part, the same on every try.
func messageKey(o Outbox, part int) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%d", o.Platform, o.ChannelID, o.Date, part)))
	return base32.StdEncoding.EncodeToString(sum[:])[:25]
}

// pause stops a subscription whose channel refused a post for good, saying why.
func (s *Scheduler) pause(ctx context.Context, o Outbox, cause error, log *slog.Logger) {
	reason := cause.Error()
	log.Error("digest subscription paused: the channel refuses the bot's posts; /digest subscribe resumes it", "reason", reason)
	if err := s.svc.store.PauseDigestSubscription(context.WithoutCancel(ctx), o.Platform, o.ChannelID, reason); err != nil {
		log.Error("digest subscription not paused; it is retried", "err", err)
	}
}

// String summarises the pass in one line.
func (r Report) String() string {
	if !r.Held {
		return fmt.Sprintf("another instance (%s) sends digests until %s; nothing sent",
			r.Lease.Holder, r.Lease.ExpiresAt.UTC().Format(time.RFC3339))
	}
	s := fmt.Sprintf("%s sent", plural(len(r.Sent), "digest"))
	for i, o := range r.Sent {
		sep := ": "
		if i > 0 {
			sep = ", "
		}
		s += fmt.Sprintf("%s%s/%s %s", sep, o.Platform, o.ChannelID, o.Date)
	}
	if r.Empty > 0 {
		s += fmt.Sprintf("; %d with nothing new", r.Empty)
	}
	if r.Failed > 0 {
		s += fmt.Sprintf("; %d failed (retried on the next pass)", r.Failed)
	}
	if r.Paused > 0 {
		s += fmt.Sprintf("; %s paused (the channel refuses the bot: see /digest status)", plural(r.Paused, "subscription"))
	}
	return s
}
