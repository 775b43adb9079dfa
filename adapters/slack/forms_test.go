package slack

import (
	"cmp"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/adapters/slack/fakeslack"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// surveyTitle is the survey's first form title, longer than a modal's.
const surveyTitle = "A survey of your favourite colours"

// surveyCommand answers as the core's forms do. Without a name and a
// colour it answers with a form for them (pre-filled with what was
// given); a name "bad" is refused beside its field, "nobody" with an error
// about a field the form does not show; with both but no note it answers
// with a second form for the note (twelve inputs of 3,000 characters for
// the name "big"), and with all three it thanks the user and tells two
// others. The name "slow" waits for release first. On a platform without
// forms it fails.
func surveyCommand(release <-chan struct{}) bot.Command {
	return bot.Command{
		Name: "survey", Description: "A test form",
		Options: []bot.Option{{Name: "name"}, {Name: "colour", Choices: []string{"red", "green", "blue"}}, {Name: "note"}},
		Run: func(ctx context.Context, req bot.Request) (bot.Reply, error) {
			if req.FormFields != maxFormFields {
				return bot.Reply{}, bot.Errorf(bot.EINVALID, "FormFields is %d", req.FormFields)
			}
			name, colour, note := req.Option("name"), req.Option("colour"), req.Option("note")
			if name == "slow" {
				select {
				case <-release:
				case <-ctx.Done():
					return bot.Reply{}, ctx.Err()
				}
			}
			refuse := func(fe bot.FieldError) bot.Reply {
				return bot.Reply{Visibility: bot.Ephemeral, Error: bot.EINVALID,
					Cards: []bot.Card{{Title: "Some answers need a change."}}, Invalid: []bot.FieldError{fe}}
			}
			switch {
			case name == "" || colour == "":
				return bot.Reply{Form: &bot.Form{Command: "/survey", Title: surveyTitle, Fields: []bot.FormField{
					{Name: "name", Label: "Your name", Required: true, Value: name, Placeholder: "Ana", MaxLength: 40},
					{Name: "colour", Label: "Favourite colour", Required: true, Choices: []string{"red", "green", "blue"}},
				}}}, nil
			case name == "bad":
				return refuse(bot.FieldError{Field: "name", Message: "Pick another name."}), nil
			case name == "nobody":
				return refuse(bot.FieldError{Field: "age", Message: "Say how old you are."}), nil
			case note == "":
				f := &bot.Form{Command: "/survey name:" + name + " colour:" + colour, Title: "One more thing",
					Fields: []bot.FormField{{Name: "note", Label: "A note", Long: true, Required: true}}}
				if name == "big" {
					f.Fields[0].Value = strings.Repeat("word ", 600)
					for i := range maxFormFields - 1 {
						f.Fields = append(f.Fields, bot.FormField{Name: "more" + string(rune('a'+i)), Label: "More", Long: true, Value: strings.Repeat("more ", 600)})
					}
				}
				return bot.Reply{Form: f}, nil
			default:
				return bot.Reply{Cards: []bot.Card{{Title: "Thanks, " + name, Text: note}},
					Notices: []bot.Notice{
						{UserID: "U9", ChannelID: req.ChannelID, Text: name + " answered the survey"},
						{UserID: "U8", Text: "A survey was answered"},
					}}, nil
			}
		},
	}
}

// mode is one way Slack reaches the adapter.
type mode struct {
	name   string
	socket bool
}

var modes = []mode{{"http", false}, {"socket", true}}

// formEnv is a test environment in the mode, with the survey command.
func formEnv(t *testing.T, m mode, release <-chan struct{}, eo envOptions) *testEnv {
	t.Helper()
	eo.extra = append(eo.extra, surveyCommand(release))
	return envIn(t, m, eo)
}

// envIn is a test environment in the mode: an adapter running in Socket
// Mode, or one serving HTTP.
func envIn(t *testing.T, m mode, eo envOptions) *testEnv {
	t.Helper()
	if m.socket {
		return startSocket(t, eo)
	}
	return newEnv(t, eo)
}

// slash sends a slash command of user U1 with a fresh trigger and returns
// what its acknowledgement carried.
func (e *testEnv) slash(name, command, text string) []byte {
	e.t.Helper()
	return e.slashAs("U1", name, command, text)
}

// slashAs sends a slash command of the user in channel C1, as slash does.
func (e *testEnv) slashAs(user, name, command, text string) []byte {
	e.t.Helper()
	if e.a.opts.AppToken != "" {
		return e.pushCommand(name, command, text, user).Payload
	}
	return e.command(name, command, text, user).Body.Bytes()
}

// send delivers an interaction payload in the environment's mode and
// returns its acknowledgement's payload, checking it came within Slack's
// three seconds.
func (e *testEnv) send(payload map[string]any) []byte {
	e.t.Helper()
	start := time.Now()
	var body []byte
	if e.a.opts.AppToken != "" {
		id, err := e.fs.PushInteraction(e.ctx(), payload)
		if err != nil {
			e.t.Fatal(err)
		}
		ack, err := e.fs.WaitAck(e.ctx(), id)
		if err != nil {
			e.t.Fatal(err)
		}
		body = ack.Payload
	} else {
		w := e.interact(payload)
		if w.Code != 200 {
			e.t.Fatalf("interaction answered %d", w.Code)
		}
		if body = w.Body.Bytes(); len(body) > 0 && w.Header().Get("Content-Type") != "application/json" {
			e.t.Errorf("a response action as %q, want application/json", w.Header().Get("Content-Type"))
		}
	}
	if took := time.Since(start); took > 3*time.Second {
		e.t.Errorf("acknowledged after %s; Slack gives up after 3 s", took)
	}
	return body
}

// submit submits the shown view with values, as the user would, and does
// with the answer what Slack does.
func (e *testEnv) submit(viewID string, values map[string]string) fakeslack.Outcome {
	e.t.Helper()
	payload, err := e.fs.ViewSubmission(viewID, values)
	if err != nil {
		e.t.Fatal(err)
	}
	out, err := e.fs.ApplyViewResponse(viewID, e.send(payload))
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// waitView waits for the nth view (1-based) to be shown and returns it.
func (e *testEnv) waitView(n int) fakeslack.View {
	e.t.Helper()
	vs, err := e.fs.WaitViews(e.ctx(), n)
	if err != nil {
		e.t.Fatal(err)
	}
	return vs[n-1]
}

// viewBlocks decodes a view's blocks.
func viewBlocks(t *testing.T, v fakeslack.View) []slackapi.Block {
	t.Helper()
	var bs slackapi.Blocks
	if err := json.Unmarshal(v.Blocks, &bs); err != nil {
		t.Fatal(err)
	}
	return bs.BlockSet
}

// input returns the input block with the id.
func input(t *testing.T, v fakeslack.View, id string) *slackapi.InputBlock {
	t.Helper()
	for _, b := range viewBlocks(t, v) {
		if in, ok := b.(*slackapi.InputBlock); ok && in.BlockID == id {
			return in
		}
	}
	t.Fatalf("no input %q in %s", id, v)
	return nil
}

// postTo returns the first post of the method to the channel, failing the
// test when there is none.
func postTo(t *testing.T, posts []fakeslack.Post, method, channel string) fakeslack.Post {
	t.Helper()
	for _, p := range posts {
		if p.Method == method && p.Channel == channel {
			return p
		}
	}
	t.Fatalf("no %s to %s in %v", method, channel, posts)
	return fakeslack.Post{}
}

func TestFormRoundTrip(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := formEnv(t, m, nil, envOptions{})
			if ack := e.slash("r", "/survey", ""); len(ack) != 0 {
				t.Errorf("a command answered with a form acknowledged with %s, want nothing", ack)
			}
			v := e.waitView(1)
			if v.Via != "views.open" || v.User != "U1" || v.CallbackID != formCallback {
				t.Errorf("opened %s", v)
			}
			if v.Title != "A survey of your…" {
				t.Errorf("title %q, want the survey's clipped at a word", v.Title)
			}
			if s, ok := viewBlocks(t, v)[0].(*slackapi.SectionBlock); !ok || s.Text.Text != surveyTitle {
				t.Errorf("first block %+v, want the full title", viewBlocks(t, v)[0])
			}
			if in := input(t, v, "name"); in.Optional || in.Element.(*slackapi.PlainTextInputBlockElement).MaxLength != 40 {
				t.Errorf("name input %+v", in)
			}
			if sel, ok := input(t, v, "colour").Element.(*slackapi.SelectBlockElement); !ok || len(sel.Options) != 3 {
				t.Errorf("colour input %+v, want a select of 3", input(t, v, "colour").Element)
			}
			meta, err := decodeMeta(v.PrivateMetadata)
			if err != nil || meta.Command != "/survey" || meta.Channel != "C1" {
				t.Errorf("private metadata %q: %+v, %v", v.PrivateMetadata, meta, err)
			}

			out := e.submit(v.ID, map[string]string{"name": "bad", "colour": "red"})
			if out.Action != "errors" || out.Errors["name"] != "Pick another name." || len(out.Errors) != 1 {
				t.Errorf("a refused value: %+v", out)
			}
			out = e.submit(v.ID, map[string]string{"name": "nobody", "colour": "red"})
			if out.Action != "errors" || out.Errors["name"] != "age: Say how old you are." {
				t.Errorf("an error about a field not shown: %+v", out)
			}
			out = e.submit(v.ID, map[string]string{"name": "Ana", "colour": "green"})
			if out.Action != "update" || !input(t, out.View, "note").Element.(*slackapi.PlainTextInputBlockElement).Multiline {
				t.Fatalf("the next form: %+v", out)
			}
			if meta, _ := decodeMeta(out.View.PrivateMetadata); meta.Command != "/survey name:Ana colour:green" {
				t.Errorf("the next form goes to %q", meta.Command)
			}
			if out := e.submit(out.View.ID, map[string]string{"note": "Blue & <green>"}); out.Action != "clear" {
				t.Errorf("a successful submission: %+v, want the modal cleared", out)
			}
			posts, err := e.fs.WaitPosts(e.ctx(), 3)
			if err != nil {
				t.Fatal(err)
			}
			if p := postTo(t, posts, "chat.postMessage", "C1"); !strings.Contains(blocksText(t, p.Blocks), "Thanks, Ana") ||
				!strings.Contains(blocksText(t, p.Blocks), "Blue &amp; &lt;green&gt;") {
				t.Errorf("the answer: %v", p)
			}
			if p := postTo(t, posts, "chat.postEphemeral", "C1"); p.User != "U9" || !strings.Contains(p.Text, "Ana answered the survey") {
				t.Errorf("the notice in the channel: %v", p)
			}
			if p := postTo(t, posts, "chat.postMessage", "DU8"); !strings.Contains(p.Text, "A survey was answered") {
				t.Errorf("the notice by direct message: %v", p)
			}
			e.drain()
			if n := len(e.fs.Posts()); n != 3 {
				t.Errorf("%d posts, want 3: %v", n, e.fs.Posts())
			}
		})
	}
}

