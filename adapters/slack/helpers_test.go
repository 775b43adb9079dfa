package slack

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stancebot/stancebot/adapters/slack/fakeslack"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/digest"
	"github.com/stancebot/stancebot/index"
	"github.com/stancebot/stancebot/internal/testenv"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testSecret is the signing secret of the HTTP mode tests.
const testSecret = "test-signing-secret"

// testEnv is a bot over a real store and index, a fake Slack and an adapter.
type testEnv struct {
	t   *testing.T
	bot *bot.Bot
	fs  *fakeslack.Server
	a   *Adapter
}

// envOptions adjust a test environment.
type envOptions struct {
	socket bool               // Socket Mode (app token) instead of HTTP mode
	bot    *bot.Bot           // the bot to serve; nil: newBot's
	adjust func(*Options)     // last changes to the adapter's options
	extra  []bot.Command      // commands registered besides the built-in ones
	logs   *lockedLog         // receives the adapter's log when set
	obs    *recordingObserver // receives the adapter's metrics when set
}

// shared is the store and quote index every test's bot reads: the real
// SQLite store seeded with the embedded default dataset, opened once.
var shared struct {
	store *store.DB
	index *index.Index
}

func TestMain(m *testing.M) {
	flag.Parse()
	code, err := withSharedData(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "slack adapter tests:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

// withSharedData opens the shared store and index in a temporary directory,
// runs the tests and cleans up.
func withSharedData(m *testing.M) (int, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "slack-test-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	data, err := realdata.Open(ctx, dir)
	if err != nil {
		return 0, err
	}
	defer data.Close()
	shared.store, shared.index = data.Store, data.Index
	return m.Run(), nil
}

// newBot returns a bot over the shared store and index with the commands
// `serve` registers: the core's and /digest.
func newBot(t *testing.T) *bot.Bot {
	t.Helper()
	quiet := testenv.Logger()
	b, err := bot.New(bot.Options{Store: shared.store, Index: shared.index, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	d, err := digest.New(digest.Options{Store: digest.NewStore(shared.store), Finder: b, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Register(d.Command()); err != nil {
		t.Fatal(err)
	}
	return b
}

func newEnv(t *testing.T, eo envOptions) *testEnv {
	t.Helper()
	quiet := testenv.Logger()
	b := eo.bot
	if b == nil {
		b = newBot(t)
	}
	for _, c := range eo.extra {
		if err := b.Register(c); err != nil {
			t.Fatal(err)
		}
	}
	fs := fakeslack.New()
	t.Cleanup(fs.Close)
	e := &testEnv{t: t, bot: b, fs: fs}
	log := quiet
	if eo.logs != nil {
		log = slog.New(slog.NewTextHandler(eo.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	opts := Options{
		BotToken:     fakeslack.BotToken,
		APIURL:       fs.APIURL(),
		Logger:       log,
		AckAfter:     5 * time.Second, // generous: the race detector on a busy machine is slow
		PostInterval: 10 * time.Millisecond,
		DeadAfter:    5 * time.Second,
	}
	if eo.obs != nil {
		opts.Observer = eo.obs
	}
	if eo.socket {
		opts.AppToken = fakeslack.AppToken
	} else {
		opts.SigningSecret = testSecret
	}
	if eo.adjust != nil {
		eo.adjust(&opts)
	}
	a, err := New(b, opts)
	if err != nil {
		t.Fatal(err)
	}
	e.a = a
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := a.Drain(ctx); err != nil {
			t.Errorf("answers left under way when the test ended: %v", err)
		}
	})
	return e
}

// drain waits until the adapter has delivered every answer under way.
func (e *testEnv) drain() {
	e.t.Helper()
	if err := e.a.Drain(e.ctx()); err != nil {
		e.t.Fatal(err)
	}
}

// run starts the adapter's Run and stops it when the test ends. Run's
// result arrives on the returned channel; when the test does not take it,
// the cleanup requires it to be nil.
func (e *testEnv) run() <-chan error {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- e.a.Run(ctx)
		close(done)
	}()
	e.t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				e.t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			e.t.Error("Run did not return after its context was cancelled")
		}
	})
	return done
}

// ctx is a test context with a deadline well inside the test timeout.
func (e *testEnv) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	e.t.Cleanup(cancel)
	return ctx
}

// sign adds Slack's v0 signature headers for body at the given time.
func sign(h http.Header, secret string, ts time.Time, body string) {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + stamp + ":" + body))
	h.Set("X-Slack-Request-Timestamp", stamp)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
}

// do sends a signed request to the adapter's HTTP handler and returns the response.
func (e *testEnv) do(path, contentType, body string) *httptest.ResponseRecorder {
	e.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	sign(req.Header, testSecret, time.Now(), body)
	w := httptest.NewRecorder()
	e.a.Handler().ServeHTTP(w, req)
	return w
}

// command posts a signed slash command; its response URL is recorded under name.
func (e *testEnv) command(name, command, text, user string) *httptest.ResponseRecorder {
	form := url.Values{
		"command": {command}, "text": {text}, "user_id": {user}, "channel_id": {"C1"},
		"team_id": {fakeslack.TeamID}, "response_url": {e.fs.ResponseURL(name)}, "trigger_id": {e.fs.Trigger(user)},
	}
	return e.do(PathCommands, "application/x-www-form-urlencoded", form.Encode())
}

// event posts a signed Events API callback.
func (e *testEnv) event(eventID string, inner map[string]any) *httptest.ResponseRecorder {
	body, err := json.Marshal(fakeslack.EventCallback(eventID, inner))
	if err != nil {
		e.t.Fatal(err)
	}
	return e.do(PathEvents, "application/json", string(body))
}

