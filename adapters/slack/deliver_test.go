package slack

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
)

func TestSendSplitsLongRepliesAndSpacesPosts(t *testing.T) {
	const interval = 150 * time.Millisecond
	e := newEnv(t, envOptions{adjust: func(o *Options) { o.PostInterval = interval }})
	reply := renderFixtures()["long"]
	reply.Visibility = bot.Ephemeral // a digest is public whatever the reply says
	want := render(reply)
	if err := e.a.Send(e.ctx(), "CDIGEST", reply); err != nil {
		t.Fatal(err)
	}
	posts := e.fs.Posts()
	if len(posts) != len(want) || len(posts) < 2 {
		t.Fatalf("%d posts, want %d (at least 2)", len(posts), len(want))
	}
	for i, p := range posts {
		if p.Method != "chat.postMessage" || p.Channel != "CDIGEST" || p.ThreadTS != "" {
			t.Errorf("post %d: %s to %s thread %q", i, p.Method, p.Channel, p.ThreadTS)
		}
		if string(p.Blocks) != mustJSON(t, want[i].Blocks) || p.Text != want[i].Text {
			t.Errorf("post %d is not message %d of the reply", i, i)
		}
		if i > 0 {
			if gap := p.At.Sub(posts[i-1].At); gap < interval*8/10 {
				t.Errorf("posts %d and %d are %v apart, want about %v", i-1, i, gap, interval)
			}
		}
	}
}

func TestSendRetriesAfterRateLimit(t *testing.T) {
	obs := &recordingObserver{}
	e := newEnv(t, envOptions{obs: obs})
	e.fs.RateLimit("chat.postMessage", 1, time.Second)
	start := time.Now()
	if err := e.a.Send(e.ctx(), "CDIGEST", bot.Reply{Cards: []bot.Card{{Title: "Digest"}}}); err != nil {
		t.Fatal(err)
	}
	if n := e.fs.Calls("chat.postMessage"); n != 2 {
		t.Errorf("chat.postMessage called %d times, want 2 (one 429, one retry)", n)
	}
	posts := e.fs.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts recorded, want 1", len(posts))
	}
	if waited := posts[0].At.Sub(start); waited < time.Second {
		t.Errorf("retried after %v, before the Retry-After of 1s", waited)
	}
	if obs.count("rate_limited") != 1 {
		t.Errorf("rate limit reported %d times, want 1", obs.count("rate_limited"))
	}
}

func TestSendReportsFailures(t *testing.T) {
	obs := &recordingObserver{}
	e := newEnv(t, envOptions{obs: obs})
	e.fs.FailChannel("CGONE", "channel_not_found")
	err := e.a.Send(e.ctx(), "CGONE", bot.Reply{Cards: []bot.Card{{Title: "Digest"}}})
	if err == nil || !strings.Contains(err.Error(), "channel_not_found") {
		t.Errorf("Send = %v, want the channel_not_found error", err)
	}
	if obs.count("api") != 1 {
		t.Errorf("api errors reported %d times, want 1", obs.count("api"))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := e.a.Send(ctx, "C1", bot.Reply{Cards: []bot.Card{{Title: "Digest"}}}); err == nil {
		t.Error("Send with a cancelled context succeeded")
	}
}

func TestSeenSetIsBounded(t *testing.T) {
	s := newSeenSet(3)
	for _, id := range []string{"a", "b", "c"} {
		if !s.add(id) {
			t.Fatalf("%s reported as seen", id)
		}
	}
	if s.add("a") {
		t.Error("a repeated id reported as new")
	}
	s.add("d") // evicts the oldest, a
	if len(s.ids) != 3 {
		t.Errorf("%d ids remembered, want 3", len(s.ids))
	}
	if !s.add("a") {
		t.Error("an evicted id is still remembered")
	}
	if !s.add("") || !s.add("") {
		t.Error("events without an id are deduplicated")
	}
}

func TestNewNeedsTokens(t *testing.T) {
	b := newBot(t)
	for _, o := range []Options{{}, {BotToken: "xoxb-1"}, {AppToken: "xapp-1"}} {
		if _, err := New(b, o); err == nil {
			t.Errorf("New(%+v) succeeded", o)
		}
	}
	if _, err := New(nil, Options{BotToken: "xoxb-1", AppToken: "xapp-1"}); err == nil {
		t.Error("New without a bot succeeded")
	}
	a, err := New(b, Options{BotToken: "xoxb-1", SigningSecret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Ready() {
		t.Error("HTTP mode adapter not ready")
	}
}

func TestResponseURLKeptOutOfErrors(t *testing.T) {
	e := newEnv(t, envOptions{})
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close() // nothing listens there any more: the post fails in the HTTP client
	responseURL := gone.URL + "/commands/T1/42/secret-response-token"
	err := e.a.respond(e.ctx(), responseURL, bot.Public, false, "", message{Text: "x"})
	if err == nil {
		t.Fatal("posting to a closed server succeeded")
	}
	if strings.Contains(err.Error(), "secret-response-token") {
		t.Errorf("the error shows the response URL: %v", err)
	}
}
