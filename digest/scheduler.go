package digest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
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
	// confirmed holds digests the platform confirmed whose mark failed: they
	// are marked again, never sent again.
	confirmed map[outboxKey]bool
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
	Lease store.DigestLease
	Held  bool
	Sent  []store.DigestOutbox // digests posted and confirmed
	Empty int                  // due digests with nothing new: recorded, not posted
	// Failed counts digests whose send or mark failed; they are retried.
	Failed int
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
		log:       svc.log.With("component", "digest", "holder", opts.Holder),
		confirmed: map[outboxKey]bool{}, retry: map[outboxKey]backoff{}, unsendable: map[channelKey]bool{},
	}, nil
}

// Holder is the id this scheduler takes the lease with.
func (s *Scheduler) Holder() string { return s.holder }

// Run sends due digests now (catching up on any missed while the bot was
// down), then wakes at the start of every minute to send those that came
// due, until ctx is done. It then finishes marking what was sent and gives
// up the lease.
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

// shutdown marks what the platforms confirmed and releases the lease, even
// though ctx is done.
func (s *Scheduler) shutdown(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if n := s.markConfirmed(ctx); n > 0 {
		s.log.Error("digests confirmed but not marked sent at shutdown: they will be posted again", "count", n)
	}
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
// sends every digest written but not sent, then every digest that is due.
// A pass that does not get the lease does nothing and is no error.
func (s *Scheduler) RunDue(ctx context.Context) (Report, error) {
	var rep Report
	if err := s.renew(ctx, &rep); err != nil {
		if errors.Is(err, errLeaseLost) {
			return rep, nil
		}
		return rep, err
	}
	rep.Failed += s.markConfirmed(ctx)
	unsent, err := s.svc.store.UnsentDigests(ctx)
	if err != nil {
		return rep, fmt.Errorf("digest pass: %w", err)
	}
	// Channels whose older digest is still unsent get no new one this pass.
	waiting := map[channelKey]bool{}
	for _, o := range unsent {
		done, err := s.deliver(ctx, o, &rep)
		if errors.Is(err, errLeaseLost) {
			return rep, nil
		} else if err != nil {
			return rep, err
		}
		if !done {
			waiting[channelKey{o.Platform, o.ChannelID}] = true
		}
	}
	subs, err := s.svc.store.DigestSubscriptions(ctx)
	if err != nil {
		return rep, fmt.Errorf("digest pass: %w", err)
	}
	for _, sub := range subs {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if waiting[channelKey{sub.Platform, sub.ChannelID}] {
			continue
		}
		if err := s.dueDigest(ctx, sub, &rep); err != nil {
			if errors.Is(err, errLeaseLost) {
				return rep, nil
			}
			s.log.Error("digest", "platform", sub.Platform, "channel", sub.ChannelID, "err", err)
			rep.Failed++
		}
	}
	return rep, nil
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

// dueDigest writes and sends the subscription's digest if one is due. A due
// digest with nothing new is recorded as sent, with nothing posted.
func (s *Scheduler) dueDigest(ctx context.Context, sub store.DigestSubscription, rep *Report) error {
	sc, err := parseSchedule(sub)
	if err != nil {
		return err
	}
	date, due := sc.due(sub, s.svc.clock.Now())
	if !due {
		return nil
	}
	if s.senders[sub.Platform] == nil {
		s.mu.Lock()
		first := !s.unsendable[channelKey{sub.Platform, sub.ChannelID}]
		s.unsendable[channelKey{sub.Platform, sub.ChannelID}] = true
		s.mu.Unlock()
		if first {
			s.log.Warn("digest due on a platform this instance does not post to; it waits", "platform", sub.Platform, "channel", sub.ChannelID)
		}
		return nil
	}
	d, err := s.svc.Pending(ctx, sub)
	if err != nil {
		return err
	}
	o := store.DigestOutbox{Platform: sub.Platform, ChannelID: sub.ChannelID, Date: date, FromSeq: d.From, ToSeq: d.To}
	if d.Len() == 0 {
		o.SentAt = s.svc.clock.Now()
		if _, err := s.svc.store.AddDigest(ctx, o); err != nil {
			return err
		}
		rep.Empty++
		return nil
	}
	o.Reply, err = json.Marshal(d.Reply(Title(date), sc.loc))
	if err != nil {
		return fmt.Errorf("encode digest: %w", err)
	}
	added, err := s.svc.store.AddDigest(ctx, o)
	if err != nil || !added {
		return err
	}
	_, err = s.deliver(ctx, o, rep)
	return err
}

// deliver sends one digest from the outbox and marks it sent, and reports
// whether both happened. A failed send leaves it unsent, to be tried again
// after a growing delay; the error is set only when the pass must stop.
func (s *Scheduler) deliver(ctx context.Context, o store.DigestOutbox, rep *Report) (bool, error) {
	key := outboxKey{o.Platform, o.ChannelID, o.Date}
	log := s.log.With("platform", o.Platform, "channel", o.ChannelID, "date", o.Date, "from", o.FromSeq, "to", o.ToSeq)
	sender := s.senders[o.Platform]
	s.mu.Lock()
	confirmed, wait := s.confirmed[key], s.retry[key]
	s.mu.Unlock()
	if confirmed || sender == nil || s.svc.clock.Now().Before(wait.next) {
		return false, nil
	}
	var reply bot.Reply
	if err := json.Unmarshal(o.Reply, &reply); err != nil {
		log.Error("digest in the outbox cannot be read", "err", err)
		rep.Failed++
		return false, nil
	}
	if err := s.renew(ctx, rep); err != nil {
		return false, err
	}
	// A send is never cut short by shutdown: what the platform confirms is marked.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.ttl/2)
	err := sender.Send(sendCtx, o.ChannelID, reply)
	cancel()
	if err != nil {
		wait.delay = min(max(2*wait.delay, time.Minute), time.Hour)
		wait.next = s.svc.clock.Now().Add(wait.delay)
		s.mu.Lock()
		s.retry[key] = wait
		s.mu.Unlock()
		log.Warn("digest send failed; retrying", "err", err, "after", wait.delay)
		rep.Failed++
		return false, nil
	}
	if s.svc.observer != nil {
		s.svc.observer.DigestSent(o.Platform)
	}
	s.mu.Lock()
	delete(s.retry, key)
	s.confirmed[key] = true
	s.mu.Unlock()
	o.SentAt = s.svc.clock.Now()
	rep.Sent = append(rep.Sent, o)
	log.Info("digest sent")
	if s.mark(context.WithoutCancel(ctx), key) != nil {
		rep.Failed++
		return false, nil
	}
	return true, nil
}

// mark marks a confirmed digest sent and forgets it.
func (s *Scheduler) mark(ctx context.Context, key outboxKey) error {
	err := s.svc.store.MarkDigestSent(ctx, key.platform, key.channelID, key.date)
	if err != nil && bot.ErrorCode(err) != bot.ENOTFOUND {
		s.log.Error("digest sent but not marked; retrying the mark", "platform", key.platform,
			"channel", key.channelID, "date", key.date, "err", err)
		return err
	}
	s.mu.Lock()
	delete(s.confirmed, key)
	s.mu.Unlock()
	return nil
}

// markConfirmed retries the marks that failed and returns how many still fail.
func (s *Scheduler) markConfirmed(ctx context.Context) int {
	s.mu.Lock()
	keys := make([]outboxKey, 0, len(s.confirmed))
	for k := range s.confirmed {
		keys = append(keys, k)
	}
	s.mu.Unlock()
	failed := 0
	for _, k := range keys {
		if s.mark(ctx, k) != nil {
			failed++
		}
	}
	return failed
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
	return s
}