func TestFormTooBigForTheAckOpensWithTheSubmissionsTrigger(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := formEnv(t, m, nil, envOptions{})
			e.slash("r", "/survey", "name:big")
			v := e.waitView(1)
			if out := e.submit(v.ID, map[string]string{"colour": "blue"}); out.Action != "clear" {
				t.Fatalf("%+v, want the modal cleared", out)
			}
			next := e.waitView(2)
			if next.Via != "views.open" || len(viewBlocks(t, next)) != maxFormFields {
				t.Errorf("the next form: %s", next)
			}
			if got := input(t, next, "note").Element.(*slackapi.PlainTextInputBlockElement).InitialValue; got != strings.Repeat("word ", 600) {
				t.Errorf("the pre-filled value was changed: %d characters", len(got))
			}
		})
	}
}

func TestFormSubmissionAnsweredLate(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			release := make(chan struct{})
			e := formEnv(t, m, release, envOptions{adjust: func(o *Options) { o.AckAfter = 50 * time.Millisecond }})
			e.slash("r", "/survey", "")
			v := e.waitView(1)
			if out := e.submit(v.ID, map[string]string{"name": "slow", "colour": "red"}); out.Action != "clear" {
				t.Fatalf("a late answer: %+v, want the modal cleared at once", out)
			}
			close(release)
			// The answer is the next form: the submission's trigger is
			// still fresh, so it opens.
			if next := e.waitView(2); next.Via != "views.open" || next.TriggerID == v.TriggerID {
				t.Errorf("the late form: %s", next)
			}
		})
	}
}

