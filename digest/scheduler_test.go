package digest

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// countingObserver counts delivered digests by platform.
type countingObserver struct {
	mu   sync.Mutex
	sent map[bot.Platform]int
}

func (o *countingObserver) CommandDone(bot.Platform, string, string, time.Duration) {}
func (o *countingObserver) PlatformError(bot.Platform, string)                      {}
func (o *countingObserver) DigestSent(p bot.Platform) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.sent == nil {
		o.sent = map[bot.Platform]int{}
	}
	o.sent[p]++
}

// TestFullDayCycle drives Run through two days and a quiet third one with
// the fake clock: it wakes each minute, posts at 09:00, never twice a day,
// and posts nothing when nothing is new.
func TestFullDayCycle(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	e.subscribe(bot.PlatformSlack, "C1", "")
	obs := &countingObserver{}
	svc, err := New(Options{Store: e.db, Finder: e.bot, Clock: e.clk, Logger: testenv.Logger(), Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	s := e.scheduler(svc, "one")
	e.clk.Set(at(21, 8, 30))
	e.record("open-source", 1)

	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	e.clk.awaitWaiter(t) // the pass on start: nothing due
	step := func(t2 time.Time) {
		e.clk.Set(t2)
		e.clk.awaitWaiter(t)
	}
	step(at(21, 8, 59))
	if n := len(e.slack.deliveries()); n != 0 {
		t.Fatalf("%d digests before 09:00", n)
	}
	step(at(21, 9, 0))
	got := e.slack.deliveries()
	if len(got) != 1 || !got[0].at.Equal(at(21, 9, 0)) || got[0].channel != "C1" {
		t.Fatalf("deliveries at 09:00 = %+v; want one to C1", got)
	}
	if title := got[0].reply.Cards[0].Title; title != "Daily digest · Saturday 21 November 2026" {
		t.Errorf("title = %q", title)
	}
	step(at(21, 9, 1))
	step(at(21, 12, 0))
	e.record("pause", 2)
	step(at(21, 23, 59))
	step(at(22, 8, 59))
	if n := len(e.slack.deliveries()); n != 1 {
		t.Fatalf("%d digests on the first day, want 1", n)
	}
	step(at(22, 9, 0))
	step(at(23, 9, 0)) // nothing new: no post
	step(at(23, 9, 1))
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}

	got = e.slack.deliveries()
	if len(got) != 2 || !got[1].at.Equal(at(22, 9, 0)) {
		t.Fatalf("deliveries = %d, want 2 (the second at 22 Nov 09:00)", len(got))
	}
	if owners := quoteOwners(got); !reflect.DeepEqual(owners, [][]string{{"person-1"}, {"person-2"}}) {
		t.Errorf("digests carry %v", owners)
	}
	rows := e.outbox(bot.PlatformSlack, "C1")
	var dates []string
	for _, r := range rows {
		dates = append(dates, r.Date)
		if !r.Sent() {
			t.Errorf("digest %s not marked sent", r.Date)
		}
	}
	if !reflect.DeepEqual(dates, []string{"2026-11-21", "2026-11-22", "2026-11-23"}) || rows[2].Reply != nil {
		t.Errorf("outbox dates %v; want three days, the last with nothing posted", dates)
	}
	if obs.sent[bot.PlatformSlack] != 2 {
		t.Errorf("observer saw %d digests, want 2", obs.sent[bot.PlatformSlack])
	}
	// Run gave the lease up on its way out.
	if l, err := e.db.TakeDigestLease(e.ctx, "other", time.Minute); err != nil || l.Holder != "other" {
		t.Errorf("lease after Run = %+v, %v; want it free", l, err)
	}
	status := replyText(e.command(bot.PlatformSlack, "C1", false, "/digest status"))
	for _, want := range []string{"Nothing new since the last digest.", "Last digest: 2026-11-23", "Next digest: Tue 2026-11-24 09:00 UTC"} {
		if !strings.Contains(status, want) {
			t.Errorf("status lacks %q:\n%s", want, status)
		}
	}
}

// TestDSTZones: a 09:00 subscription follows the wall clock across the
// end of daylight-saving time, in New York and in Paris, and a time that
// happens twice that night gets one digest.
func TestDSTZones(t *testing.T) {
	utc := func(mo time.Month, d, h, m int) time.Time { return time.Date(2026, mo, d, h, m, 0, 0, time.UTC) }
	e := newEnv(t, utc(10, 23, 22, 0)) // after every zone's time that day
	e.subscribe(bot.PlatformSlack, "NY", "09:00 America/New_York")
	e.subscribe(bot.PlatformSlack, "PARIS", "09:00 Europe/Paris")
	e.subscribe(bot.PlatformDiscord, "NIGHT", "01:30 America/New_York")
	s := e.scheduler(e.svc, "one")
	sentAt := func(f *fakeSender, channel string) []time.Time {
		var out []time.Time
		for _, d := range f.deliveries() {
			if d.channel == channel {
				out = append(out, d.at)
			}
		}
		return out
	}
	// A new position the evening before four mornings; a pass every half hour.
	record := map[time.Time]int{utc(10, 23, 23, 0): 1, utc(10, 24, 20, 0): 2, utc(10, 30, 20, 0): 3, utc(10, 31, 20, 0): 4}
	for t2 := utc(10, 23, 23, 0); !t2.After(utc(11, 1, 15, 0)); t2 = t2.Add(30 * time.Minute) {
		e.clk.Set(t2)
		if i, ok := record[t2]; ok {
			e.record("open-source", i)
		}
		e.runDue(s, t2)
	}
	wantParis := []time.Time{utc(10, 24, 7, 0), utc(10, 25, 8, 0), utc(10, 31, 8, 0), utc(11, 1, 8, 0)}
	if got := sentAt(e.slack, "PARIS"); !reflect.DeepEqual(got, wantParis) {
		t.Errorf("Paris digests at %v, want %v", got, wantParis)
	}
	wantNY := []time.Time{utc(10, 24, 13, 0), utc(10, 25, 13, 0), utc(10, 31, 13, 0), utc(11, 1, 14, 0)}
	if got := sentAt(e.slack, "NY"); !reflect.DeepEqual(got, wantNY) {
		t.Errorf("New York digests at %v, want %v", got, wantNY)
	}
	// 01:30 on 1 Nov happens at 05:30 and 06:30 UTC: one digest, at the first.
	wantNight := []time.Time{utc(10, 24, 5, 30), utc(10, 25, 5, 30), utc(10, 31, 5, 30), utc(11, 1, 5, 30)}
	if got := sentAt(e.disc, "NIGHT"); !reflect.DeepEqual(got, wantNight) {
		t.Errorf("01:30 New York digests at %v, want %v", got, wantNight)
	}
	rows := e.outbox(bot.PlatformSlack, "NY")
	var dates []string
	for _, r := range rows {
		if r.Reply != nil {
			dates = append(dates, r.Date)
		}
	}
	if want := []string{"2026-10-24", "2026-10-25", "2026-10-31", "2026-11-01"}; !reflect.DeepEqual(dates, want) {
		t.Errorf("New York digests dated %v, want %v", dates, want)
	}
	for _, ch := range []string{"NY", "PARIS"} {
		var ds []delivery
		for _, d := range e.slack.deliveries() {
			if d.channel == ch {
				ds = append(ds, d)
			}
		}
		assertOnce(t, ch, ds, "person-1", "person-2", "person-3", "person-4")
	}
}

// TestCatchUpAfterDowntime: a bot down at the digest time posts when it
// comes back, one digest covering everything since the last one.
func TestCatchUpAfterDowntime(t *testing.T) {
	t.Run("back after the time", func(t *testing.T) {
		e := newEnv(t, at(20, 8, 0))
		e.subscribe(bot.PlatformSlack, "C1", "")
		e.clk.Set(at(20, 10, 0))
		e.record("open-source", 1)
		e.clk.Set(at(21, 10, 0))
		e.record("pause", 2)
		e.clk.Set(at(22, 12, 0)) // down from 20 Nov 08:00 to 22 Nov 12:00
		status := replyText(e.command(bot.PlatformSlack, "C1", false, "/digest status"))
		if !strings.Contains(status, "Next digest: due now") || !strings.Contains(status, "2 new positions, on 2 strategies.") {
			t.Errorf("status while down:\n%s", status)
		}
		s := e.scheduler(e.svc, "one")
		rep := e.runDue(s, at(22, 12, 0))
		if len(rep.Sent) != 1 || rep.Sent[0].Date != "2026-11-22" {
			t.Fatalf("catch-up sent %+v; want one digest dated 2026-11-22", rep.Sent)
		}
		assertOnce(t, "catch-up", e.slack.deliveries(), "person-1", "person-2")
		e.runDue(s, at(23, 9, 0))
		if n := len(e.slack.deliveries()); n != 1 {
			t.Errorf("%d digests, want 1 (nothing new on the 23rd)", n)
		}
	})
	t.Run("back before the time", func(t *testing.T) {
		e := newEnv(t, at(20, 8, 0))
		e.subscribe(bot.PlatformSlack, "C1", "")
		e.clk.Set(at(20, 10, 0))
		e.record("open-source", 1)
		s := e.scheduler(e.svc, "one")
		rep := e.runDue(s, at(22, 8, 0)) // the 21st's digest was missed
		if len(rep.Sent) != 1 || rep.Sent[0].Date != "2026-11-21" {
			t.Fatalf("catch-up sent %+v; want the missed digest of 2026-11-21", rep.Sent)
		}
		e.clk.Set(at(22, 8, 30))
		e.record("open-source", 2)
		e.runDue(s, at(22, 9, 0))
		got := e.slack.deliveries()
		if owners := quoteOwners(got); !reflect.DeepEqual(owners, [][]string{{"person-1"}, {"person-2"}}) {
			t.Errorf("digests carry %v", owners)
		}
	})
}

// TestCrashBetweenSteps injects a crash at each step of a digest (after
// the outbox write, during an unconfirmed send, at the mark) and restarts:
// every position reaches each channel in exactly one digest.
func TestCrashBetweenSteps(t *testing.T) {
	tests := []struct {
		name   string
		arm    func(e *env, cs *crashStore)
		before func(e *env, cs *crashStore, s *Scheduler) // after the crash, before the restart
	}{
		{name: "after outbox write", arm: func(e *env, cs *crashStore) { cs.afterAdd = true }},
		{name: "send not confirmed", arm: func(e *env, cs *crashStore) {
			failed := false
			e.slack.fail = func(string) error {
				if !failed {
					failed = true
					return errors.New("connection reset")
				}
				return nil
			}
		}},
		{name: "mark fails, process lives on", arm: func(e *env, cs *crashStore) { cs.beforeMark = true },
			before: func(e *env, cs *crashStore, s *Scheduler) {
				// The mark keeps failing: the digests stay unsent in the
				// outbox, yet are not sent again.
				if rep := e.runDue(s, at(21, 9, 1)); len(rep.Sent) != 0 || rep.Failed != 2 {
					t.Errorf("a pass while marks fail: sent %d, failed %d; want 0 and 2", len(rep.Sent), rep.Failed)
				}
				cs.mu.Lock()
				cs.beforeMark = false
				cs.mu.Unlock()
				// The platform has them: they are marked, not posted again.
				if rep := e.runDue(s, at(21, 9, 2)); len(rep.Sent) != 2 || rep.Failed != 0 {
					t.Errorf("the pass after the store recovered: sent %d, failed %d; want 2 and 0", len(rep.Sent), rep.Failed)
				}
				if n := len(e.slack.deliveries()) + len(e.disc.deliveries()); n != 2 {
					t.Errorf("%d posts; want 2, one a channel", n)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, at(21, 8, 0))
			e.subscribe(bot.PlatformSlack, "C1", "")
			e.subscribe(bot.PlatformDiscord, "D1", "")
			e.clk.Set(at(21, 8, 30))
			e.record("open-source", 1, 2)

			cs := &crashStore{SQLStore: e.db}
			_, svc := e.build(cs)
			first := e.scheduler(svc, "first")
			tt.arm(e, cs)
			e.clk.Set(at(21, 9, 0))
			rep, _ := first.RunDue(e.ctx)
			if rep.Failed == 0 {
				t.Fatalf("no step failed: %+v", rep)
			}
			if tt.before != nil {
				tt.before(e, cs, first)
			}

			e.restart() // a new process: the first one's lease runs out
			second := e.scheduler(e.svc, "second")
			e.runDue(second, at(21, 9, 2).Add(DefaultLeaseTTL))
			e.clk.Set(at(21, 12, 0))
			e.record("pause", 3)
			e.runDue(second, at(22, 9, 0))
			e.runDue(second, at(23, 9, 0))

			assertOnce(t, "slack", e.slack.deliveries(), "person-1", "person-2", "person-3")
			assertOnce(t, "discord", e.disc.deliveries(), "person-1", "person-2", "person-3")
			if unsent, err := e.db.UnsentDigests(e.ctx); err != nil || len(unsent) != 0 {
				t.Errorf("unsent digests left: %+v, %v", unsent, err)
			}
		})
	}
}

// TestCrashAfterConfirmBeforeMark: a process that dies after the platform
// confirmed a digest and before the mark committed does not post it again
// after a restart: the message was begun, so the sender is asked to check
// the platform for its key first. Nothing is lost, nothing repeated.
func TestCrashAfterConfirmBeforeMark(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	e.subscribe(bot.PlatformSlack, "C1", "")
	e.clk.Set(at(21, 8, 30))
	e.record("open-source", 1)
	cs := &crashStore{SQLStore: e.db, beforeMark: true}
	_, svc := e.build(cs)
	e.runDue(e.scheduler(svc, "first"), at(21, 9, 0))
	e.restart()
	second := e.scheduler(e.svc, "second")
	if rep := e.runDue(second, at(21, 9, 0).Add(DefaultLeaseTTL+time.Minute)); len(rep.Sent) != 1 {
		t.Fatalf("the restarted pass: %+v; want the digest marked sent", rep)
	}
	if got := e.slack.deliveries(); len(got) != 1 {
		t.Fatalf("got %d deliveries; want the digest once", len(got))
	}
	e.record("open-source", 2)
	e.runDue(second, at(22, 9, 0))
	assertOnce(t, "after the crash", e.slack.deliveries(), "person-1", "person-2")
}

func TestSubscriptionStrategyFilter(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	e.subscribe(bot.PlatformSlack, "OPEN", "open weights")       // an alias
	e.subscribe(bot.PlatformSlack, "PAUSE", "MORATORIUM")        // another, in capitals
	e.subscribe(bot.PlatformSlack, "BOTH", "pause, open-source") // a list
	e.subscribe(bot.PlatformSlack, "ALL", "")
	for _, tt := range []struct {
		channel string
		want    []string
	}{{"OPEN", []string{"open-source"}}, {"PAUSE", []string{"pause"}}, {"BOTH", []string{"pause", "open-source"}}, {"ALL", nil}} {
		sub, err := e.db.DigestSubscription(e.ctx, bot.PlatformSlack, tt.channel)
		if err != nil || len(sub.Strategies) != len(tt.want) || (len(tt.want) > 0 && !reflect.DeepEqual(sub.Strategies, tt.want)) {
			t.Errorf("%s: strategies %v, %v; want %v", tt.channel, sub.Strategies, err, tt.want)
		}
	}
	e.record("open-source", 1)
	e.record("pause", 2)
	e.runDue(e.scheduler(e.svc, "one"), at(21, 9, 0))
	byChannel := map[string][]delivery{}
	for _, d := range e.slack.deliveries() {
		byChannel[d.channel] = append(byChannel[d.channel], d)
	}
	assertOnce(t, "OPEN", byChannel["OPEN"], "person-1")
	assertOnce(t, "PAUSE", byChannel["PAUSE"], "person-2")
	assertOnce(t, "BOTH", byChannel["BOTH"], "person-1", "person-2")
	assertOnce(t, "ALL", byChannel["ALL"], "person-1", "person-2")
}

// TestSixtyPositionDigestDelivered: all 60 positions go to the sender in one
// Reply; splitting it is the adapter's job.
func TestSixtyPositionDigestDelivered(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	e.subscribe(bot.PlatformSlack, "C1", "")
	var want []string
	ids := make([]int, 60)
	for i := range ids {
		ids[i] = i + 1
		want = append(want, "person-"+strconv.Itoa(i+1))
	}
	e.record("open-source", ids...)
	e.runDue(e.scheduler(e.svc, "one"), at(21, 9, 0))
	got := e.slack.deliveries()
	if len(got) != 1 {
		t.Fatalf("%d sends, want 1", len(got))
	}
	assertOnce(t, "60 positions", got, want...)
}

func TestLeaseTwoSchedulers(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	e.subscribe(bot.PlatformSlack, "C1", "")
	e.subscribe(bot.PlatformDiscord, "D1", "")
	e.record("open-source", 1)
	db2 := realdata.Store(t, e.path, e.clk.Now)
	_, svc2 := e.build(NewStore(db2))
	a, b := e.scheduler(e.svc, "a"), e.scheduler(svc2, "b")

	e.clk.Set(at(21, 9, 0))
	reps := make([]Report, 2)
	var wg sync.WaitGroup
	for i, s := range []*Scheduler{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if reps[i], err = s.RunDue(e.ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if reps[0].Held == reps[1].Held {
		t.Fatalf("both or neither held the lease: %+v %+v", reps[0], reps[1])
	}
	if n := len(e.slack.deliveries()) + len(e.disc.deliveries()); n != 2 {
		t.Fatalf("%d digests sent, want 2 (one per channel)", n)
	}
	holder, other := a, b
	if reps[1].Held {
		holder, other = b, a
	}
	if rep := e.runDue(other, at(21, 9, 1)); rep.Held || rep.Lease.Holder != holder.Holder() {
		t.Errorf("the other instance got the lease: %+v", rep)
	}

	// The holder stops; the other takes over at the next digest.
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	if err := holder.Run(ctx); err != nil {
		t.Fatal(err)
	}
	e.record("pause", 2)
	if rep := e.runDue(other, at(22, 9, 0)); !rep.Held || len(rep.Sent) != 2 {
		t.Errorf("after the holder stopped: %+v", rep)
	}
	assertOnce(t, "slack", e.slack.deliveries(), "person-1", "person-2")
	assertOnce(t, "discord", e.disc.deliveries(), "person-1", "person-2")
}

// TestSendFailureRetries: a failing platform is retried with a growing
// delay, and the channel's later digests wait for the unsent one.
func TestSendFailureRetries(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	e.subscribe(bot.PlatformSlack, "C1", "")
	e.record("open-source", 1)
	attempts := 0
	down := true
	e.slack.fail = func(string) error {
		attempts++
		if down {
			return errors.New("503")
		}
		return nil
	}
	s := e.scheduler(e.svc, "one")
	for _, tt := range []struct {
		at       time.Time
		attempts int
	}{
		{at(21, 9, 0), 1}, {at(21, 9, 1), 2}, {at(21, 9, 2), 2}, {at(21, 9, 3), 3},
		{at(21, 9, 5), 3}, {at(21, 9, 7), 4},
	} {
		if rep := e.runDue(s, tt.at); len(rep.Sent) != 0 {
			t.Fatalf("sent while the platform is down: %+v", rep)
		}
		if attempts != tt.attempts {
			t.Fatalf("at %s: %d attempts, want %d", tt.at.Format("15:04"), attempts, tt.attempts)
		}
	}
	e.clk.Set(at(21, 12, 0))
	e.record("pause", 2)
	down = false
	// The next day: the unsent digest goes first, then one for the rest.
	rep := e.runDue(s, at(22, 9, 0))
	if len(rep.Sent) != 2 || rep.Sent[0].Date != "2026-11-21" || rep.Sent[1].Date != "2026-11-22" {
		t.Fatalf("sent %+v; want the 21st's digest, then the 22nd's", rep.Sent)
	}
	if owners := quoteOwners(e.slack.deliveries()); !reflect.DeepEqual(owners, [][]string{{"person-1"}, {"person-2"}}) {
		t.Errorf("digests carry %v", owners)
	}
}

// TestNoSenderWaits: a digest due on a platform this instance cannot post
// to is not written; an instance that can posts it.
func TestNoSenderWaits(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	e.subscribe(bot.PlatformDiscord, "D1", "")
	e.record("open-source", 1)
	slackOnly, err := NewScheduler(e.svc, SchedulerOptions{Senders: map[bot.Platform]bot.Sender{bot.PlatformSlack: e.slack}, Holder: "slack-only"})
	if err != nil {
		t.Fatal(err)
	}
	if rep := e.runDue(slackOnly, at(21, 9, 0)); len(rep.Sent) != 0 || rep.Empty != 0 {
		t.Fatalf("pass without a discord sender: %+v", rep)
	}
	if rows := e.outbox(bot.PlatformDiscord, "D1"); len(rows) != 0 {
		t.Fatalf("outbox = %+v, want nothing written", rows)
	}
	if err := slackOnly.Release(e.ctx); err != nil {
		t.Fatal(err)
	}
	e.runDue(e.scheduler(e.svc, "both"), at(21, 9, 30))
	assertOnce(t, "discord", e.disc.deliveries(), "person-1")
}

// TestLeaseLostMidPass: an instance that loses the lease in the middle of a
// pass (it stalled past the lease's expiry) sends nothing more; the new
// holder sends the rest, each channel's digest once.
func TestLeaseLostMidPass(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	e.subscribe(bot.PlatformSlack, "C1", "")
	e.subscribe(bot.PlatformSlack, "C2", "")
	e.record("open-source", 1)
	a, b := e.scheduler(e.svc, "a"), e.scheduler(e.svc, "b")
	stalled := false
	e.slack.fail = func(string) error {
		if !stalled {
			stalled = true
			e.clk.Add(DefaultLeaseTTL + time.Minute) // a stall past the lease
			if l, err := e.db.TakeDigestLease(e.ctx, "b", DefaultLeaseTTL); err != nil || l.Holder != "b" {
				t.Errorf("b could not take the expired lease: %+v %v", l, err)
			}
		}
		return nil
	}
	repA := e.runDue(a, at(21, 9, 0))
	if len(repA.Sent) != 1 || repA.Held {
		t.Fatalf("a's pass: %v; want one digest sent, then the lease lost", repA)
	}
	repB := e.runDue(b, e.clk.Now())
	if len(repB.Sent) != 1 || repB.Sent[0].ChannelID == repA.Sent[0].ChannelID {
		t.Fatalf("b's pass: %v; want the other channel's digest", repB)
	}
	for _, ch := range []string{"C1", "C2"} {
		var ds []delivery
		for _, d := range e.slack.deliveries() {
			if d.channel == ch {
				ds = append(ds, d)
			}
		}
		assertOnce(t, ch, ds, "person-1")
	}
}
