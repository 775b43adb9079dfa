package digest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// cardSender splits a reply into one message per card and records each
// post by key; failAt, when set, decides whether the post of a message
// fails (posted reports whether the platform made it anyway).
type cardSender struct {
	mu     sync.Mutex
	posts  map[string][]string // channel -> keys, in posting order
	failAt func(channel string, n int) (err error, posted bool)
	n      int
}

func (s *cardSender) Split(reply bot.Reply) ([][]byte, error) {
	var out [][]byte
	for _, c := range reply.Cards {
		b, err := json.Marshal(c)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func (s *cardSender) Post(ctx context.Context, channelID string, m bot.Outgoing) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.posts == nil {
		s.posts = map[string][]string{}
	}
	if !m.Retry.IsZero() {
		for _, k := range s.posts[channelID] {
			if k == m.Key {
				return nil
			}
		}
	}
	s.n++
	if s.failAt != nil {
		if err, posted := s.failAt(channelID, s.n); err != nil {
			if posted {
				s.posts[channelID] = append(s.posts[channelID], m.Key)
			}
			return err
		}
	}
	s.posts[channelID] = append(s.posts[channelID], m.Key)
	return nil
}

func (s *cardSender) keys(channel string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.posts[channel]...)
}

// assertEachOnce checks that every key of the channel was posted exactly once.
func assertEachOnce(t *testing.T, channel string, keys []string, want int) {
	t.Helper()
	seen := map[string]int{}
	for _, k := range keys {
		seen[k]++
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%s: message %s posted %d times", channel, k, n)
		}
	}
	if len(seen) != want {
		t.Errorf("%s: %d distinct messages posted, want %d", channel, len(seen), want)
	}
}

// TestFailedMessageIsNotRepostedWithItsDigest: a 500 on the second message
// of a digest, whether or not the platform made it, re-posts neither the
// first message nor (when made) the second.
func TestFailedMessageIsNotRepostedWithItsDigest(t *testing.T) {
	for _, posted := range []bool{false, true} {
		t.Run(fmt.Sprintf("posted=%v", posted), func(t *testing.T) {
			e := newEnv(t, at(21, 8, 0))
			e.subscribe(bot.PlatformSlack, "C1", "")
			e.clk.Set(at(21, 8, 30))
			e.record("open-source", 1, 2)
			cs := &cardSender{failAt: func(_ string, n int) (error, bool) {
				if n == 2 {
					return errors.New("HTTP 500"), posted
				}
				return nil, false
			}}
			s, err := NewScheduler(e.svc, SchedulerOptions{Senders: map[bot.Platform]bot.Sender{bot.PlatformSlack: cs}, Holder: "one"})
			if err != nil {
				t.Fatal(err)
			}
			if rep := e.runDue(s, at(21, 9, 0)); rep.Failed != 1 || len(rep.Sent) != 0 {
				t.Fatalf("first pass: %+v", rep)
			}
			if rep := e.runDue(s, at(21, 9, 2)); len(rep.Sent) != 1 {
				t.Fatalf("second pass: %+v", rep)
			}
			msgs, err := e.db.DigestMessages(e.ctx, bot.PlatformSlack, "C1", "2026-11-21")
			if err != nil || len(msgs) < 3 {
				t.Fatalf("messages %d, %v; want several", len(msgs), err)
			}
			assertEachOnce(t, "C1", cs.keys("C1"), len(msgs))
		})
	}
}

// TestFailingChannelDoesNotHoldUpOthers: a run that dies during one
// channel's digest every time (here: its post never returns before the
// process "dies") lets the other channels' digests go first on the next run.
func TestFailingChannelDoesNotHoldUpOthers(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	for _, ch := range []string{"A", "B", "C"} {
		e.subscribe(bot.PlatformSlack, ch, "")
	}
	e.clk.Set(at(21, 8, 30))
	e.record("open-source", 1)
	cs := &cardSender{}
	ctx, cancel := context.WithCancel(e.ctx)
	// Each run "dies" (its context ends) at its first post: only the first
	// message of the first digest it tries is posted.
	cs.failAt = func(string, int) (error, bool) { cancel(); return nil, false }
	for run := range 3 {
		e.restart()
		s, err := NewScheduler(e.svc, SchedulerOptions{Senders: map[bot.Platform]bot.Sender{bot.PlatformSlack: cs},
			Holder: fmt.Sprintf("run-%d", run), LeaseTTL: DefaultLeaseTTL})
		if err != nil {
			t.Fatal(err)
		}
		e.clk.Set(at(21, 9, 0).Add(time.Duration(run+1) * 2 * DefaultLeaseTTL))
		ctx, cancel = context.WithCancel(e.ctx)
		_, _ = s.RunDue(ctx)
		cancel()
	}
	for _, ch := range []string{"A", "B", "C"} {
		if len(cs.keys(ch)) == 0 {
			t.Errorf("channel %s got nothing in 3 runs: one channel holds up the others", ch)
		}
	}
}

// TestPermanentErrorPauses: a channel that refuses the bot pauses its
// subscription (logged, shown by /digest status), other channels carry on,
// and /digest subscribe resumes it.
func TestPermanentErrorPauses(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	e.subscribe(bot.PlatformSlack, "GONE", "")
	e.subscribe(bot.PlatformSlack, "OK", "")
	e.clk.Set(at(21, 8, 30))
	e.record("open-source", 1)
	refused := true
	cs := &cardSender{failAt: func(ch string, _ int) (error, bool) {
		if ch == "GONE" && refused {
			return fmt.Errorf("%w: slack channel GONE: not_in_channel", bot.ErrUndeliverable), false
		}
		return nil, false
	}}
	s, err := NewScheduler(e.svc, SchedulerOptions{Senders: map[bot.Platform]bot.Sender{bot.PlatformSlack: cs}, Holder: "one"})
	if err != nil {
		t.Fatal(err)
	}
	if rep := e.runDue(s, at(21, 9, 0)); rep.Paused != 1 || len(rep.Sent) != 1 {
		t.Fatalf("pass: %+v; want OK sent and GONE paused", rep)
	}
	tries := cs.n
	e.runDue(s, at(21, 11, 0))
	if cs.n != tries {
		t.Errorf("a paused subscription was tried again")
	}
	status := e.command(bot.PlatformSlack, "GONE", false, "/digest status")
	if text := fmt.Sprint(status.Cards); !strings.Contains(text, "paused") || !strings.Contains(text, "not_in_channel") {
		t.Errorf("status does not say it is paused, and why: %s", text)
	}
	refused = false
	r := e.command(bot.PlatformSlack, "GONE", true, "/digest subscribe")
	if r.Cards[0].Title != "Daily digest resumed" {
		t.Errorf("subscribe after a pause: %q", r.Cards[0].Title)
	}
	if rep := e.runDue(s, at(21, 11, 1)); len(rep.Sent) != 1 {
		t.Errorf("after resuming: %+v; want the waiting digest sent", rep)
	}
}