func TestFormRefusedLateIsListedPrivately(t *testing.T) {
	release := make(chan struct{})
	refuseSlowly := bot.Command{Name: "refuse", Description: "A slow refusal",
		Options: []bot.Option{{Name: "name"}},
		Run: func(ctx context.Context, req bot.Request) (bot.Reply, error) {
			if req.Option("name") == "" {
				return bot.Reply{Form: &bot.Form{Command: "/refuse", Title: "Name", Fields: []bot.FormField{{Name: "name", Label: "Your name"}}}}, nil
			}
			<-release
			return bot.Reply{Visibility: bot.Ephemeral, Error: bot.EINVALID,
				Cards:   []bot.Card{{Title: "Not accepted.", Text: "Names are checked against the list."}},
				Invalid: []bot.FieldError{{Field: "name", Message: "Too short."}, {Field: "name", Message: "Names are checked against the list."}}}, nil
		}}
	e := newEnv(t, envOptions{extra: []bot.Command{refuseSlowly}, adjust: func(o *Options) { o.AckAfter = 50 * time.Millisecond }})
	e.command("r", "/refuse", "", "U1")
	v := e.waitView(1)
	if out := e.submit(v.ID, map[string]string{"name": "x"}); out.Action != "clear" {
		t.Fatalf("%+v", out)
	}
	close(release)
	posts, err := e.fs.WaitPosts(e.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	p := posts[0]
	text := blocksText(t, p.Blocks)
	if p.Method != "chat.postEphemeral" || p.User != "U1" || p.Channel != "C1" || !strings.Contains(text, "Not accepted.") {
		t.Errorf("the late refusal: %v", p)
	}
	// The errors are listed as on Discord (card.ListInvalid): by the
	// field's label, and not again when the reply's card says them.
	for _, want := range []string{card.InvalidTitle, "Your name", "Too short."} {
		if !strings.Contains(text, want) {
			t.Errorf("the late refusal lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "Names are checked against the list."); n != 1 {
		t.Errorf("an error the card says is listed again (%d times):\n%s", n, text)
	}
}

// formClick is a block_actions payload for a click on a button of an
// ephemeral message, with a fresh trigger.
func (e *testEnv) formClick(responseURL, user string, btn *slackapi.ButtonBlockElement) map[string]any {
	return map[string]any{
		"type": "block_actions", "trigger_id": e.fs.Trigger(user), "response_url": responseURL,
		"user":      map[string]any{"id": user},
		"channel":   map[string]any{"id": "C1"},
		"container": map[string]any{"type": "message", "message_ts": "1700000000.000100", "channel_id": "C1", "is_ephemeral": true},
		"actions": []map[string]any{{
			"type": "button", "action_id": btn.ActionID, "block_id": "b1", "value": btn.Value,
			"text": map[string]any{"type": "plain_text", "text": btn.Text.Text}, "action_ts": "1700000001.000000",
		}},
	}
}

func TestFormBehindAButtonWhenTheTriggerExpired(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := formEnv(t, m, nil, envOptions{})
			e.fs.SetTriggerLife(0)
			e.slash("r", "/survey", "")
			rs, err := e.fs.WaitResponses(e.ctx(), 1)
			if err != nil {
				t.Fatal(err)
			}
			if rs[0].ResponseType != "ephemeral" || len(e.fs.Views()) != 0 {
				t.Fatalf("offered as %v", rs[0])
			}
			btn := findButton(t, rs[0].Blocks, "Open the form")
			e.fs.SetTriggerLife(fakeslack.TriggerLife)

			e.send(e.formClick(e.fs.ResponseURL("other"), "U2", btn))
			rs, err = e.fs.WaitResponses(e.ctx(), 2)
			if err != nil {
				t.Fatal(err)
			}
			if rs[1].Name != "other" || !strings.Contains(blocksText(t, rs[1].Blocks), "no longer available") {
				t.Errorf("someone else's click: %v", rs[1])
			}
			e.send(e.formClick(e.fs.ResponseURL("click"), "U1", btn))
			v := e.waitView(1)
			if v.User != "U1" || v.Title != "A survey of your…" {
				t.Errorf("opened %s", v)
			}
			// Closed by mistake, it opens again.
			if _, err := e.fs.ApplyViewResponse(v.ID, nil); err != nil {
				t.Fatal(err)
			}
			e.send(e.formClick(e.fs.ResponseURL("again"), "U1", btn))
			e.waitView(2)
		})
	}
}

