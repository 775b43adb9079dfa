package digest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stancebot/stancebot/adapters/slack"
	"github.com/stancebot/stancebot/adapters/slack/fakeslack"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv"
)

// newSlack starts a fake Slack and an HTTP-mode adapter of e's bot posting to it.
func newSlack(t *testing.T, e *env) (*fakeslack.Server, *slack.Adapter) {
	t.Helper()
	fs := fakeslack.New()
	t.Cleanup(fs.Close)
	return fs, newSlackOn(t, e, fs)
}

// newSlackOn is an adapter of e's current bot posting to the fake Slack fs.
func newSlackOn(t *testing.T, e *env, fs *fakeslack.Server) *slack.Adapter {
	t.Helper()
	ad, err := slack.New(e.bot, slack.Options{
		BotToken: fakeslack.BotToken, SigningSecret: "digest-test-secret", APIURL: fs.APIURL(),
		PostInterval: time.Millisecond, Logger: testenv.Logger(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return ad
}

// slackBlockTexts returns every text of a message's blocks, one a string.
func slackBlockTexts(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	var blocks []map[string]any
	if err := json.Unmarshal(raw, &blocks); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok {
				out = append(out, s)
			}
			for k, y := range x {
				if k != "text" || !isString(y) {
					walk(y)
				}
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	for _, b := range blocks {
		walk(b)
	}
	if len(blocks) > 50 {
		t.Errorf("a message of %d blocks (Slack allows 50)", len(blocks))
	}
	return out
}

func isString(v any) bool { _, ok := v.(string); return ok }

// TestEndToEndSlack60: a 60-position digest goes through the real Slack
// adapter to a fake Slack, split into messages within Slack's limits, every
// position exactly once; the next pass and a restart post nothing more.
func TestEndToEndSlack60(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	fs, ad := newSlack(t, e)
	e.subscribe(bot.PlatformSlack, "C0DIGEST", "")
	ids := make([]int, 60)
	for i := range ids {
		ids[i] = i + 1
	}
	e.record("open-source", ids...)
	senders := map[bot.Platform]bot.Sender{bot.PlatformSlack: ad}
	s, err := NewScheduler(e.svc, SchedulerOptions{Senders: senders, Holder: "one"})
	if err != nil {
		t.Fatal(err)
	}
	if rep := e.runDue(s, at(21, 9, 0)); len(rep.Sent) != 1 || rep.Failed != 0 {
		t.Fatalf("pass: %v", rep)
	}
	posts := fs.Posts()
	if len(posts) < 2 {
		t.Fatalf("%d posts; a 60-position digest needs several Slack messages", len(posts))
	}
	var all strings.Builder
	for _, p := range posts {
		if p.Method != "chat.postMessage" || p.Channel != "C0DIGEST" || p.ThreadTS != "" {
			t.Errorf("post %s to %s (thread %q), want chat.postMessage to C0DIGEST", p.Method, p.Channel, p.ThreadTS)
		}
		for _, txt := range slackBlockTexts(t, p.Blocks) {
			if n := utf8.RuneCountInString(txt); n > 3000 {
				t.Errorf("a block text of %d characters (Slack allows 3000)", n)
			}
			all.WriteString(txt + "\n")
		}
	}
	text := all.String()
	for i := 1; i <= 60; i++ {
		if n := strings.Count(text, fmt.Sprintf("Words of person %d on open-source.", i)); n != 1 {
			t.Errorf("person %d's quote appears %d times in the Slack messages, want 1", i, n)
		}
	}
	if !strings.Contains(text, "62 stated endorsers, +60") {
		t.Errorf("the counts line is missing")
	}

	e.runDue(s, at(21, 9, 1))
	e.restart()
	ad2 := newSlackOn(t, e, fs)
	s2, err := NewScheduler(e.svc, SchedulerOptions{Senders: map[bot.Platform]bot.Sender{bot.PlatformSlack: ad2}, Holder: "two"})
	if err != nil {
		t.Fatal(err)
	}
	e.runDue(s2, at(21, 9, 5))
	if n := len(fs.Posts()); n != len(posts) {
		t.Errorf("%d posts after another pass and a restart, want %d", n, len(posts))
	}
}
