package digest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// fakeClock is a clock the test sets by hand. After channels fire when the
// clock is set at or past their deadline.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
	waiting chan struct{} // receives whenever After registers a waiter
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock(t time.Time) *fakeClock {
	return &fakeClock{now: t, waiting: make(chan struct{}, 64)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeWaiter{at: c.now.Add(d), ch: ch})
	select {
	case c.waiting <- struct{}{}:
	default:
	}
	return ch
}

// Set moves the clock to t and fires the waiters that are due.
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(t) {
			w.ch <- t
			continue
		}
		kept = append(kept, w)
	}
	c.waiters = kept
}

// Add moves the clock forward by d.
func (c *fakeClock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

// awaitWaiter blocks until something calls After.
func (c *fakeClock) awaitWaiter(t *testing.T) {
	t.Helper()
	select {
	case <-c.waiting:
	case <-time.After(10 * time.Second):
		t.Fatal("the scheduler never went back to sleep")
	}
}

// delivery is one digest a fake platform confirmed.
type delivery struct {
	channel string
	reply   bot.Reply
	at      time.Time
}

// fakeSender records what it confirmed, one message per digest (the reply
// as JSON). Like the platforms, it finds a retried message's key among what
// it posted, and posts nothing again. fail, when set, decides whether a post
// fails (the platform did not post it).
type fakeSender struct {
	clock *fakeClock
	mu    sync.Mutex
	got   []delivery
	keys  map[string]bool
	fail  func(channel string) error
}

func (s *fakeSender) Split(reply bot.Reply) ([][]byte, error) {
	b, err := json.Marshal(reply)
	return [][]byte{b}, err
}

func (s *fakeSender) Post(ctx context.Context, channelID string, m bot.Outgoing) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		if err := s.fail(channelID); err != nil {
			return err
		}
	}
	if !m.Retry.IsZero() && s.keys[m.Key] {
		return nil
	}
	var reply bot.Reply
	if err := json.Unmarshal(m.Payload, &reply); err != nil {
		return err
	}
	if s.keys == nil {
		s.keys = map[string]bool{}
	}
	s.keys[m.Key] = true
	s.got = append(s.got, delivery{channel: channelID, reply: reply, at: s.clock.Now()})
	return nil
}

func (s *fakeSender) deliveries() []delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]delivery(nil), s.got...)
}

// env is one test's bot: a real SQLite store in a temp dir, the core and
// the digest service, all on one fake clock.
type env struct {
	t     *testing.T
	ctx   context.Context
	clk   *fakeClock
	path  string
	db    *SQLStore
	bot   *bot.Bot
	svc   *Service
	slack *fakeSender
	disc  *fakeSender
}

func newEnv(t *testing.T, start time.Time) *env {
	t.Helper()
	return newEnvWith(t, start, baseDataset())
}

// newEnvWith is an env whose store holds ds.
func newEnvWith(t *testing.T, start time.Time, ds bot.Dataset) *env {
	t.Helper()
	clk := newFakeClock(start)
	e := &env{t: t, ctx: context.Background(), clk: clk, path: filepath.Join(t.TempDir(), "stancebot.db"),
		slack: &fakeSender{clock: clk}, disc: &fakeSender{clock: clk}}
	e.open()
	e.importDS(ds)
	return e
}

// open opens the store and builds the bot and the service on it: a start
// (or a restart, after restart closed the previous ones).
func (e *env) open() {
	e.t.Helper()
	e.db = NewStore(realdata.Store(e.t, e.path, e.clk.Now))
	e.bot, e.svc = e.build(e.db)
}

func (e *env) build(st Store) (*bot.Bot, *Service) {
	e.t.Helper()
	b, err := bot.New(bot.Options{Store: st, Now: e.clk.Now, Logger: testenv.Logger()})
	if err != nil {
		e.t.Fatal(err)
	}
	svc, err := New(Options{Store: st, Finder: b, Clock: e.clk, Logger: testenv.Logger()})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := b.Register(svc.Command()); err != nil {
		e.t.Fatal(err)
	}
	return b, svc
}

// restart closes the store, as a crashed process would leave it, and opens it again.
func (e *env) restart() {
	e.t.Helper()
	if err := e.db.Close(); err != nil {
		e.t.Fatal(err)
	}
	e.open()
}

func (e *env) senders() map[bot.Platform]bot.Sender {
	return map[bot.Platform]bot.Sender{bot.PlatformSlack: e.slack, bot.PlatformDiscord: e.disc}
}