func TestFormAnsweredLateOpensWithTheCommandsTrigger(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			release := make(chan struct{})
			e := formEnv(t, m, release, envOptions{adjust: func(o *Options) { o.AckAfter = 50 * time.Millisecond }})
			if ack := e.slash("r", "/survey", "name:slow"); len(ack) != 0 {
				t.Errorf("acknowledged with %s", ack)
			}
			close(release)
			if v := e.waitView(1); input(t, v, "name").Element.(*slackapi.PlainTextInputBlockElement).InitialValue != "slow" {
				t.Errorf("the late form: %s", v)
			}
		})
	}
}

func TestFormFromAMentionIsBehindAButton(t *testing.T) {
	e := formEnv(t, mode{name: "http"}, nil, envOptions{})
	e.event("Ev1", mention("U1", "<@"+fakeslack.BotUserID+"> survey", "1700000002.000200", "1700000001.000100"))
	posts, err := e.fs.WaitPosts(e.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if p := posts[0]; p.Method != "chat.postEphemeral" || p.User != "U1" || p.ThreadTS != "1700000001.000100" {
		t.Fatalf("offered as %v", p)
	}
	btn := findButton(t, posts[0].Blocks, "Open the form")
	e.send(e.formClick(e.fs.ResponseURL("click"), "U1", btn))
	v := e.waitView(1)
	if meta, _ := decodeMeta(v.PrivateMetadata); meta.Thread != "1700000001.000100" {
		t.Errorf("the form answers in %+v, want the mention's thread", meta)
	}
}

// TestProposeShortcutPrefillsTheForm runs "Propose as a position" with the
// core's propose command: its form holds the message's text (unless too
// long for the field: the placeholder then says so) and first link, and
// answers in the message's thread.
func TestProposeShortcutPrefillsTheForm(t *testing.T) {
	long := strings.Repeat("Open weights matter. ", 60) + "https://example.org/long"
	tests := []struct {
		name, said, thread string
		text, url          string
		placeholder        string // what the text's placeholder says, when it must
	}{
		{name: "in a thread", said: "In <https://youtu.be/abc|this interview>, LeCun said so.", thread: "1700000001.000100",
			text: "In this interview https://youtu.be/abc, LeCun said so.", url: "https://youtu.be/abc"},
		{name: "without a link", said: "LeCun said open weights are safer.", text: "LeCun said open weights are safer."},
		{name: "longer than the field", said: long, url: "https://example.org/long", placeholder: "Too long to fill in"},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := envIn(t, m, envOptions{bot: (&realdata.Data{Store: shared.store, Index: shared.index}).Bot(t)})
			for i, tt := range tests {
				ts := "1700000005.00050" + strconv.Itoa(i)
				sc := shortcut(e.fs.ResponseURL(tt.name), tt.said, ts, tt.thread)
				sc["callback_id"], sc["trigger_id"] = shortcutPropose, e.fs.Trigger("U1")
				if ack := e.send(sc); len(ack) != 0 {
					t.Errorf("%s: the shortcut acknowledged with %s", tt.name, ack)
				}
				v := e.waitView(i + 1)
				text := input(t, v, "text").Element.(*slackapi.PlainTextInputBlockElement)
				if text.InitialValue != tt.text {
					t.Errorf("%s: text pre-filled as %q, want %q", tt.name, text.InitialValue, tt.text)
				}
				if tt.placeholder != "" && (text.Placeholder == nil || !strings.Contains(text.Placeholder.Text, tt.placeholder)) {
					t.Errorf("%s: the text's placeholder %+v, want %q", tt.name, text.Placeholder, tt.placeholder)
				}
				if got := input(t, v, "url").Element.(*slackapi.PlainTextInputBlockElement).InitialValue; got != tt.url {
					t.Errorf("%s: url pre-filled as %q, want %q", tt.name, got, tt.url)
				}
				want := cmp.Or(tt.thread, ts)
				if meta, _ := decodeMeta(v.PrivateMetadata); meta.Channel != "C1" || meta.Thread != want {
					t.Errorf("%s: the form answers in %+v, want thread %s", tt.name, meta, want)
				}
			}
		})
	}
}

