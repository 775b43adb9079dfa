package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"github.com/stancebot/stancebot/adapters/internal/gridpng"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/slack/fakeslack"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// expectedFirst is the first message the adapter should send for a command
// line asked by user U1 in channel C1, rendered from the core's own answer.
func (e *testEnv) expectedFirst(line string) (message, bot.Reply) {
	e.t.Helper()
	req, err := e.bot.ParseCommandLine(line)
	if err != nil {
		e.t.Fatalf("%s: %v", line, err)
	}
	req.Platform, req.UserID, req.ChannelID, req.ActionRoom = bot.PlatformSlack, "U1", "C1", maxButtonValue
	r := e.bot.Handle(context.Background(), req)
	return withAsker(render(r)[0], "U1"), r
}

// ackBody is an answer in an acknowledgement, as Slack reads it.
type ackBody struct {
	ResponseType string          `json:"response_type"`
	Text         string          `json:"text"`
	Blocks       json.RawMessage `json:"blocks"`
}

// findButton returns the button with the given label in a blocks array.
func findButton(t *testing.T, raw json.RawMessage, label string) *slackapi.ButtonBlockElement {
	t.Helper()
	return buttonWhere(t, raw, label, func(l string) bool { return l == label })
}

// buttonWhere returns the first button of a blocks array whose label
// matches (want says which, when there is none).
func buttonWhere(t *testing.T, raw json.RawMessage, want string, matches func(label string) bool) *slackapi.ButtonBlockElement {
	t.Helper()
	var bs slackapi.Blocks
	if err := json.Unmarshal(raw, &bs); err != nil {
		t.Fatal(err)
	}
	for _, b := range bs.BlockSet {
		ab, ok := b.(*slackapi.ActionBlock)
		if !ok {
			continue
		}
		for _, el := range ab.Elements.ElementSet {
			if btn, ok := el.(*slackapi.ButtonBlockElement); ok && matches(btn.Text.Text) {
				return btn
			}
		}
	}
	t.Fatalf("no button %q in %s", want, raw)
	return nil
}

// expectedSources is the blocks JSON of the first message of the core's
// answer to Find sources on text.
func (e *testEnv) expectedSources(text string) string {
	e.t.Helper()
	r, err := e.bot.FindSources(context.Background(), text)
	if err != nil {
		e.t.Fatal(err)
	}
	return mustJSON(e.t, render(r)[0].Blocks)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHTTPRefusesUnsignedAndStaleRequests(t *testing.T) {
	e := newEnv(t, envOptions{})
	body := url.Values{"command": {"/help"}, "text": {""}, "user_id": {"U1"}, "channel_id": {"C1"},
		"response_url": {e.fs.ResponseURL("r")}}.Encode()
	tests := []struct {
		name string
		sign func(h http.Header)
	}{
		{"unsigned", func(http.Header) {}},
		{"forged", func(h http.Header) { sign(h, "not-the-secret", time.Now(), body) }},
		{"signed for another body", func(h http.Header) { sign(h, testSecret, time.Now(), body+"&x=1") }},
		{"stale", func(h http.Header) { sign(h, testSecret, time.Now().Add(-6*time.Minute), body) }},
		{"from the future", func(h http.Header) { sign(h, testSecret, time.Now().Add(6*time.Minute), body) }},
	}
	for _, path := range []string{PathCommands, PathEvents, PathInteractivity} {
		for _, tt := range tests {
			req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			tt.sign(req.Header)
			w := httptest.NewRecorder()
			e.a.Handler().ServeHTTP(w, req)
			if w.Code != http.StatusUnauthorized {
				t.Errorf("%s %s: status %d, want 401", tt.name, path, w.Code)
			}
		}
	}
	w := httptest.NewRecorder()
	e.a.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, PathCommands, nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", w.Code)
	}
	e.drain()
	if n := len(e.fs.Responses()) + len(e.fs.Posts()); n != 0 {
		t.Errorf("refused requests were answered %d times", n)
	}
	if w := e.command("ok", "/help", "", "U1"); w.Code != http.StatusOK {
		t.Errorf("signed request: status %d, want 200", w.Code)
	}
}

