package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/adapters/slack/fakeslack"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/digest"
	"github.com/stancebot/stancebot/internal/testenv"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
	"github.com/stancebot/stancebot/seeds"
)

// subscribedStore makes a data directory whose store has the default
// dataset and a channel that subscribed (00:00 UTC) two days ago, before a
// new position by Jane Doe: a digest is due whenever the test runs.
func subscribedStore(t *testing.T, platform bot.Platform, channelID string) string {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	past := time.Now().Add(-48 * time.Hour)
	ds, err := seeds.Default()
	if err != nil {
		t.Fatal(err)
	}
	db := realdata.Store(t, filepath.Join(dir, "stancebot.db"), func() time.Time { return past }, ds)
	if _, _, err := digest.NewStore(db).SaveDigestSubscription(ctx, digest.Subscription{
		Platform: platform, ChannelID: channelID, At: "00:00", Zone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Import(ctx, bot.Dataset{
		People:  []bot.Person{{ID: "jane-doe", Name: "Jane Doe", Role: "Researcher"}},
		Stances: []bot.Stance{{PersonID: "jane-doe", StrategyID: "open-source", Kind: bot.StanceEndorses, Summary: "Open weights keep research honest"}},
		Quotes: []bot.Quote{{PersonID: "jane-doe", StrategyID: "open-source", Text: "Open weights keep research honest.",
			Fidelity: bot.FidelityDirect, Source: bot.Source{Type: "talk", Title: "Keynote", Publisher: "Some Conf"}}},
	}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDigestRunNow: `digest run --now` sends a due console digest to
// stdout once; the next run sends nothing.
func TestDigestRunNow(t *testing.T) {
	dir := subscribedStore(t, bot.PlatformConsole, "console")
	out, _ := mustRun(t, "digest", "run", "--now", "--data", dir)
	for _, want := range []string{"--- to #console ---", "New: Jane Doe endorses Open source",
		"“Open weights keep research honest.”", "1 digest sent: console/console"} {
		if !strings.Contains(out, want) {
			t.Errorf("first run lacks %q:\n%s", want, out)
		}
	}
	if out, _ := mustRun(t, "digest", "run", "--now", "--data", dir); strings.TrimSpace(out) != "0 digests sent" {
		t.Errorf("second run printed:\n%s", out)
	}
}

// TestServeSendsDueDigests: serve's scheduler posts a digest that came due
// while it was down as soon as it starts, through the Slack adapter.
func TestServeSendsDueDigests(t *testing.T) {
	f := startFakes(t)
	dir := subscribedStore(t, bot.PlatformSlack, "C0DIGEST")
	cfg := configFromEnv(t, map[string]string{
		"SLACK_BOT_TOKEN":      fakeslack.BotToken,
		"SLACK_SIGNING_SECRET": "digest-test-secret",
		"STANCEBOT_DATA_DIR":   dir,
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := startServe(t, ctx, cfg, serveOptions{Logger: testenv.Logger(), adapterHooks: f.hooks()})
	waitReady(t, base, done)
	wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
	defer wcancel()
	posts, err := f.slack.WaitPosts(wctx, 1)
	if err != nil {
		t.Fatalf("no digest posted: %v", err)
	}
	if p := posts[0]; p.Channel != "C0DIGEST" || !strings.Contains(string(p.Blocks), "Jane Doe") {
		t.Errorf("post to %s: %s", p.Channel, p.Blocks)
	}
	// The metrics count the delivered digest.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		_, scrape := get(t, base+"/metrics")
		if metricValue(scrape, `stancebot_digests_sent_total{platform="slack"}`) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("digests_sent_total never reached 1:\n%s", scrape)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	db := realdata.Store(t, filepath.Join(dir, "stancebot.db"), nil)
	rows, err := digest.NewStore(db).DigestOutboxes(context.Background(), bot.PlatformSlack, "C0DIGEST")
	if err != nil || len(rows) != 1 || !rows[0].Sent() {
		t.Errorf("outbox after serve = %+v, %v; want one digest marked sent", rows, err)
	}
}

func TestDigestRunUsage(t *testing.T) {
	for _, args := range [][]string{{"digest"}, {"digest", "send"}, {"digest", "run"}, {"digest", "run", "--now", "extra"}, {"digest", "run", "--later"}} {
		if code, _, errOut := runCmd(t, args...); code != 2 || !strings.Contains(errOut, "usage") {
			t.Errorf("%q: exit %d, stderr %q; want 2 and the usage", args, code, errOut)
		}
	}
}