func TestNoticeFallsBackToADirectMessage(t *testing.T) {
	logs := &lockedLog{}
	e := newEnv(t, envOptions{logs: logs})
	ctx := e.ctx()
	e.fs.FailNext("chat.postEphemeral", 1, fakeslack.Failure{Error: "user_not_in_channel"})
	e.a.sendNotices(ctx, []bot.Notice{{UserID: "U9", ChannelID: "C1", Text: "Your <proposal> & more"}, {UserID: "", Text: "nobody"}})
	posts := e.fs.Posts()
	if len(posts) != 1 || posts[0].Channel != "DU9" || posts[0].Method != "chat.postMessage" || posts[0].Text != "Your &lt;proposal&gt; &amp; more" {
		t.Fatalf("posts %v, want one direct message to U9", posts)
	}
	e.fs.FailNext("conversations.open", 1, fakeslack.Failure{Error: "user_disabled"})
	e.a.sendNotices(ctx, []bot.Notice{{UserID: "U7", Text: "gone"}})
	if n := len(e.fs.Posts()); n != 1 {
		t.Errorf("a failed notice was posted somewhere: %v", e.fs.Posts())
	}
	if !strings.Contains(logs.String(), "notice not delivered") || !strings.Contains(logs.String(), "user_disabled") {
		t.Errorf("the failure is not logged:\n%s", logs)
	}
}

// TestDirectMessageChannelIsKept: the DM channel opened for a user's first
// direct message is kept for the next ones; one Slack no longer takes posts
// in (channel_not_found, is_archived) is opened again, once.
func TestDirectMessageChannelIsKept(t *testing.T) {
	for _, code := range []string{"channel_not_found", "is_archived"} {
		t.Run(code, func(t *testing.T) {
			e := newEnv(t, envOptions{})
			ctx := e.ctx()
			e.a.sendNotices(ctx, []bot.Notice{{UserID: "U9", Text: "one"}, {UserID: "U9", Text: "two"}})
			if n := e.fs.Calls("conversations.open"); n != 1 {
				t.Errorf("conversations.open called %d times for two notices to one user, want once", n)
			}
			old := e.fs.DMChannel("U9")
			e.fs.ForgetDMChannel("U9")
			e.fs.FailChannel(old, code)
			e.a.sendNotices(ctx, []bot.Notice{{UserID: "U9", Text: "three"}})
			posts := e.fs.Posts()
			if len(posts) != 3 || posts[2].Text != "three" || posts[2].Channel == old || posts[2].Channel != e.fs.DMChannel("U9") {
				t.Fatalf("posts %v, want the third notice in a new DM channel", posts)
			}
			if n := e.fs.Calls("conversations.open"); n != 2 {
				t.Errorf("conversations.open called %d times, want once more after the kept channel failed", n)
			}
		})
	}
}

