package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/stancebot/stancebot/adapters/slack/fakeslack"
	"github.com/stancebot/stancebot/bot"
)

// startSocket runs the adapter in Socket Mode and waits until it is connected.
func startSocket(t *testing.T, eo envOptions) *testEnv {
	t.Helper()
	eo.socket = true
	e := newEnv(t, eo)
	e.run()
	if err := e.fs.WaitConnections(e.ctx(), 1); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the adapter to be ready", e.a.Ready)
	return e
}

// waitFor polls cond until it holds or five seconds have passed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// pushCommand sends a slash command over Socket Mode and returns its ack.
func (e *testEnv) pushCommand(name, command, text, user string) fakeslack.Ack {
	e.t.Helper()
	id, err := e.fs.PushSlashCommand(e.ctx(), fakeslack.SlashCommand{
		Command: command, Text: text, UserID: user, ChannelID: "C1", ResponseURL: e.fs.ResponseURL(name),
		TriggerID: e.fs.Trigger(user),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	ack, err := e.fs.WaitAck(e.ctx(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return ack
}

func TestSocketModeConnectsAndAnswersPings(t *testing.T) {
	e := startSocket(t, envOptions{})
	waitFor(t, "pongs", func() bool { return e.fs.Pongs() > 0 })
	if n := e.fs.Calls("auth.test"); n != 1 {
		t.Errorf("auth.test called %d times, want once", n)
	}
}

func TestSocketModeEveryCommandAnswersInTheAck(t *testing.T) {
	e := startSocket(t, envOptions{})
	for _, c := range e.bot.Commands() {
		for _, ex := range c.Examples {
			name, text, _ := strings.Cut(strings.TrimPrefix(ex, "/"), " ")
			ack := e.pushCommand(c.Name, "/"+name, text, "U1")
			var got ackBody
			if err := json.Unmarshal(ack.Payload, &got); err != nil {
				t.Fatalf("%s: ack payload %q: %v", ex, ack.Payload, err)
			}
			want, reply := e.expectedFirst(ex)
			if got.ResponseType != responseType(reply.Visibility) {
				t.Errorf("%s: response_type %q, want %q", ex, got.ResponseType, responseType(reply.Visibility))
			}
			if g, w := string(got.Blocks), mustJSON(t, want.Blocks); g != w {
				t.Errorf("%s: blocks\n%s\nwant\n%s", ex, g, w)
			}
		}
	}
}

func TestSocketModeLateAnswer(t *testing.T) {
	release := make(chan struct{})
	e := startSocket(t, envOptions{
		extra:  []bot.Command{slowCommand(nil, release)},
		adjust: func(o *Options) { o.AckAfter = 50 * time.Millisecond },
	})
	ack := e.pushCommand("late", "/slow", "patience", "U1")
	if len(ack.Payload) != 0 {
		t.Errorf("late command acknowledged with payload %s, want none", ack.Payload)
	}
	close(release)
	rs, err := e.fs.WaitResponses(e.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Name != "late" || !strings.Contains(blocksText(t, rs[0].Blocks), "patience") {
		t.Errorf("late answer %+v", rs[0])
	}
}

func TestSocketModeEventsInteractionsAndRetries(t *testing.T) {
	e := startSocket(t, envOptions{extra: []bot.Command{pagerCommand()}})
	ctx := e.ctx()
	ev := mention("U1", "<@"+fakeslack.BotUserID+"> quote open weights", "1700000002.000200", "1700000001.000100")
	first, err := e.fs.PushEvent(ctx, "Ev1", ev, 0)
	if err != nil {
		t.Fatal(err)
	}
	retry, err := e.fs.PushEvent(ctx, "Ev1", ev, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{first, retry} {
		if _, err := e.fs.WaitAck(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	posts, err := e.fs.WaitPosts(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := e.expectedFirst("quote open weights")
	if p := posts[0]; p.Channel != "C1" || p.ThreadTS != "1700000001.000100" || string(p.Blocks) != mustJSON(t, want.Blocks) {
		t.Errorf("mention answered in %s thread %q with %s", p.Channel, p.ThreadTS, p.Blocks)
	}

	id, err := e.fs.PushInteraction(ctx, shortcut(e.fs.ResponseURL("s"), "open weights are necessary", "1700000005.000500", ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.fs.WaitAck(ctx, id); err != nil {
		t.Fatal(err)
	}
	posts, err = e.fs.WaitPosts(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if p := posts[1]; p.ThreadTS != "1700000005.000500" || string(p.Blocks) != e.expectedSources("open weights are necessary") {
		t.Errorf("shortcut answered in thread %q with %s", p.ThreadTS, p.Blocks)
	}

	id, err = e.fs.PushInteraction(ctx, click(e.fs.ResponseURL("click"), actionPrefix+"0", "/pager 3"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.fs.WaitAck(ctx, id); err != nil {
		t.Fatal(err)
	}
	rs, err := e.fs.WaitResponses(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !rs[0].ReplaceOriginal || !strings.Contains(blocksText(t, rs[0].Blocks), "Page 3 of 3") {
		t.Errorf("click answered with %+v", rs[0])
	}
	e.drain()
	if n := len(e.fs.Posts()); n != 2 {
		t.Errorf("%d posts; the retried event was answered twice", n)
	}
}

func TestSocketModeReconnects(t *testing.T) {
	e := startSocket(t, envOptions{})
	if err := e.fs.Disconnect(e.ctx()); err != nil {
		t.Fatal(err)
	}
	if err := e.fs.WaitConnections(e.ctx(), 2); err != nil {
		t.Fatal(err)
	}
	if ack := e.pushCommand("a", "/help", "", "U1"); len(ack.Payload) == 0 {
		t.Error("no answer after Slack asked for a reconnect")
	}
	e.fs.DropConnection()
	if err := e.fs.WaitConnections(e.ctx(), 3); err != nil {
		t.Fatal(err)
	}
	if ack := e.pushCommand("b", "/strategies", "", "U1"); len(ack.Payload) == 0 {
		t.Error("no answer after the connection dropped")
	}
	waitFor(t, "the adapter to be ready", e.a.Ready)
}

func TestSocketModeWatchdog(t *testing.T) {
	for _, connectFirst := range []bool{true, false} {
		obs := &recordingObserver{}
		e := newEnv(t, envOptions{socket: true, obs: obs, adjust: func(o *Options) { o.DeadAfter = 300 * time.Millisecond }})
		if !connectFirst {
			e.fs.RefuseConnections("internal_error")
		}
		done := e.run()
		if connectFirst {
			if err := e.fs.WaitConnections(e.ctx(), 1); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the adapter to be ready", e.a.Ready)
			e.fs.RefuseConnections("internal_error")
			e.fs.DropConnection()
		}
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "no connection") {
				t.Errorf("connected first %v: Run = %v, want the watchdog's error", connectFirst, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("connected first %v: Run still runs with the connection dead", connectFirst)
		}
		if e.a.Ready() {
			t.Error("Ready after the watchdog gave up")
		}
		if obs.count("connection") == 0 {
			t.Error("no connection error reported to the observer")
		}
	}
}

func TestRunRefusesBadTokens(t *testing.T) {
	for _, tt := range []struct {
		name   string
		adjust func(*Options)
	}{
		{"bot token", func(o *Options) { o.BotToken = "xoxb-wrong" }},
		{"app token", func(o *Options) { o.AppToken = "xapp-wrong" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, envOptions{socket: true, adjust: tt.adjust})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := e.a.Run(ctx)
			if err == nil || ctx.Err() != nil {
				t.Fatalf("Run = %v (context: %v); want an error at once", err, ctx.Err())
			}
			if !strings.Contains(err.Error(), "invalid_auth") {
				t.Errorf("Run = %v, want it to name invalid_auth", err)
			}
		})
	}
}

func TestSecretsAreNeverLogged(t *testing.T) {
	logs := &lockedLog{}
	e := startSocket(t, envOptions{logs: logs, adjust: func(o *Options) { o.SigningSecret = testSecret }})
	e.pushCommand("c", "/help", "", "U1")
	e.fs.DropConnection()
	if err := e.fs.WaitConnections(e.ctx(), 2); err != nil {
		t.Fatal(err)
	}
	e.command("h", "/whoendorses", "open source", "U1")
	req := httptest.NewRequest(http.MethodPost, PathEvents, strings.NewReader("{}"))
	sign(req.Header, "forged", time.Now(), "{}")
	e.a.Handler().ServeHTTP(httptest.NewRecorder(), req)
	e.drain()
	out := logs.String()
	if !strings.Contains(out, "slack request refused") {
		t.Fatalf("the log was not captured:\n%s", out)
	}
	for _, secret := range []string{fakeslack.BotToken, fakeslack.AppToken, testSecret} {
		if strings.Contains(out, secret) {
			t.Errorf("the log contains the secret %q:\n%s", secret, out)
		}
	}
}

func TestSocketModeShutdownDeliversAnswersInFlight(t *testing.T) {
	mentionSlow := mention("U1", "<@"+fakeslack.BotUserID+"> slow in flight", "1700000002.000200", "1700000001.000100")
	tests := []struct {
		name     string
		ackAfter time.Duration
		// ask sends the request and waits until its acknowledgement is due.
		ask func(e *testEnv, started <-chan struct{})
		// answered returns what reached Slack outside any acknowledgement.
		answered func(e *testEnv) []json.RawMessage
	}{{
		name:     "slash command due in the ack",
		ackAfter: 5 * time.Second,
		ask: func(e *testEnv, started <-chan struct{}) {
			if _, err := e.fs.PushSlashCommand(e.ctx(), fakeslack.SlashCommand{
				Command: "/slow", Text: "in flight", UserID: "U1", ChannelID: "C1", ResponseURL: e.fs.ResponseURL("slow"),
			}); err != nil {
				e.t.Fatal(err)
			}
			waitStarted(e, started)
		},
		answered: responseBlocks,
	}, {
		name:     "slash command already acknowledged",
		ackAfter: 50 * time.Millisecond,
		ask: func(e *testEnv, started <-chan struct{}) {
			if ack := e.pushCommand("slow", "/slow", "in flight", "U1"); len(ack.Payload) != 0 {
				e.t.Errorf("late command acknowledged with payload %s, want none", ack.Payload)
			}
			waitStarted(e, started)
		},
		answered: responseBlocks,
	}, {
		name:     "mention",
		ackAfter: 5 * time.Second,
		ask: func(e *testEnv, started <-chan struct{}) {
			id, err := e.fs.PushEvent(e.ctx(), "EvSlow", mentionSlow, 0)
			if err != nil {
				e.t.Fatal(err)
			}
			if _, err := e.fs.WaitAck(e.ctx(), id); err != nil {
				e.t.Fatal(err)
			}
			waitStarted(e, started)
		},
		answered: func(e *testEnv) []json.RawMessage {
			var out []json.RawMessage
			for _, p := range e.fs.Posts() {
				if p.Method == "chat.postMessage" && p.Channel == "C1" && p.ThreadTS == "1700000001.000100" {
					out = append(out, p.Blocks)
				}
			}
			return out
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			started, release := make(chan struct{}, 1), make(chan struct{})
			e := newEnv(t, envOptions{
				socket: true,
				extra:  []bot.Command{slowCommand(started, release)},
				adjust: func(o *Options) { o.AckAfter = tt.ackAfter },
			})
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			done := make(chan error, 1)
			go func() { done <- e.a.Run(ctx) }()
			if err := e.fs.WaitConnections(e.ctx(), 1); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the adapter to be ready", e.a.Ready)

			tt.ask(e, started)
			stop() // SIGTERM: the socket closes while the answer is computed
			select {
			case err := <-done:
				t.Fatalf("Run returned with an answer in flight: %v", err)
			case <-time.After(100 * time.Millisecond):
			}
			close(release)
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("Run: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Run did not return after the answer was ready")
			}

			// Delivered once, before Run returned, outside the acknowledgement.
			got := tt.answered(e)
			if len(got) != 1 || !strings.Contains(blocksText(t, got[0]), "in flight") {
				t.Errorf("answers delivered by the time Run returned: %s; want the slow answer once", got)
			}
			for _, a := range e.fs.Acks() {
				if len(a.Payload) != 0 {
					t.Errorf("an acknowledgement carries %s; the socket was closed", a.Payload)
				}
			}
		})
	}
}

// waitStarted waits until the slow command has begun.
func waitStarted(e *testEnv, started <-chan struct{}) {
	e.t.Helper()
	select {
	case <-started:
	case <-e.ctx().Done():
		e.t.Fatal("the slow command did not start")
	}
}

// responseBlocks returns the blocks posted to the response URL named "slow".
func responseBlocks(e *testEnv) []json.RawMessage {
	var out []json.RawMessage
	for _, r := range e.fs.Responses() {
		if r.Name == "slow" {
			out = append(out, r.Blocks)
		}
	}
	return out
}

func TestSlashCommandAnswerMissingTheAckGoesThroughResponseURL(t *testing.T) {
	e := newEnv(t, envOptions{})
	var offered []*ackMessage
	sc := slackapi.SlashCommand{Command: "/help", UserID: "U1", ChannelID: "C1", ResponseURL: e.fs.ResponseURL("help")}
	e.a.slashCommand(e.ctx(), sc, func(m *ackMessage) bool {
		offered = append(offered, m)
		return false // the socket closed, or the write failed
	})
	if len(offered) != 1 || offered[0] == nil {
		t.Fatalf("ack offered %v; want the first message, once", offered)
	}
	e.drain()
	want, _ := e.expectedFirst("help")
	rs := e.fs.Responses()
	if len(rs) == 0 || rs[0].Name != "help" || string(rs[0].Blocks) != mustJSON(t, want.Blocks) {
		t.Errorf("responses %+v; want the first message through the response URL", rs)
	}
}

// TestAckBoundFitsASocketFrame: the biggest answer that goes in an
// acknowledgement, in its Socket Mode envelope, is within Slack's frame
// limit (which the fake enforces).
func TestAckBoundFitsASocketFrame(t *testing.T) {
	head, err := json.Marshal(ackMessage{ResponseType: "ephemeral", Text: ""})
	if err != nil {
		t.Fatal(err)
	}
	answer := ackMessage{ResponseType: "ephemeral", Text: strings.Repeat("<", (maxAckBytes-len(head))/6)} // "<" is escaped as \u003c
	if !fitsAck(answer) {
		t.Fatal("the test answer does not fit an acknowledgement")
	}
	frame, err := json.Marshal(socketmode.Response{EnvelopeID: "00000000-0000-0000-0000-000000000000", Payload: answer})
	if err != nil {
		t.Fatal(err)
	}
	if len(frame) > fakeslack.MaxFrameBytes {
		t.Errorf("an acknowledgement of an answer of %d bytes takes %d, over Slack's %d", maxAckBytes, len(frame), fakeslack.MaxFrameBytes)
	}
}
