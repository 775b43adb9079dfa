package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	discordadapter "github.com/stancebot/stancebot/adapters/discord"
	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
	"github.com/stancebot/stancebot/adapters/slack"
	"github.com/stancebot/stancebot/adapters/slack/fakeslack"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/config"
	"github.com/stancebot/stancebot/internal/testenv"
)

// syncBuffer is a log destination safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// fakes are both fake platforms, with the configuration and hooks that
// point serve at them.
type fakes struct {
	discord *fakediscord.Server
	slack   *fakeslack.Server
}

func startFakes(t *testing.T) fakes {
	t.Helper()
	d, err := fakediscord.Start(fakediscord.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	s := fakeslack.New()
	t.Cleanup(s.Close)
	return fakes{discord: d, slack: s}
}

func (f fakes) hooks() adapterHooks {
	return adapterHooks{
		"discord": func(o *discordadapter.Options) { o.HTTPClient = f.discord.Client() },
		"slack":   func(o *slack.Options) { o.APIURL = f.slack.APIURL() },
	}
}

// configFromEnv loads a configuration from the given environment only.
func configFromEnv(t *testing.T, env map[string]string) *config.Config {
	t.Helper()
	cfg, err := loadConfig("", config.MapEnv(env))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// get fetches a URL and returns the status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// waitReady polls /readyz until it answers 200.
func waitReady(t *testing.T, base string, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-done:
			t.Fatalf("serve returned before it was ready: %v", err)
		default:
		}
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return string(body)
			}
			if time.Now().After(deadline) {
				t.Fatalf("/readyz still %d:\n%s", resp.StatusCode, body)
			}
		} else if time.Now().After(deadline) {
			t.Fatalf("/readyz: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// metricValue returns the value of one sample line of a scrape, -1 when absent.
func metricValue(scrape, series string) float64 {
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` ([0-9.e+-]+)$`)
	m := re.FindStringSubmatch(scrape)
	if m == nil {
		return -1
	}
	var v float64
	fmt.Sscan(m[1], &v)
	return v
}

// slowCommand is a command that blocks until release is closed, telling
// started when it begins, to hold an answer in flight.
func slowCommand(started chan<- bot.Platform, release <-chan struct{}) bot.Command {
	return bot.Command{
		Name:        "slow",
		Description: "An answer that takes its time (tests only)",
		Run: func(_ context.Context, req bot.Request) (bot.Reply, error) {
			started <- req.Platform
			<-release
			return bot.Reply{Cards: []bot.Card{{Title: "slow answer done"}}}, nil
		},
	}
}

func TestServeEndToEnd(t *testing.T) {
	f := startFakes(t)
	cfg := configFromEnv(t, map[string]string{
		"DISCORD_TOKEN":                      f.discord.Token(),
		"DISCORD_APP_ID":                     f.discord.AppID(),
		"SLACK_BOT_TOKEN":                    fakeslack.BotToken,
		"SLACK_APP_TOKEN":                    fakeslack.AppToken,
		"STANCEBOT_DATA_DIR":                 t.TempDir(),
		"STANCEBOT_HTTP_SHUTDOWN_TIMEOUT":    "10s",
		"STANCEBOT_LIMITS_USER_COOLDOWN":     "0s",
		"STANCEBOT_LIMITS_DRAFT_LIFETIME":    "72h",
		"STANCEBOT_LIMITS_PROPOSALS_PER_DAY": "3",
		"STANCEBOT_LOG_FORMAT":               "json",
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	logs := &syncBuffer{}
	defer func() {
		if t.Failed() {
			t.Logf("serve's log:\n%s", logs)
		}
	}()
	started := make(chan bot.Platform, 2)
	release := make(chan struct{})
	// SIGTERM reaches serve the way main delivers it: through the context.
	sigCtx, stopSignals := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stopSignals()
	done := make(chan error, 1)
	go func() {
		done <- serve(sigCtx, cfg, serveOptions{
			Logger:       newLogger(cfg.Log, logs),
			Listener:     ln,
			adapterHooks: f.hooks(),
			prepared: func(a *app) error {
				// The [limits] of proposals reach the bot: /help propose says them.
				propose, ok := a.Bot.Command("propose")
				if !ok {
					return errors.New("no /propose")
				}
				for _, want := range []string{"what you typed for 3 days", "3 proposals in 24 hours"} {
					if !strings.Contains(propose.Help, want) {
						return fmt.Errorf("/help propose lacks %q: %s", want, propose.Help)
					}
				}
				return a.Bot.Register(slowCommand(started, release))
			},
		})
	}()

	ready := waitReady(t, base, done)
	for _, want := range []string{"ok store", "ok index", "ok discord (gateway)", "ok slack (socket)"} {
		if !strings.Contains(ready, want) {
			t.Errorf("/readyz lacks %q:\n%s", want, ready)
		}
	}
	if code, body := get(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	_, before := get(t, base+"/metrics")
	discordHelp := `stancebot_commands_total{command="help",outcome="ok",platform="discord"}`
	slackHelp := `stancebot_commands_total{command="help",outcome="ok",platform="slack"}`
	if v := metricValue(before, "stancebot_index_quotes"); v <= 0 {
		t.Errorf("stancebot_index_quotes = %v, want the seeded quotes", v)
	}
	for _, s := range []string{`stancebot_platform_ready{platform="discord"}`, `stancebot_platform_ready{platform="slack"}`} {
		if v := metricValue(before, s); v != 1 {
			t.Errorf("%s = %v, want 1", s, v)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	// A command on each platform.
	in, err := f.discord.InjectInteraction(fakediscord.Slash("help", nil))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := f.discord.WaitRecord(ctx, fakediscord.ForInteraction(in.ID, fakediscord.KindCallback))
	if err != nil {
		t.Fatalf("discord /help: no answer: %v", err)
	}
	if !strings.Contains(string(rec.Body), "whoendorses") {
		t.Errorf("discord /help answered without the commands: %s", rec.Body)
	}
	envID, err := f.slack.PushSlashCommand(ctx, fakeslack.SlashCommand{
		Command: "/help", UserID: "U0ASKER", ChannelID: "C0CHAN", ResponseURL: f.slack.ResponseURL("help"),
	})
	if err != nil {
		t.Fatal(err)
	}
	ack, err := f.slack.WaitAck(ctx, envID)
	if err != nil {
		t.Fatalf("slack /help: no ack: %v", err)
	}
	if got := slackAnswer(t, ctx, f.slack, ack, "help"); !strings.Contains(got, "whoendorses") {
		t.Errorf("slack /help answered without the commands: %s", got)
	}

	// The metrics changed.
	_, after := get(t, base+"/metrics")
	for _, s := range []string{discordHelp, slackHelp} {
		if b, a := max(metricValue(before, s), 0), metricValue(after, s); a != b+1 {
			t.Errorf("%s: %v before the command, %v after; want one more", s, b, a)
		}
	}
	if v := metricValue(after, `stancebot_command_duration_seconds_count{command="help",platform="discord"}`); v != 1 {
		t.Errorf("latency histogram count %v, want 1", v)
	}

	// An answer in flight on each platform when SIGTERM arrives.
	slow, err := f.discord.InjectInteraction(fakediscord.Slash("slow", nil))
	if err != nil {
		t.Fatal(err)
	}
	slowEnv, err := f.slack.PushSlashCommand(ctx, fakeslack.SlashCommand{
		Command: "/slow", UserID: "U0ASKER", ChannelID: "C0CHAN", ResponseURL: f.slack.ResponseURL("slow"),
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		select {
		case <-started:
		case <-ctx.Done():
			t.Fatal("the slow commands did not start")
		}
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-sigCtx.Done()
	select {
	case err := <-done:
		t.Fatalf("serve returned with answers in flight: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	stopped := time.Now()
	close(release)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve after SIGTERM: %v", err)
		}
	case <-time.After(cfg.HTTP.ShutdownTimeout + 5*time.Second):
		t.Fatal("serve did not stop within its shutdown timeout")
	}
	if took := time.Since(stopped); took > cfg.HTTP.ShutdownTimeout {
		t.Errorf("shutdown took %s, over its bound %s", took, cfg.HTTP.ShutdownTimeout)
	}

	// Both answers were delivered before serve returned.
	answered := f.discord.Records(fakediscord.ForInteraction(slow.ID, fakediscord.KindCallback, fakediscord.KindEditOriginal))
	if !anyContains(answered, "slow answer done") {
		t.Errorf("discord: the answer in flight was not delivered before serve returned: %+v", answered)
	}
	if got := slackDelivered(f.slack, slowEnv, "slow"); !strings.Contains(got, "slow answer done") {
		t.Errorf("slack: the answer in flight was not delivered before serve returned: %q", got)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the listener still answers after serve returned")
	}

	log := logs.String()
	for _, secret := range []string{f.discord.Token(), fakeslack.BotToken, fakeslack.AppToken} {
		if strings.Contains(log, secret) {
			t.Errorf("the log contains a secret (%s)", secret)
		}
	}
	if !strings.Contains(log, `"command":"help"`) || !strings.Contains(log, `"platform":"discord"`) {
		t.Error("the log has no line for the commands")
	}
}

// anyContains reports whether any record's body contains s.
func anyContains(recs []fakediscord.Record, s string) bool {
	for _, r := range recs {
		if strings.Contains(string(r.Body), s) {
			return true
		}
	}
	return false
}

// slackAnswer returns the answer to a slash command: the ack's payload, or
// what was posted to its response URL when the ack came empty.
func slackAnswer(t *testing.T, ctx context.Context, s *fakeslack.Server, ack fakeslack.Ack, name string) string {
	t.Helper()
	if len(ack.Payload) > 0 && string(ack.Payload) != "null" {
		return string(ack.Payload)
	}
	if _, err := s.WaitResponses(ctx, 1); err != nil {
		t.Fatalf("slack: no answer: %v", err)
	}
	return slackDelivered(s, "", name)
}

// slackDelivered returns everything delivered for a slash command so far:
// its ack's payload and the posts to its response URL, as JSON.
func slackDelivered(s *fakeslack.Server, envelopeID, name string) string {
	var out []any
	for _, a := range s.Acks() {
		if a.EnvelopeID == envelopeID {
			out = append(out, a.Payload)
		}
	}
	for _, r := range s.Responses() {
		if r.Name == name {
			out = append(out, r)
		}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func TestServeNoPlatform(t *testing.T) {
	cfg := configFromEnv(t, map[string]string{"STANCEBOT_DATA_DIR": t.TempDir()})
	err := serve(context.Background(), cfg, serveOptions{Logger: testenv.Logger()})
	if err == nil {
		t.Fatal("serve started with no platform")
	}
	for _, want := range []string{"no platform", "DISCORD_TOKEN", "DISCORD_APP_ID", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_PUBLIC_KEY"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the message does not mention %s:\n%v", want, err)
		}
	}
	entries, rerr := os.ReadDir(cfg.Data.Dir)
	if rerr != nil || len(entries) != 0 {
		t.Errorf("serve with no platform touched the data directory: %v %v", entries, rerr)
	}
}

func TestRunServeRefusesBadConfig(t *testing.T) {
	path := t.TempDir() + "/bad.toml"
	if err := os.WriteFile(path, []byte("[http]\nshutdown_timeout = \"soon\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"serve", "--config", path}, strings.NewReader(""), io.Discard, &stderr)
	if code == 0 || !strings.Contains(stderr.String(), "http.shutdown_timeout") {
		t.Errorf("exit %d, stderr %q: want a failure naming the key", code, stderr.String())
	}
}

// startServe runs serve in the background on a port-0 listener and returns
// its base URL and the channel its result arrives on; cancel stops it.
func startServe(t *testing.T, ctx context.Context, cfg *config.Config, opts serveOptions) (string, <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	opts.Listener = ln
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, opts) }()
	return "http://" + ln.Addr().String(), done
}

// signSlack signs a Slack HTTP request body with the v0 scheme.
func signSlack(req *http.Request, secret string, body []byte) {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", ts, body)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
}

func TestServeHTTPModes(t *testing.T) {
	f := startFakes(t)
	const signingSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	cfg := configFromEnv(t, map[string]string{
		"DISCORD_PUBLIC_KEY":             f.discord.PublicKey(),
		"DISCORD_APP_ID":                 f.discord.AppID(),
		"SLACK_BOT_TOKEN":                fakeslack.BotToken,
		"SLACK_SIGNING_SECRET":           signingSecret,
		"STANCEBOT_DATA_DIR":             t.TempDir(),
		"STANCEBOT_LIMITS_USER_COOLDOWN": "0s",
	})
	if d, s := sectionOf[*discordadapter.Config](cfg), sectionOf[*slack.Config](cfg); d.Mode != config.ModeHTTP || s.Mode != config.ModeHTTP {
		t.Fatalf("modes %s/%s, want http/http", d.Mode, s.Mode)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := startServe(t, ctx, cfg, serveOptions{Logger: testenv.Logger(), adapterHooks: f.hooks()})
	ready := waitReady(t, base, done)
	for _, want := range []string{"ok discord (http)", "ok slack (http)"} {
		if !strings.Contains(ready, want) {
			t.Errorf("/readyz lacks %q:\n%s", want, ready)
		}
	}

	// Discord: a signed interaction on the configured path; a forged one is refused.
	_, rec, err := f.discord.PostInteraction(ctx, base+sectionOf[*discordadapter.Config](cfg).InteractionsPath, fakediscord.Slash("help", nil))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != http.StatusOK || !strings.Contains(string(rec.Body), "whoendorses") {
		t.Errorf("discord HTTP /help: %d %s", rec.Status, rec.Body)
	}
	forged, err := http.Post(base+sectionOf[*discordadapter.Config](cfg).InteractionsPath, "application/json", strings.NewReader(`{"type":1}`))
	if err != nil {
		t.Fatal(err)
	}
	forged.Body.Close()
	if forged.StatusCode != http.StatusUnauthorized {
		t.Errorf("an unsigned interaction got %d, want 401", forged.StatusCode)
	}

	// Slack: a signed slash command on /slack/commands.
	form := url.Values{"command": {"/help"}, "text": {""}, "user_id": {"U0ASKER"}, "channel_id": {"C0CHAN"},
		"team_id": {fakeslack.TeamID}, "response_url": {f.slack.ResponseURL("help")}}
	body := []byte(form.Encode())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/slack/commands", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	signSlack(req, signingSecret, body)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("slack HTTP /help: %d %s", resp.StatusCode, answer)
	}
	if !strings.Contains(string(answer), "whoendorses") {
		if _, err := f.slack.WaitResponses(ctx, 1); err != nil || !strings.Contains(slackDelivered(f.slack, "", "help"), "whoendorses") {
			t.Errorf("slack HTTP /help: no answer (ack %s)", answer)
		}
	}

	_, scrape := get(t, base+"/metrics")
	for _, p := range []string{"discord", "slack"} {
		s := `stancebot_commands_total{command="help",outcome="ok",platform="` + p + `"}`
		if v := metricValue(scrape, s); v != 1 {
			t.Errorf("%s = %v, want 1", s, v)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(cfg.HTTP.ShutdownTimeout + 5*time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestServeExitsWhenAPlatformStaysDown(t *testing.T) {
	f := startFakes(t)
	cfg := configFromEnv(t, map[string]string{
		"DISCORD_TOKEN":      f.discord.Token(),
		"DISCORD_APP_ID":     f.discord.AppID(),
		"STANCEBOT_DATA_DIR": t.TempDir(),
	})
	hooks := f.hooks()
	hooks["discord"] = func(o *discordadapter.Options) {
		o.HTTPClient = f.discord.Client()
		o.DeadAfter = 300 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := startServe(t, ctx, cfg, serveOptions{Logger: testenv.Logger(), adapterHooks: hooks})
	waitReady(t, base, done)
	f.discord.SetGatewayDown(true)
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "discord") {
			t.Fatalf("serve returned %v, want the discord watchdog's error", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve kept running with the gateway down")
	}
}

func TestSyncIndexCatchesUpWithTheStore(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := openApp(ctx, appOptions{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	before, err := a.Index.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- syncIndex(ctx, a, 10*time.Millisecond, testenv.Logger()) }()

	// Another process records a new quote in the store.
	ds, err := a.Store.Export(ctx)
	if err != nil || len(ds.Quotes) == 0 {
		t.Fatalf("export: %d quotes, %v", len(ds.Quotes), err)
	}
	q := ds.Quotes[0]
	q.Text += " Recorded later, for the index sync test."
	q.ID = bot.QuoteID(q.PersonID, q.StrategyID, q.Text)
	ds.Quotes = append(ds.Quotes, q)
	if _, err := a.Store.Import(ctx, ds); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, err := a.Index.DocCount()
		if err != nil {
			t.Fatal(err)
		}
		if n == before+1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("index has %d quotes, want %d", n, before+1)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestServeListenAddressTaken(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := t.TempDir()
	cfg := configFromEnv(t, map[string]string{
		"DISCORD_TOKEN":         "unused",
		"DISCORD_APP_ID":        "42",
		"STANCEBOT_DATA_DIR":    dir,
		"STANCEBOT_HTTP_LISTEN": taken.Addr().String(),
	})
	err = serve(context.Background(), cfg, serveOptions{})
	if err == nil || !strings.Contains(err.Error(), "listen") {
		t.Fatalf("serve on a taken address: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("serve opened the data directory before failing to listen: %v", entries)
	}
}

func TestServeHTTPDrainsDeferredAnswers(t *testing.T) {
	f := startFakes(t)
	cfg := configFromEnv(t, map[string]string{
		"DISCORD_PUBLIC_KEY": f.discord.PublicKey(),
		"DISCORD_APP_ID":     f.discord.AppID(),
		"STANCEBOT_DATA_DIR": t.TempDir(),
	})
	started := make(chan bot.Platform, 1)
	release := make(chan struct{})
	hooks := f.hooks()
	hooks["discord"] = func(o *discordadapter.Options) {
		o.HTTPClient = f.discord.Client()
		o.DeferAfter = 50 * time.Millisecond // defer at once: the answer comes after the request ended
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := startServe(t, ctx, cfg, serveOptions{
		Logger:       testenv.Logger(),
		adapterHooks: hooks,
		prepared:     func(a *app) error { return a.Bot.Register(slowCommand(started, release)) },
	})
	waitReady(t, base, done)
	in, rec, err := f.discord.PostInteraction(ctx, base+sectionOf[*discordadapter.Config](cfg).InteractionsPath, fakediscord.Slash("slow", nil))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("the slow answer was not deferred: type %d", rec.Type)
	}
	<-started
	cancel()
	select {
	case err := <-done:
		t.Fatalf("serve returned with a deferred answer under way: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(cfg.HTTP.ShutdownTimeout + 5*time.Second):
		t.Fatal("serve did not stop")
	}
	edits := f.discord.Records(fakediscord.ForInteraction(in.ID, fakediscord.KindEditOriginal))
	if !anyContains(edits, "slow answer done") {
		t.Errorf("the deferred answer was not delivered before serve returned: %+v", edits)
	}
}