// TestFormAnswerWhereTheBotMayNotPostIsADirectMessage: a form's answer
// has no response URL; when the channel refuses it (the bot is not a
// member, or the user no longer is), the user gets it by direct message.
func TestFormAnswerWhereTheBotMayNotPostIsADirectMessage(t *testing.T) {
	private := bot.Command{Name: "private", Description: "A form answered privately",
		Options: []bot.Option{{Name: "word"}},
		Run: func(_ context.Context, req bot.Request) (bot.Reply, error) {
			if req.Option("word") == "" {
				return bot.Reply{Form: &bot.Form{Command: "/private", Title: "A word",
					Fields: []bot.FormField{{Name: "word", Label: "Word", Required: true}}}}, nil
			}
			return bot.Reply{Visibility: bot.Ephemeral, Cards: []bot.Card{{Title: "You said " + req.Option("word")}}}, nil
		}}
	for _, tt := range []struct {
		name, code, command string
		forms               []map[string]string // the values of each form in turn
		want                string
	}{
		{"a public answer, the bot not a member", "not_in_channel", "/survey",
			[]map[string]string{{"name": "Ana", "colour": "red"}, {"note": "hi"}}, "Thanks, Ana"},
		{"an ephemeral answer in a private channel", "channel_not_found", "/private", []map[string]string{{"word": "hello"}}, "You said hello"},
		{"an ephemeral answer, the user gone", "user_not_in_channel", "/private", []map[string]string{{"word": "bye"}}, "You said bye"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := formEnv(t, mode{name: "http"}, nil, envOptions{extra: []bot.Command{private}})
			e.command("r", tt.command, "", "U1")
			id := e.waitView(1).ID
			e.fs.FailChannel("C1", tt.code)
			var out fakeslack.Outcome
			for _, values := range tt.forms {
				out = e.submit(id, values)
				id = out.View.ID
			}
			if out.Action != "clear" {
				t.Fatalf("%+v, want the modal cleared", out)
			}
			if p := e.waitPost("chat.postMessage", "DU1", "", tt.want); p.ThreadTS != "" {
				t.Errorf("the direct message in a thread: %v", p)
			}
		})
	}
}

func TestForeignViewSubmissionIsClosed(t *testing.T) {
	e := newEnv(t, envOptions{})
	payload := map[string]any{"type": "view_submission", "user": map[string]any{"id": "U1"}, "trigger_id": e.fs.Trigger("U1"),
		"view": map[string]any{"id": "VX", "type": "modal", "callback_id": "someone_else", "private_metadata": "", "blocks": []any{}}}
	if body := e.send(payload); len(body) != 0 {
		t.Errorf("answered %s", body)
	}
	payload["view"].(map[string]any)["callback_id"] = formCallback
	payload["view"].(map[string]any)["private_metadata"] = "not json"
	if body := e.send(payload); len(body) != 0 {
		t.Errorf("answered %s", body)
	}
	e.drain()
	if n := len(e.fs.Posts()) + len(e.fs.Responses()); n != 0 {
		t.Errorf("%d answers to a view that is not the bot's", n)
	}
}