// interact posts a signed interactivity payload.
func (e *testEnv) interact(payload map[string]any) *httptest.ResponseRecorder {
	body, err := json.Marshal(payload)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.do(PathInteractivity, "application/x-www-form-urlencoded", url.Values{"payload": {string(body)}}.Encode())
}

// mention is an app_mention event of user in channel C1, in the thread when thread is set.
func mention(user, text, ts, thread string) map[string]any {
	m := map[string]any{"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": "C1", "event_ts": ts}
	if thread != "" {
		m["thread_ts"] = thread
	}
	return m
}

// shortcut is a "Find sources" message_action on a message in channel C1.
func shortcut(responseURL, text, ts, thread string) map[string]any {
	msg := map[string]any{"type": "message", "user": "U2", "text": text, "ts": ts}
	if thread != "" {
		msg["thread_ts"] = thread
	}
	return map[string]any{
		"type": "message_action", "callback_id": shortcutFindSources, "trigger_id": "1.2.3",
		"response_url": responseURL, "team": map[string]any{"id": fakeslack.TeamID},
		"channel": map[string]any{"id": "C1", "name": "general"}, "user": map[string]any{"id": "U1"},
		"message_ts": ts, "message": msg,
	}
}

// click is a block_actions payload for a click on a button with the given
// action id and value, on a message in channel C1.
func click(responseURL, actionID, value string) map[string]any {
	return map[string]any{
		"type": "block_actions", "trigger_id": "1.2.3", "response_url": responseURL,
		"user":      map[string]any{"id": "U1"},
		"channel":   map[string]any{"id": "C1"},
		"container": map[string]any{"type": "message", "message_ts": "1700000000.000100", "channel_id": "C1"},
		"message":   map[string]any{"type": "message", "ts": "1700000000.000100"},
		"actions": []map[string]any{{
			"type": "button", "action_id": actionID, "block_id": "b1", "value": value,
			"text": map[string]any{"type": "plain_text", "text": "Next"}, "action_ts": "1700000001.000000",
		}},
	}
}

// lockedLog is a log buffer written by several goroutines.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// recordingObserver counts the platform errors the adapter reports.
type recordingObserver struct {
	mu     sync.Mutex
	errors map[string]int
}

func (o *recordingObserver) CommandDone(bot.Platform, string, string, time.Duration) {}
func (o *recordingObserver) DigestSent(bot.Platform)                                 {}
func (o *recordingObserver) PlatformError(_ bot.Platform, kind string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.errors == nil {
		o.errors = map[string]int{}
	}
	o.errors[kind]++
}

func (o *recordingObserver) count(kind string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.errors[kind]
}

// blocksText returns every text in a blocks JSON array, for assertions.
func blocksText(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("blocks %s: %v", raw, err)
	}
	var b strings.Builder
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok {
				b.WriteString(s + "\n")
			}
			for k, v := range x {
				if k != "text" || !isString(v) {
					walk(v)
				}
			}
		case []any:
			for _, v := range x {
				walk(v)
			}
		}
	}
	walk(v)
	return b.String()
}

func isString(v any) bool { _, ok := v.(string); return ok }

// readAll reads a response body.
func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// slowCommand answers only once release is closed, to exercise late
// answers. It tells started (when not nil) that it has begun.
func slowCommand(started chan<- struct{}, release <-chan struct{}) bot.Command {
	return bot.Command{
		Name: "slow", Description: "Answers when the test lets it",
		Options: []bot.Option{{Name: "words", Positional: true, Rest: true}},
		Run: func(ctx context.Context, req bot.Request) (bot.Reply, error) {
			if started != nil {
				started <- struct{}{}
			}
			select {
			case <-release:
			case <-ctx.Done():
				return bot.Reply{}, ctx.Err()
			}
			return bot.Reply{Cards: []bot.Card{{Title: "Slow answer", Text: req.Option("words")}}}, nil
		},
	}
}

// pagerCommand answers with page n of 3 and buttons to the others.
func pagerCommand() bot.Command {
	return bot.Command{
		Name: "pager", Description: "A paginated answer",
		Options: []bot.Option{{Name: "page", Positional: true}},
		Run: func(_ context.Context, req bot.Request) (bot.Reply, error) {
			n, err := strconv.Atoi(req.Option("page"))
			if req.Option("page") == "" {
				n, err = 1, nil
			}
			if err != nil || n < 1 || n > 3 {
				return bot.Reply{}, bot.Errorf(bot.EINVALID, "There is no page %s.", req.Option("page"))
			}
			r := bot.Reply{Page: n, Pages: 3, Cards: []bot.Card{{Title: "Pager", Text: "This is page " + strconv.Itoa(n) + "."}}}
			if n > 1 {
				r.Actions = append(r.Actions, bot.Action{Label: "‹ Prev", Command: "/pager " + strconv.Itoa(n-1)})
			}
			if n < 3 {
				r.Actions = append(r.Actions, bot.Action{Label: "Next ›", Command: "/pager " + strconv.Itoa(n+1)})
			}
			return r, nil
		},
	}
}

// manageCommand may only be used by people who can manage the channel.
func manageCommand() bot.Command {
	return bot.Command{
		Name: "manage", Description: "Changes a channel setting", ManageOnly: true,
		Run: func(_ context.Context, req bot.Request) (bot.Reply, error) {
			return bot.Reply{Cards: []bot.Card{{Title: "Setting changed by " + req.UserID}}}, nil
		},
	}
}
