package digest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	discordadapter "github.com/stancebot/stancebot/adapters/discord"
	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
	"github.com/stancebot/stancebot/adapters/slack"
	"github.com/stancebot/stancebot/adapters/slack/fakeslack"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/internal/testenv"
)

// The crash test runs the digest scheduler in a child process (this test
// binary, re-executed with these variables set) against fake platforms
// that live in the test process, and kills it with SIGKILL.
const (
	childStoreEnv   = "STANCEBOT_TEST_DIGEST_CHILD_STORE"
	childDiscordEnv = "STANCEBOT_TEST_DIGEST_CHILD_DISCORD"
	childSlackEnv   = "STANCEBOT_TEST_DIGEST_CHILD_SLACK"
)

// Channels of the crash test, on each platform.
var (
	crashDiscordChannels = []string{"410000000000000001", "410000000000000002", "410000000000000003"}
	crashSlackChannels   = []string{"CKILL1", "CKILL2", "CKILL3"}
)

// TestDigestChild is the child process of TestDigestRunKilled: one pass of
// the scheduler over the store, through the real adapters pointed at the
// fakes by their api_url. It exits 0 when everything due was sent, 3 when
// something is left for the next run. It does nothing in a normal test run.
func TestDigestChild(t *testing.T) {
	path := os.Getenv(childStoreEnv)
	if path == "" {
		t.Skip("the child process of TestDigestRunKilled")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	db, err := store.Open(ctx, path, store.Options{Logger: testenv.Logger()})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	b, err := bot.New(bot.Options{Store: db, Logger: testenv.Logger()})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	svc, err := New(Options{Store: NewStore(db), Finder: b, Logger: testenv.Logger()})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	disc, err := discordadapter.New(b, discordadapter.Options{Token: "test-token", APIURL: os.Getenv(childDiscordEnv),
		MaxRetryWait: 5 * time.Second, Logger: testenv.Logger()})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	sl, err := slack.New(b, slack.Options{BotToken: fakeslack.BotToken, SigningSecret: "crash-test", APIURL: os.Getenv(childSlackEnv),
		PostInterval: time.Millisecond, Logger: testenv.Logger()})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	sched, err := NewScheduler(svc, SchedulerOptions{
		Senders: map[bot.Platform]bot.Sender{bot.PlatformDiscord: disc, bot.PlatformSlack: sl},
		// Each run is the same instance restarted: it takes over the lease
		// its killed predecessor left behind.
		Holder: "crash-child",
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	rep, err := sched.RunDue(ctx)
	if err == nil && !rep.Held {
		err = fmt.Errorf("lease not held: %s", rep)
	}
	if rerr := sched.Release(ctx); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	unsent, err := NewStore(db).UnsentDigests(ctx)
	if err != nil || len(unsent) > 0 || rep.Failed > 0 {
		os.Exit(3)
	}
	os.Exit(0)
}

// crashFixture is a store with a multi-message digest due on three Discord
// and three Slack channels, and the fakes the child posts to.
type crashFixture struct {
	path string
	fd   *fakediscord.Server
	fs   *fakeslack.Server

	mu    sync.Mutex
	child *exec.Cmd
	posts int // posts that reached a fake, over all runs
	// killAt kills the child when post number killAt (over all runs)
	// arrives (created false) or is made (created true); 0: never.
	killAt      int
	killCreated bool
}

func newCrashFixture(t *testing.T) *crashFixture {
	t.Helper()
	fd, err := fakediscord.Start(fakediscord.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fd.Close)
	fs := fakeslack.New()
	t.Cleanup(fs.Close)
	f := &crashFixture{path: filepath.Join(t.TempDir(), "stancebot.db"), fd: fd, fs: fs}
	hook := func(_ string, created bool) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if !created {
			f.posts++
		}
		if f.killAt != 0 && f.posts == f.killAt && created == f.killCreated && f.child != nil && f.child.Process != nil {
			_ = f.child.Process.Kill() // SIGKILL
			f.killAt = 0
		}
	}
	fd.SetHook(hook)
	fs.SetHook(hook)

	// Subscriptions and positions recorded two days ago, due at 00:00 UTC:
	// today's digest is due when the child runs.
	past := time.Now().Add(-48 * time.Hour)
	ctx := context.Background()
	db, err := store.Open(ctx, f.path, store.Options{Now: func() time.Time { return past }, Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Import(ctx, baseDataset()); err != nil {
		t.Fatal(err)
	}
	for _, ch := range crashDiscordChannels {
		if _, _, err := NewStore(db).SaveDigestSubscription(ctx, Subscription{Platform: bot.PlatformDiscord, ChannelID: ch, At: "00:00", Zone: "UTC"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, ch := range crashSlackChannels {
		if _, _, err := NewStore(db).SaveDigestSubscription(ctx, Subscription{Platform: bot.PlatformSlack, ChannelID: ch, At: "00:00", Zone: "UTC"}); err != nil {
			t.Fatal(err)
		}
	}
	ids := make([]int, 24)
	for i := range ids {
		ids[i] = i + 1
	}
	if _, err := db.Import(ctx, positions("open-source", ids...)); err != nil {
		t.Fatal(err)
	}
	return f
}

// run runs the child once and returns its exit code (-1: killed).
func (f *crashFixture) run(t *testing.T, killAt int, killCreated bool, killAfter time.Duration) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestDigestChild$", "-test.count=1")
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(), childStoreEnv+"="+f.path,
		childDiscordEnv+"="+f.fd.APIURL(), childSlackEnv+"="+f.fs.APIURL())
	f.mu.Lock()
	f.child, f.killAt, f.killCreated = cmd, killAt, killCreated
	err := cmd.Start()
	f.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if killAfter > 0 {
		timer := time.AfterFunc(killAfter, func() { _ = cmd.Process.Kill() })
		defer timer.Stop()
	}
	err = cmd.Wait()
	f.mu.Lock()
	f.child = nil
	f.mu.Unlock()
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		if ee.ExitCode() == 2 {
			t.Fatalf("child failed: %v", err)
		}
		return ee.ExitCode()
	}
	t.Fatal(err)
	return 0
}

// check asserts that every message of every channel's digest is in the
// channel exactly once, and nothing else is.
func (f *crashFixture) check(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	sdb, err := store.Open(ctx, f.path, store.Options{Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	db := NewStore(sdb)
	date := time.Now().UTC().Format(DateLayout)
	total := 0
	verify := func(p bot.Platform, ch string, got []string) {
		msgs, err := db.DigestMessages(ctx, p, ch, date)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) < 2 {
			t.Errorf("%s/%s: a digest of %d messages; the test needs several", p, ch, len(msgs))
		}
		count := map[string]int{}
		for _, k := range got {
			count[k]++
		}
		for _, m := range msgs {
			if count[m.Key] != 1 {
				t.Errorf("%s/%s: message %d of %d posted %d times", p, ch, m.Part+1, len(msgs), count[m.Key])
			}
			if !m.Posted() {
				t.Errorf("%s/%s: message %d not marked posted", p, ch, m.Part+1)
			}
			delete(count, m.Key)
		}
		for k, n := range count {
			t.Errorf("%s/%s: %d posts of an unknown message %q", p, ch, n, k)
		}
		total += len(msgs)
	}
	for _, ch := range crashDiscordChannels {
		var keys []string
		for _, m := range f.fd.Messages(ch) {
			keys = append(keys, m.Nonce)
		}
		verify(bot.PlatformDiscord, ch, keys)
	}
	for _, ch := range crashSlackChannels {
		var keys []string
		for _, p := range f.fs.Posts() {
			if p.Channel != ch {
				continue
			}
			var meta struct {
				EventType    string         `json:"event_type"`
				EventPayload map[string]any `json:"event_payload"`
			}
			if err := json.Unmarshal(p.Metadata, &meta); err != nil {
				t.Errorf("%s: a post without metadata: %v", ch, err)
				continue
			}
			k, _ := meta.EventPayload["key"].(string)
			keys = append(keys, k)
		}
		verify(bot.PlatformSlack, ch, keys)
	}
	if unsent, err := db.UnsentDigests(ctx); err != nil || len(unsent) != 0 {
		t.Errorf("unsent digests left: %d, %v", len(unsent), err)
	}
	dedup := len(f.fd.Records(func(r fakediscord.Record) bool { return r.Deduplicated }))
	t.Logf("%d messages in %d channels, each posted once (%d Discord posts answered by nonce, %d Slack history look-ups)",
		total, len(crashDiscordChannels)+len(crashSlackChannels), dedup, f.fs.Calls("conversations.history"))
}

// TestDigestRunKilled kills a digest run with SIGKILL at many points across
// a multi-message digest to three Discord and three Slack channels — as a
// post arrives at the platform, right after the platform made it (before
// its answer), and at moments in between — restarting it each time, then
// the same with injected 500s (before and after the message is made) and
// 429s: every message is posted exactly once.
func TestDigestRunKilled(t *testing.T) {
	if os.Getenv(childStoreEnv) != "" {
		t.Skip("in the child")
	}
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for _, inject := range []bool{false, true} {
		t.Run(fmt.Sprintf("failures=%v", inject), func(t *testing.T) {
			f := newCrashFixture(t)
			kills := 0
			for run := 0; ; run++ {
				if run == 60 {
					t.Fatalf("still not done after %d runs", run)
				}
				if inject {
					f.fd.FailNext(fakediscord.KindChannelMessage, 1, fakediscord.Failure{Status: 500, AfterCreate: run%2 == 0})
					f.fs.FailNext("chat.postMessage", 1, fakeslack.Failure{Status: 500, AfterCreate: run%2 == 1})
					f.fd.ForceRateLimit(fakediscord.KindChannelMessage, 1, 20*time.Millisecond, false)
					if run%6 == 0 {
						f.fs.RateLimit("chat.postMessage", 1, time.Second)
					}
				}
				f.mu.Lock()
				next := f.posts + 1 + run%2 // the next post or the one after
				f.mu.Unlock()
				var code int
				switch {
				case run%5 == 4: // at a moment in between (store writes included)
					code = f.run(t, 0, false, time.Duration(10+run*3)*time.Millisecond)
				default: // at a post: as it arrives, or once it is made
					code = f.run(t, next, run%3 != 0, 0)
				}
				if code == -1 {
					kills++
				}
				if code == 0 {
					break
				}
			}
			if kills < 6 {
				t.Errorf("only %d runs were killed; the test needs more", kills)
			}
			f.check(t)
			// One more run posts nothing.
			before := len(f.fs.Posts())
			dBefore := 0
			for _, ch := range crashDiscordChannels {
				dBefore += len(f.fd.Messages(ch))
			}
			if code := f.run(t, 0, false, 0); code != 0 {
				t.Errorf("a run after all was sent exits %d", code)
			}
			dAfter := 0
			for _, ch := range crashDiscordChannels {
				dAfter += len(f.fd.Messages(ch))
			}
			if len(f.fs.Posts()) != before || dAfter != dBefore {
				t.Errorf("a run after all was sent posted again")
			}
		})
	}
}