func TestModalViewKeepsSlacksLimits(t *testing.T) {
	long := strings.Repeat("x", 5000)
	many := make([]string, 101)
	for i := range many {
		many[i] = "c" + strings.Repeat("i", i)
	}
	f := bot.Form{Command: "/survey", Title: "Short", Fields: []bot.FormField{
		{Name: "a", Label: strings.Repeat("label ", 500), Value: long, Placeholder: long},
		{Name: "b", Label: "Choice", Choices: []string{"x", "y"}, Value: "Y"},
		{Name: "c", Label: "Too many", Choices: many},
		{Name: "d", Label: "Not a choice", Choices: []string{"x"}, Value: "z"},
		{Name: "e", Label: "Long choice", Choices: []string{strings.Repeat("x", 76)}},
		{Name: "f", Label: "", MaxLength: 10, Value: "0123456789"},
	}}
	v, err := modalView(f, formMeta{Command: f.Command, Channel: "C1"})
	if err != nil {
		t.Fatal(err)
	}
	if v.Title.Text != "Short" || len(v.Blocks.BlockSet) != len(f.Fields) {
		t.Errorf("a short title gets no section: %d blocks", len(v.Blocks.BlockSet))
	}
	a := v.Blocks.BlockSet[0].(*slackapi.InputBlock)
	ta := a.Element.(*slackapi.PlainTextInputBlockElement)
	if runeLen(a.Label.Text) > maxInputLabel || runeLen(ta.Placeholder.Text) > maxPlaceholder || runeLen(ta.InitialValue) != maxInputLength ||
		a.Hint == nil || !strings.Contains(a.Hint.Text, "5000") || !a.Optional {
		t.Errorf("a long field: label %d, placeholder %d, value %d, hint %+v", runeLen(a.Label.Text), runeLen(ta.Placeholder.Text), runeLen(ta.InitialValue), a.Hint)
	}
	if sel, ok := v.Blocks.BlockSet[1].(*slackapi.InputBlock).Element.(*slackapi.SelectBlockElement); !ok || sel.InitialOption == nil || sel.InitialOption.Value != "y" {
		t.Errorf("a choice field: %+v", v.Blocks.BlockSet[1].(*slackapi.InputBlock).Element)
	}
	for _, i := range []int{2, 3, 4} {
		if _, ok := v.Blocks.BlockSet[i].(*slackapi.InputBlock).Element.(*slackapi.PlainTextInputBlockElement); !ok {
			t.Errorf("field %s: a select, want a text input", f.Fields[i].Name)
		}
	}
	if fl := v.Blocks.BlockSet[5].(*slackapi.InputBlock); fl.Label.Text != "f" || fl.Hint != nil || fl.Element.(*slackapi.PlainTextInputBlockElement).MaxLength != 10 {
		t.Errorf("a field without a label: %+v", fl)
	}
	if _, err := modalView(bot.Form{Command: strings.Repeat("x", maxPrivateMetadata)}, formMeta{Command: strings.Repeat("x", maxPrivateMetadata)}); err == nil {
		t.Error("metadata over Slack's limit accepted")
	}
}