// scheduler is a scheduler of svc with both fake senders.
func (e *env) scheduler(svc *Service, holder string) *Scheduler {
	e.t.Helper()
	s, err := NewScheduler(svc, SchedulerOptions{Senders: e.senders(), Holder: holder})
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// runDue makes one pass at time t and fails the test on error.
func (e *env) runDue(s *Scheduler, t time.Time) Report {
	e.t.Helper()
	e.clk.Set(t)
	rep, err := s.RunDue(e.ctx)
	if err != nil {
		e.t.Fatalf("RunDue at %v: %v", t, err)
	}
	return rep
}

// command runs a /digest command line in a channel through the bot.
func (e *env) command(p bot.Platform, channel string, manage bool, line string) bot.Reply {
	e.t.Helper()
	req, err := e.bot.ParseCommandLine(line)
	if err != nil {
		e.t.Fatalf("parse %q: %v", line, err)
	}
	req.Platform, req.ChannelID, req.UserID, req.CanManageChannel = p, channel, "U1", manage
	return e.bot.Handle(e.ctx, req)
}

// subscribe subscribes a channel and fails the test if that fails.
func (e *env) subscribe(p bot.Platform, channel, args string) {
	e.t.Helper()
	r := e.command(p, channel, true, "/digest subscribe "+args)
	if r.Error != "" {
		e.t.Fatalf("subscribe %s/%s %q: %s", p, channel, args, r.Cards[0].Title)
	}
}

func (e *env) importDS(ds bot.Dataset) {
	e.t.Helper()
	if _, err := e.db.Import(e.ctx, ds); err != nil {
		e.t.Fatal(err)
	}
}

// version is the store's Version; it fails the test on error.
func (e *env) version() int64 {
	e.t.Helper()
	v, err := e.db.Version(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

// outbox is a channel's digests; it fails the test on error.
func (e *env) outbox(p bot.Platform, channel string) []Outbox {
	e.t.Helper()
	rows, err := e.db.DigestOutboxes(e.ctx, p, channel)
	if err != nil {
		e.t.Fatal(err)
	}
	return rows
}

// record records new positions: person i endorses strategy, with one quote.
func (e *env) record(strategy string, ids ...int) {
	e.t.Helper()
	e.importDS(positions(strategy, ids...))
}

func baseDataset() bot.Dataset {
	return bot.Dataset{
		Strategies: []bot.Strategy{
			{ID: "open-source", Name: "Open source", Summary: "Release weights widely; transparency beats closed safety",
				Aliases: []string{"open weights"}},
			{ID: "pause", Name: "Pause frontier training", Summary: "Stop training larger models until safety catches up",
				Aliases: []string{"moratorium"}},
		},
		People: []bot.Person{
			{ID: "andrew-ng", Name: "Andrew Ng", Role: "Co-founder, Google Brain"},
			{ID: "yann-lecun", Name: "Yann LeCun", Role: "Chief AI Scientist, Meta"},
		},
		Stances: []bot.Stance{
			{PersonID: "andrew-ng", StrategyID: "open-source", Kind: bot.StanceEndorses, Summary: "Open models are safer"},
			{PersonID: "yann-lecun", StrategyID: "open-source", Kind: bot.StanceEndorses, Summary: "Open research wins"},
			{PersonID: "yann-lecun", StrategyID: "pause", Kind: bot.StanceOpposes, Summary: "A pause is pointless"},
		},
		Quotes: []bot.Quote{{PersonID: "andrew-ng", StrategyID: "open-source", Text: "Open source is good.",
			Fidelity: bot.FidelityDirect, Source: bot.Source{Type: "blog", Title: "The Batch", Date: bot.Date{Year: 2024}}}},
	}
}

// positions is a dataset of new people, each endorsing strategy with one quote.
func positions(strategy string, ids ...int) bot.Dataset {
	var ds bot.Dataset
	for _, i := range ids {
		id := fmt.Sprintf("person-%d", i)
		ds.People = append(ds.People, bot.Person{ID: id, Name: fmt.Sprintf("Person %d", i), Role: "Researcher"})
		ds.Stances = append(ds.Stances, bot.Stance{PersonID: id, StrategyID: strategy, Kind: bot.StanceEndorses,
			Summary: fmt.Sprintf("Person %d's case for %s", i, strategy)})
		ds.Quotes = append(ds.Quotes, bot.Quote{PersonID: id, StrategyID: strategy,
			Text: fmt.Sprintf("Words of person %d on %s.", i, strategy), Fidelity: bot.FidelityFaithful,
			Source: bot.Source{Type: "podcast", Title: fmt.Sprintf("Episode %d", i), Publisher: "Some Show",
				Date: bot.Date{Year: 2026, Month: 11}}})
	}
	return ds
}

// quoteOwners lists, for each delivery, the people whose quotes it carries.
func quoteOwners(ds []delivery) [][]string {
	out := make([][]string, len(ds))
	for i, d := range ds {
		for _, c := range d.reply.Cards {
			for _, q := range c.Quotes {
				out[i] = append(out[i], q.PersonID)
			}
		}
		sort.Strings(out[i])
	}
	return out
}

// assertOnce checks that every person in want has a quote in exactly one of
// the deliveries, and that nobody else does.
func assertOnce(t *testing.T, what string, ds []delivery, want ...string) {
	t.Helper()
	seen := map[string]int{}
	for _, owners := range quoteOwners(ds) {
		for _, p := range owners {
			seen[p]++
		}
	}
	for _, p := range want {
		if seen[p] != 1 {
			t.Errorf("%s: %s appears in %d digests, want exactly 1", what, p, seen[p])
		}
		delete(seen, p)
	}
	for p, n := range seen {
		t.Errorf("%s: %s appears in %d digests, want none", what, p, n)
	}
}

// crashStore is a store whose next AddDigest or MarkDigestSent "crashes":
// the write happens (or not) and the caller gets an error, as a process
// dying right there would leave things.
type crashStore struct {
	*SQLStore
	mu         sync.Mutex
	afterAdd   bool // AddDigest commits, then fails
	beforeMark bool // MarkDigestSent fails without writing
}

var errCrash = errors.New("injected crash")

func (c *crashStore) AddDigest(ctx context.Context, o Outbox) (bool, error) {
	added, err := c.SQLStore.AddDigest(ctx, o)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err == nil && added && c.afterAdd && !o.Sent() {
		c.afterAdd = false
		return false, errCrash
	}
	return added, err
}

func (c *crashStore) MarkDigestSent(ctx context.Context, p bot.Platform, channelID, date string) error {
	c.mu.Lock()
	crash := c.beforeMark
	c.mu.Unlock()
	if crash {
		return errCrash
	}
	return c.SQLStore.MarkDigestSent(ctx, p, channelID, date)
}

// at is a UTC time on a day of November 2026.
func at(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, time.UTC)
}