func TestHTTPWithoutSigningSecretServesNothing(t *testing.T) {
	e := newEnv(t, envOptions{socket: true})
	w := httptest.NewRecorder()
	e.a.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodPost, PathCommands, strings.NewReader("")))
	if w.Code != http.StatusNotFound {
		t.Errorf("status %d, want 404", w.Code)
	}
}

func TestHTTPURLVerification(t *testing.T) {
	e := newEnv(t, envOptions{})
	w := e.do(PathEvents, "application/json", `{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	// Decoded case-sensitively: Slack documents {"challenge": ...}.
	var got map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != http.StatusOK {
		t.Fatalf("status %d, body %q: %v", w.Code, w.Body.String(), err)
	}
	if got["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" || len(got) != 1 {
		t.Errorf("answer %s; want exactly the challenge echoed as \"challenge\"", w.Body.String())
	}
}

func TestHTTPEveryCommandAnswersInTheAck(t *testing.T) {
	e := newEnv(t, envOptions{})
	cmds := e.bot.Commands()
	if len(cmds) < 4 {
		t.Fatalf("only %d commands registered", len(cmds))
	}
	for _, c := range cmds {
		for _, ex := range c.Examples {
			name, text, _ := strings.Cut(strings.TrimPrefix(ex, "/"), " ")
			w := e.command(c.Name, "/"+name, text, "U1")
			if w.Code != http.StatusOK {
				t.Fatalf("%s: status %d", ex, w.Code)
			}
			var got ackBody
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatalf("%s: no answer in the ack: %q", ex, w.Body.String())
			}
			want, reply := e.expectedFirst(ex)
			if got.ResponseType != responseType(reply.Visibility) {
				t.Errorf("%s: response_type %q, want %q", ex, got.ResponseType, responseType(reply.Visibility))
			}
			if g, w := string(got.Blocks), mustJSON(t, want.Blocks); g != w {
				t.Errorf("%s: blocks\n%s\nwant\n%s", ex, g, w)
			}
			if got.Text != want.Text {
				t.Errorf("%s: fallback %q, want %q", ex, got.Text, want.Text)
			}
		}
	}
}

func TestHTTPCommandErrorsAreEphemeral(t *testing.T) {
	e := newEnv(t, envOptions{})
	w := e.command("r", "/whoendorses", "no such strategy at all", "U1")
	var got ackBody
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.ResponseType != "ephemeral" {
		t.Errorf("an error answer is %q, want ephemeral", got.ResponseType)
	}
}

func TestHTTPLateAnswerGoesThroughResponseURL(t *testing.T) {
	release := make(chan struct{})
	e := newEnv(t, envOptions{
		extra:  []bot.Command{slowCommand(nil, release)},
		adjust: func(o *Options) { o.AckAfter = 50 * time.Millisecond },
	})
	w := e.command("late", "/slow", "take your time &amp; &lt;care&gt;", "U1") // escaped as Slack sends it
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("ack: status %d, body %q; want an empty 200", w.Code, w.Body.String())
	}
	close(release)
	rs, err := e.fs.WaitResponses(e.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	r := rs[0]
	if r.Name != "late" || r.ResponseType != "in_channel" || r.ReplaceOriginal {
		t.Errorf("response %+v: want an in_channel answer to the command's response URL", r)
	}
	if text := blocksText(t, r.Blocks); !strings.Contains(text, "take your time &amp; &lt;care&gt;") {
		t.Errorf("late answer blocks lack the escaped text:\n%s", text)
	}
}

func TestHTTPMentionInThreadIsAnsweredInTheThread(t *testing.T) {
	e := newEnv(t, envOptions{})
	if w := e.event("Ev1", mention("U1", "<@"+fakeslack.BotUserID+"> quote open weights", "1700000002.000200", "1700000001.000100")); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	posts, err := e.fs.WaitPosts(e.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	p := posts[0]
	if p.Method != "chat.postMessage" || p.Channel != "C1" || p.ThreadTS != "1700000001.000100" {
		t.Errorf("answer %s to %s thread %q; want chat.postMessage in C1's thread 1700000001.000100", p.Method, p.Channel, p.ThreadTS)
	}
	want, _ := e.expectedFirst("quote open weights")
	if g, w := string(p.Blocks), mustJSON(t, want.Blocks); g != w {
		t.Errorf("blocks\n%s\nwant\n%s", g, w)
	}
}

func TestHTTPRetriedEventIsAnsweredOnce(t *testing.T) {
	e := newEnv(t, envOptions{})
	ev := mention("U1", "<@"+fakeslack.BotUserID+"> strategies", "1700000002.000200", "")
	for range 3 {
		if w := e.event("EvSame", ev); w.Code != http.StatusOK {
			t.Fatalf("status %d", w.Code)
		}
	}
	e.event("EvOther", mention("U1", "<@"+fakeslack.BotUserID+"> help", "1700000003.000300", ""))
	posts, err := e.fs.WaitPosts(e.ctx(), 2)
	if err != nil {
		t.Fatal(err)
	}
	e.drain()
	if n := len(e.fs.Posts()); n != 2 {
		t.Errorf("%d answers to two distinct events (one delivered three times), want 2: %+v", n, posts)
	}
}

func TestHTTPIgnoresBotsAndItself(t *testing.T) {
	e := newEnv(t, envOptions{})
	fromBot := mention("U7", "<@"+fakeslack.BotUserID+"> help", "1700000002.000200", "")
	fromBot["bot_id"] = "BOTHER"
	e.event("Ev1", fromBot)
	e.event("Ev2", map[string]any{"type": "message", "channel_type": "im", "channel": "D1", "user": fakeslack.BotUserID,
		"text": "help", "ts": "1700000003.000300"})
	e.event("Ev3", map[string]any{"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "subtype": "message_changed",
		"text": "help", "ts": "1700000004.000400"})
	e.event("Ev4", map[string]any{"type": "message", "channel_type": "channel", "channel": "C1", "user": "U1",
		"text": "help", "ts": "1700000005.000500"})
	e.drain()
	if posts := e.fs.Posts(); len(posts) != 0 {
		t.Errorf("answered bots, itself, edits or channel chatter: %+v", posts)
	}
	e.event("Ev5", map[string]any{"type": "message", "channel_type": "im", "channel": "D1", "user": "U1",
		"text": "whoendorses open weights", "ts": "1700000006.000600"})
	posts, err := e.fs.WaitPosts(e.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if posts[0].Channel != "D1" || !strings.Contains(blocksText(t, posts[0].Blocks), "Open source") {
		t.Errorf("direct message answered with %+v", posts[0])
	}
}

func TestHTTPMentionErrorIsEphemeralInTheThread(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.event("Ev1", mention("U1", "<@"+fakeslack.BotUserID+"> whoendorses nothing like it", "1700000002.000200", "1700000001.000100"))
	posts, err := e.fs.WaitPosts(e.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if p := posts[0]; p.Method != "chat.postEphemeral" || p.User != "U1" || p.ThreadTS != "1700000001.000100" {
		t.Errorf("error answer %+v; want chat.postEphemeral to U1 in the thread", p)
	}
}

func TestHTTPFindSourcesShortcut(t *testing.T) {
	e := newEnv(t, envOptions{})
	text := "Andrew Ng said regulation bans open source"
	e.interact(shortcut(e.fs.ResponseURL("s1"), text, "1700000005.000500", ""))
	e.interact(shortcut(e.fs.ResponseURL("s2"), text, "1700000007.000700", "1700000006.000600"))
	posts, err := e.fs.WaitPosts(e.ctx(), 2)
	if err != nil {
		t.Fatal(err)
	}
	threads := map[string]bool{}
	want := e.expectedSources(text)
	for _, p := range posts {
		threads[p.ThreadTS] = true
		if p.Method != "chat.postMessage" || p.Channel != "C1" {
			t.Errorf("shortcut answered with %s in %s", p.Method, p.Channel)
		}
		if string(p.Blocks) != want {
			t.Errorf("shortcut blocks\n%s\nwant\n%s", p.Blocks, want)
		}
	}
	if !threads["1700000005.000500"] || !threads["1700000006.000600"] {
		t.Errorf("answers went to threads %v; want the message's own thread (1700000005.000500) and its parent's (1700000006.000600)", threads)
	}
}

func TestHTTPShortcutFallsBackToResponseURLWhereItMayNotPost(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fs.FailChannel("C1", "not_in_channel")
	e.interact(shortcut(e.fs.ResponseURL("s1"), "open weights are necessary", "1700000005.000500", ""))
	rs, err := e.fs.WaitResponses(e.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if r := rs[0]; r.Name != "s1" || r.ResponseType != "in_channel" || string(r.Blocks) != e.expectedSources("open weights are necessary") {
		t.Errorf("fallback answer through %s (%s): %s", r.Name, r.ResponseType, r.Blocks)
	}
}

func TestHTTPPaginationReplacesTheMessage(t *testing.T) {
	e := newEnv(t, envOptions{extra: []bot.Command{pagerCommand()}})
	w := e.command("c", "/pager", "", "U1")
	var first ackBody
	if err := json.Unmarshal(w.Body.Bytes(), &first); err != nil {
		t.Fatal(err)
	}
	next := findButton(t, first.Blocks, "Next ›")
	e.interact(click(e.fs.ResponseURL("click1"), next.ActionID, next.Value))
	rs, err := e.fs.WaitResponses(e.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if !rs[0].ReplaceOriginal || rs[0].Name != "click1" {
		t.Errorf("click answered with %+v; want the message replaced through the click's response URL", rs[0])
	}
	if text := blocksText(t, rs[0].Blocks); !strings.Contains(text, "This is page 2.") || !strings.Contains(text, "Page 2 of 3") {
		t.Errorf("page 2 blocks:\n%s", text)
	}

	e.interact(click(e.fs.ResponseURL("click2"), actionPrefix+"0", "/pager 9"))
	rs, err = e.fs.WaitResponses(e.ctx(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if r := rs[1]; r.ReplaceOriginal || r.ResponseType != "ephemeral" {
		t.Errorf("a failing click answered with %+v; want an ephemeral message that keeps the original", r)
	}

	e.interact(click(e.fs.ResponseURL("click3"), "someone-elses-button", "/pager 2"))
	e.drain()
	if n := len(e.fs.Responses()); n != 2 {
		t.Errorf("a button that is not ours was answered (%d responses)", n)
	}

	if askerOf(next.ActionID) != "U1" {
		t.Fatalf("button %q is not tagged with its asker", next.ActionID)
	}
	other := click(e.fs.ResponseURL("click4"), next.ActionID, next.Value)
	other["user"] = map[string]any{"id": "U2"}
	e.interact(other)
	rs, err = e.fs.WaitResponses(e.ctx(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if r := rs[2]; r.ReplaceOriginal || r.ResponseType != "ephemeral" || !strings.Contains(blocksText(t, r.Blocks), "This is page 2.") {
		t.Errorf("a click on someone else's card answered with %+v; want the page for the clicker alone, the card kept", r)
	}
}

func TestHTTPManageOnlyCommands(t *testing.T) {
	e := newEnv(t, envOptions{extra: []bot.Command{manageCommand()}, adjust: func(o *Options) { o.AdminUserIDs = []string{"UCONF"} }})
	e.fs.SetAdmin("UADMIN")
	for _, tt := range []struct {
		user string
		ok   bool
	}{{"U1", false}, {"UADMIN", true}, {"UCONF", true}} {
		var got ackBody
		if err := json.Unmarshal(e.command("m", "/manage", "", tt.user).Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		allowed := strings.Contains(blocksText(t, got.Blocks), "Setting changed by "+tt.user)
		if allowed != tt.ok {
			t.Errorf("%s may manage: %v, want %v", tt.user, allowed, tt.ok)
		}
	}
	if n := e.fs.Calls("users.info"); n != 2 {
		t.Errorf("users.info called %d times, want 2 (configured admins need no lookup)", n)
	}
	e.command("m", "/manage", "", "UADMIN")
	if n := e.fs.Calls("users.info"); n != 2 {
		t.Errorf("users.info called %d times after a repeat, want the answer remembered", n)
	}
}

func TestHTTPAnswerTooBigForTheAckGoesThroughResponseURL(t *testing.T) {
	big := bot.Command{
		Name: "big", Description: "One message too big to ride in an acknowledgement",
		Run: func(context.Context, bot.Request) (bot.Reply, error) {
			return bot.Reply{Cards: []bot.Card{{Title: "Big", Text: strings.Repeat("éèêë ", 2000)}}}, nil
		},
	}
	e := newEnv(t, envOptions{extra: []bot.Command{big}})
	w := e.command("big", "/big", "", "U1")
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("ack: status %d with %d bytes; want an empty 200", w.Code, w.Body.Len())
	}
	rs, err := e.fs.WaitResponses(e.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := e.expectedFirst("big")
	if string(rs[0].Blocks) != mustJSON(t, want.Blocks) {
		t.Errorf("the big answer was not delivered whole: %d bytes of blocks", len(rs[0].Blocks))
	}
}

func TestHTTPDrainWaitsForAnswersAfterTheRequestEnded(t *testing.T) {
	started, release := make(chan struct{}, 2), make(chan struct{})
	e := newEnv(t, envOptions{
		extra:  []bot.Command{slowCommand(started, release)},
		adjust: func(o *Options) { o.AckAfter = 50 * time.Millisecond },
	})
	if err := e.a.Drain(e.ctx()); err != nil {
		t.Fatalf("Drain with nothing under way: %v", err)
	}
	if w := e.command("late", "/slow", "drained command", "U1"); w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("ack: status %d, body %q; want an empty 200", w.Code, w.Body.String())
	}
	if w := e.event("EvSlow", mention("U1", "<@"+fakeslack.BotUserID+"> slow drained mention", "1700000002.000200", "")); w.Code != http.StatusOK {
		t.Fatalf("event: status %d", w.Code)
	}
	waitStarted(e, started)
	waitStarted(e, started)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := e.a.Drain(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Drain with two answers under way = %v, want the context's deadline", err)
	}
	close(release)
	e.drain()

	// Both delivered by the time Drain returned.
	if rs := e.fs.Responses(); len(rs) != 1 || rs[0].Name != "late" || !strings.Contains(blocksText(t, rs[0].Blocks), "drained command") {
		t.Errorf("responses when Drain returned: %+v; want the command's answer", rs)
	}
	if ps := e.fs.Posts(); len(ps) != 1 || ps[0].Method != "chat.postMessage" || !strings.Contains(blocksText(t, ps[0].Blocks), "drained mention") {
		t.Errorf("posts when Drain returned: %+v; want the mention's answer", ps)
	}
}

// TestHTTPRetriedEventAfterRestartIsAnsweredOnce: an event answered, the
// bot restarted, Slack's retry arrives: the store remembers it.
func TestHTTPRetriedEventAfterRestartIsAnsweredOnce(t *testing.T) {
	db := realdata.Store(t, "", nil)
	withStore := envOptions{adjust: func(o *Options) { o.Events = db }}
	ev := mention("U1", "<@"+fakeslack.BotUserID+"> strategies", "1700000002.000200", "")
	before := newEnv(t, withStore)
	before.event("EvRestart", ev)
	if _, err := before.fs.WaitPosts(before.ctx(), 1); err != nil {
		t.Fatal(err)
	}
	before.drain()
	after := newEnv(t, withStore) // a new process on the same store
	if w := after.event("EvRestart", ev); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	after.event("EvNew", ev)
	if _, err := after.fs.WaitPosts(after.ctx(), 1); err != nil {
		t.Fatal(err)
	}
	after.drain()
	if n := len(after.fs.Posts()); n != 1 {
		t.Errorf("after the restart, %d answers to the retry and a new event; want 1 (the new one)", n)
	}
}

// TestHTTPUsersInfoOnlyWhenNeeded: users.info is asked only for a command
// that reads the permission, is retried when rate limited, and a lookup that
// fails tells the user so instead of refusing them as no admin.
func TestHTTPUsersInfoOnlyWhenNeeded(t *testing.T) {
	e := newEnv(t, envOptions{extra: []bot.Command{manageCommand()}})
	e.fs.SetAdmin("UADMIN")
	e.command("s", "/strategies", "", "UADMIN")
	if n := e.fs.Calls("users.info"); n != 0 {
		t.Errorf("users.info called %d times for /strategies, which needs no permission", n)
	}
	e.fs.RateLimit("users.info", 1, time.Second)
	var got ackBody
	if err := json.Unmarshal(e.command("m", "/manage", "", "UADMIN").Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(blocksText(t, got.Blocks), "Setting changed by UADMIN") {
		t.Errorf("an admin rate limited once was refused: %s", blocksText(t, got.Blocks))
	}
	e.fs.FailNext("users.info", 1, fakeslack.Failure{Error: "internal_error"})
	got = ackBody{}
	if err := json.Unmarshal(e.command("m", "/manage", "", "UOTHER").Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if text := blocksText(t, got.Blocks); !strings.Contains(text, "Slack did not say whether you may manage") {
		t.Errorf("a failed users.info answered %q; want the user told it could not be checked", text)
	}
}

func TestHTTPGridPictureInTheThread(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.event("Ev1", mention("U1", "<@"+fakeslack.BotUserID+"> whoendorses open source", "1700000002.000200", "1700000001.000100"))
	e.event("Ev2", map[string]any{"type": "message", "channel_type": "im", "channel": "D1", "user": "U1",
		"text": "whoendorses open weights", "ts": "1700000006.000600"})
	ups, err := e.fs.WaitUploads(e.ctx(), 2)
	if err != nil {
		t.Fatal(err)
	}
	posts := e.fs.Posts()
	threads := map[string]string{}
	for _, p := range posts {
		if p.Channel == "D1" {
			threads["D1"] = p.TS // the card is the thread's parent
		}
	}
	threads["C1"] = "1700000001.000100" // the thread the mention was in
	for _, u := range ups {
		if u.ThreadTS != threads[u.Channel] || u.Filename != gridpng.FileName {
			t.Errorf("upload %s into %s thread %q, want thread %q", u.Filename, u.Channel, u.ThreadTS, threads[u.Channel])
		}
		if _, err := png.Decode(bytes.NewReader(u.Data)); err != nil {
			t.Errorf("upload is not a PNG: %v", err)
		}
		if !strings.Contains(u.AltText, "Yann LeCun") {
			t.Errorf("alt text %q does not name the people in the grid", u.AltText)
		}
	}
}

// TestHTTPWhatDoesNotParseGetsTheCoresError: a slash command, a mention and
// a submitted form whose command line does not parse (an option the
// command no longer has) are answered with the core's error for that line,
// privately where they were asked (the form's beside its input).
func TestHTTPWhatDoesNotParseGetsTheCoresError(t *testing.T) {
	old := bot.Command{Name: "oldform", Description: "A form from before an upgrade",
		Options: []bot.Option{{Name: "name"}},
		Run: func(context.Context, bot.Request) (bot.Reply, error) {
			return bot.Reply{Form: &bot.Form{Command: "/oldform gone:1", Title: "Name",
				Fields: []bot.FormField{{Name: "name", Label: "Your name"}}}}, nil
		}}
	e := newEnv(t, envOptions{extra: []bot.Command{old}})
	coreSays := func(line string) string {
		t.Helper()
		_, err := e.bot.ParseCommandLine(line)
		if err == nil {
			t.Fatalf("%q parses", line)
		}
		return bot.ErrorMessage(err)
	}

	var ack ackBody
	if err := json.Unmarshal(e.command("bad", "/whoendorses", "open source zzz:1", "U1").Body.Bytes(), &ack); err != nil {
		t.Fatal(err)
	}
	if want := coreSays("whoendorses open source zzz:1"); ack.ResponseType != "ephemeral" || ack.Text != want {
		t.Errorf("slash command: %s %q, want ephemeral %q", ack.ResponseType, ack.Text, want)
	}

	e.event("Ev1", mention("U1", "<@"+fakeslack.BotUserID+"> frobnicate", "1700000002.000200", "1700000001.000100"))
	if p := e.waitPost("chat.postEphemeral", "C1", "U1", coreSays("frobnicate")); p.ThreadTS != "1700000001.000100" {
		t.Errorf("mention: answered %v, want in the thread", p)
	}

	e.command("form", "/oldform", "", "U1")
	want := coreSays("/oldform gone:1")
	if out := e.submit(e.waitView(1).ID, map[string]string{"name": "Ana"}); out.Action != "errors" || out.Errors["name"] != want {
		t.Errorf("form: %+v, want the error %q beside its input", out, want)
	}
}