func TestClipWords(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Short", "Short"},
		{"A survey of your favourite colours", "A survey of your…"},
		{"Averyveryverylongwordwithoutspaces", "Averyveryverylongwordwi…"},
		{"Exactly twenty-four char", "Exactly twenty-four char"},
	} {
		if got := clipWords(tt.in, maxViewTitle); got != tt.want || runeLen(got) > maxViewTitle {
			t.Errorf("clipWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWithLinks(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"see <https://x.org/a>", "see https://x.org/a"},
		{"see <http://x.org/a|x.org/a>", "see http://x.org/a"},
		{"see <https://x.org/|x.org>", "see https://x.org/"},
		{"see <https://x.org/?a=1&amp;b=2|x.org/?a=1&amp;b=2>", "see https://x.org/?a=1&b=2"},
		{"in <https://youtu.be/abc|this interview>", "in this interview https://youtu.be/abc"},
		{"<@U1|ana> &amp; <mailto:a@b.org|a@b.org>", "@ana & a@b.org"},
	} {
		if got := withLinks(tt.in); got != tt.want {
			t.Errorf("withLinks(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormValuesAndErrors(t *testing.T) {
	st := &slackapi.ViewState{Values: map[string]map[string]slackapi.BlockAction{
		"name":   {formAction: {Type: "plain_text_input", Value: "Ana"}},
		"colour": {formAction: {Type: "static_select", SelectedOption: slackapi.OptionBlockObject{Value: "red"}}},
		"note":   {formAction: {Type: "plain_text_input"}},
		"other":  {"elsewhere": {Type: "plain_text_input", Value: "ignored"}},
	}}
	got := formValues(st)
	if len(got) != 3 || got["name"] != "Ana" || got["colour"] != "red" || got["note"] != "" {
		t.Errorf("formValues = %v", got)
	}
	blocks := []slackapi.Block{slackapi.NewSectionBlock(plainText("t"), nil, nil),
		slackapi.NewInputBlock("name", plainText("Name"), nil, nil), slackapi.NewInputBlock("note", plainText("Note"), nil, nil)}
	errs, ok := fieldErrors(bot.Reply{Error: bot.ERATELIMITED, Cards: []bot.Card{{Title: "Slow down."}}}, blocks)
	if !ok || len(errs) != 1 || errs["name"] != "Slow down." {
		t.Errorf("an error without fields: %v", errs)
	}
	errs, _ = fieldErrors(bot.Reply{Error: bot.EINVALID, Invalid: []bot.FieldError{{Field: "note", Message: "Too long."}, {Field: "", Message: "Try again."}, {Field: "note"}}}, blocks)
	if errs["note"] != "Too long. This value is not accepted." || errs["name"] != "Try again." {
		t.Errorf("field errors: %v", errs)
	}
	errs, _ = fieldErrors(bot.Reply{Error: bot.EINVALID, Invalid: []bot.FieldError{{Field: "gone", Message: "Not\nhere."}}}, blocks)
	if len(errs) != 1 || errs["name"] != "gone: Not here." {
		t.Errorf("an error about a field the modal does not show: %v", errs)
	}
	if _, ok := fieldErrors(bot.Reply{Error: bot.EINVALID}, blocks[:1]); ok {
		t.Error("errors for a modal without inputs")
	}
}

func FuzzDecodeMeta(f *testing.F) {
	for _, s := range []string{`{"c":"/survey","ch":"C1","th":"1.2"}`, `{"c":""}`, `null`, `[]`, `{"c":1}`, ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := decodeMeta(s)
		if err != nil {
			return
		}
		if strings.TrimSpace(m.Command) == "" {
			t.Errorf("decodeMeta(%q) accepted metadata without a command", s)
		}
		enc, err := encodeMeta(m)
		if err != nil {
			return // too long for a modal: never one the adapter wrote
		}
		if back, err := decodeMeta(enc); err != nil || back != m {
			t.Errorf("round trip of %+v: %+v, %v", m, back, err)
		}
	})
}

func TestFormOfAManagedCommandAsksWhoMayManage(t *testing.T) {
	settings := bot.Command{Name: "settings", Description: "A form for admins", ManageOnly: true,
		Options: []bot.Option{{Name: "greeting"}},
		Run: func(_ context.Context, req bot.Request) (bot.Reply, error) {
			if req.Option("greeting") == "" {
				return bot.Reply{Form: &bot.Form{Command: "/settings", Title: "Settings",
					Fields: []bot.FormField{{Name: "greeting", Label: "Greeting", Required: true}}}}, nil
			}
			return bot.Reply{Cards: []bot.Card{{Title: "Greeting set by " + req.UserID}}}, nil
		}}
	e := newEnv(t, envOptions{extra: []bot.Command{settings}})
	e.fs.SetAdmin("U1")
	e.command("r", "/settings", "", "U1")
	v := e.waitView(1)
	e.a.admins.seen.Delete("U1") // asked again for the submission
	if out := e.submit(v.ID, map[string]string{"greeting": "hello"}); out.Action != "clear" {
		t.Fatalf("an admin's submission: %+v", out)
	}
	posts, err := e.fs.WaitPosts(e.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(blocksText(t, posts[0].Blocks), "Greeting set by U1") || e.fs.Calls("users.info") != 2 {
		t.Errorf("answer %v after %d users.info calls, want 2", posts[0], e.fs.Calls("users.info"))
	}
}

func TestFormFromACommandButtonOpensWithTheClicksTrigger(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := formEnv(t, m, nil, envOptions{})
			c := click(e.fs.ResponseURL("click"), actionPrefix+"0", "/survey name:Ana")
			c["trigger_id"] = e.fs.Trigger("U1")
			e.send(c)
			if v := e.waitView(1); v.User != "U1" || input(t, v, "name").Element.(*slackapi.PlainTextInputBlockElement).InitialValue != "Ana" {
				t.Errorf("opened %s", v)
			}
			e.drain()
			if n := len(e.fs.Responses()) + len(e.fs.Posts()); n != 0 {
				t.Errorf("%d messages besides the form", n)
			}
		})
	}
}

func TestFormSlackRefusesIsReportedNotOffered(t *testing.T) {
	tooBig := bot.Command{Name: "toobig", Description: "A form of 101 fields",
		Run: func(context.Context, bot.Request) (bot.Reply, error) {
			f := &bot.Form{Command: "/toobig", Title: "Far too many fields for one modal"}
			for i := range 100 {
				f.Fields = append(f.Fields, bot.FormField{Name: "f" + strconv.Itoa(i), Label: "Field"})
			}
			return bot.Reply{Form: f}, nil
		}}
	logs := &lockedLog{}
	e := newEnv(t, envOptions{extra: []bot.Command{tooBig}, logs: logs})
	e.command("r", "/toobig", "", "U1")
	rs, err := e.fs.WaitResponses(e.ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].ResponseType != "ephemeral" || !strings.Contains(blocksText(t, rs[0].Blocks), "cannot be shown") {
		t.Errorf("told %v", rs[0])
	}
	if !strings.Contains(logs.String(), "json-pointer:/view/blocks") {
		t.Errorf("Slack's reasons are not logged:\n%s", logs)
	}
}
