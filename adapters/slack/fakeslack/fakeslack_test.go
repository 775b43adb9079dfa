package fakeslack

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
)

func TestWebAPIThroughSlackGo(t *testing.T) {
	fs, api, ctx := testClient(t)

	who, err := api.AuthTestContext(ctx)
	if err != nil || who.UserID != BotUserID || who.BotID != BotID {
		t.Fatalf("auth.test = %+v, %v", who, err)
	}
	if _, err := slack.New("xoxb-other", slack.OptionAPIURL(fs.APIURL())).AuthTestContext(ctx); err == nil || err.Error() != "invalid_auth" {
		t.Errorf("a wrong token: %v, want invalid_auth", err)
	}

	blocks := slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "*hi*", false, false), nil, nil)
	if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false), slack.MsgOptionBlocks(blocks), slack.MsgOptionTS("1.2")); err != nil {
		t.Fatal(err)
	}
	if _, err := api.PostEphemeralContext(ctx, "C1", "U1", slack.MsgOptionText("psst", false)); err != nil {
		t.Fatal(err)
	}
	posts, err := fs.WaitPosts(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if p := posts[0]; p.Method != "chat.postMessage" || p.Channel != "C1" || p.ThreadTS != "1.2" || p.Text != "hi" || len(p.Blocks) == 0 {
		t.Errorf("post recorded as %+v", p)
	}
	if p := posts[1]; p.Method != "chat.postEphemeral" || p.User != "U1" || p.TS <= posts[0].TS {
		t.Errorf("ephemeral post recorded as %+v", p)
	}

	fs.RateLimit("chat.postMessage", 1, 2*time.Second)
	_, _, err = api.PostMessageContext(ctx, "C1", slack.MsgOptionText("again", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 2*time.Second {
		t.Errorf("rate-limited post: %v, want a RateLimitedError of 2s", err)
	}
	if n := fs.Calls("chat.postMessage"); n != 2 {
		t.Errorf("Calls = %d, want 2", n)
	}

	fs.FailChannel("CPRIV", "not_in_channel")
	if _, _, err := api.PostMessageContext(ctx, "CPRIV", slack.MsgOptionText("x", false)); err == nil || err.Error() != "not_in_channel" {
		t.Errorf("post to a failing channel: %v", err)
	}

	fs.SetAdmin("UADMIN")
	u, err := api.GetUserInfoContext(ctx, "UADMIN")
	if err != nil || !u.IsAdmin {
		t.Errorf("users.info = %+v, %v", u, err)
	}

	msg := &slack.WebhookMessage{Text: "late", ResponseType: "in_channel", ReplaceOriginal: true}
	if err := slack.PostWebhookContext(ctx, fs.ResponseURL("r1"), msg); err != nil {
		t.Fatal(err)
	}
	rs, err := fs.WaitResponses(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r := rs[0]; r.Name != "r1" || r.Text != "late" || r.ResponseType != "in_channel" || !r.ReplaceOriginal {
		t.Errorf("response recorded as %+v", r)
	}
}

func TestAppsConnectionsOpen(t *testing.T) {
	fs, api, ctx := testClient(t)
	_, u, err := api.StartSocketModeContext(ctx)
	if err != nil || u != "ws"+fs.URL()[len("http"):]+"/socket" {
		t.Errorf("apps.connections.open = %q, %v", u, err)
	}
	fs.RefuseConnections("internal_error")
	if _, _, err := api.StartSocketModeContext(ctx); err == nil {
		t.Error("refused connection opened")
	}
	bad := slack.New(BotToken, slack.OptionAPIURL(fs.APIURL()), slack.OptionAppLevelToken("xapp-other"))
	fs.RefuseConnections("")
	if _, _, err := bad.StartSocketModeContext(ctx); err == nil || err.Error() != "invalid_auth" {
		t.Errorf("a wrong app token: %v, want invalid_auth", err)
	}
	short, stop := context.WithTimeout(ctx, 50*time.Millisecond)
	defer stop()
	if _, err := fs.Push(short, TypeEventsAPI, map[string]any{}, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Push without a connection: %v, want it to wait for one until the context ends", err)
	}
}

// TestSocketFrameLimit: an acknowledgement over Slack's frame limit closes
// the connection with 1009 and acknowledges nothing; one at the limit is
// taken.
func TestSocketFrameLimit(t *testing.T) {
	fs, api, ctx := testClient(t)
	_, u, err := api.StartSocketModeContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, _, err := websocket.DefaultDialer.DialContext(ctx, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var hello map[string]any
	if err := conn.ReadJSON(&hello); err != nil || hello["type"] != "hello" {
		t.Fatalf("hello %v, %v", hello, err)
	}
	// ack is an acknowledgement of exactly n bytes.
	ack := func(id string, n int) []byte {
		head := `{"envelope_id":"` + id + `","payload":{"text":"`
		return []byte(head + strings.Repeat("a", n-len(head)-3) + `"}}`)
	}
	if err := conn.WriteMessage(websocket.TextMessage, ack("env-at-limit", MaxFrameBytes)); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.WaitAck(ctx, "env-at-limit"); err != nil {
		t.Fatalf("an acknowledgement of %d bytes: %v", MaxFrameBytes, err)
	}
	if err := conn.WriteMessage(websocket.TextMessage, ack("env-too-big", MaxFrameBytes+1)); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			if !websocket.IsCloseError(err, websocket.CloseMessageTooBig) {
				t.Errorf("after an acknowledgement of %d bytes: %v, want the connection closed with 1009", MaxFrameBytes+1, err)
			}
			break
		}
	}
	for _, a := range fs.Acks() {
		if a.EnvelopeID == "env-too-big" {
			t.Error("an acknowledgement over the frame limit was recorded")
		}
	}
}

// TestStrictAsSlack: the fake refuses what Slack refuses: an empty header,
// more than 50 blocks, an empty rich text element, a text over 40,000
// characters.
func TestStrictAsSlack(t *testing.T) {
	fs, api, ctx := testClient(t)
	header := slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "", false, false))
	emptyText := slack.NewRichTextBlock("", slack.NewRichTextSection(slack.NewRichTextSectionTextElement("", nil)))
	emptyQuote := slack.NewRichTextBlock("", &slack.RichTextQuote{Type: slack.RTEQuote})
	noURL := slack.NewRichTextBlock("", slack.NewRichTextSection(&slack.RichTextSectionLinkElement{Type: slack.RTSELink, Text: "x"}))
	many := make([]slack.Block, 51)
	for i := range many {
		many[i] = slack.NewDividerBlock()
	}
	for _, tt := range []struct {
		name string
		opts []slack.MsgOption
		want string
	}{
		{"empty header", []slack.MsgOption{slack.MsgOptionText("x", false), slack.MsgOptionBlocks(header)}, "invalid_blocks"},
		{"empty rich text element", []slack.MsgOption{slack.MsgOptionText("x", false), slack.MsgOptionBlocks(emptyText)}, "invalid_blocks"},
		{"empty rich text quote", []slack.MsgOption{slack.MsgOptionText("x", false), slack.MsgOptionBlocks(emptyQuote)}, "invalid_blocks"},
		{"rich text link without a URL", []slack.MsgOption{slack.MsgOptionText("x", false), slack.MsgOptionBlocks(noURL)}, "invalid_blocks"},
		{"51 blocks", []slack.MsgOption{slack.MsgOptionText("x", false), slack.MsgOptionBlocks(many...)}, "too_many_blocks"},
		{"long text", []slack.MsgOption{slack.MsgOptionText(strings.Repeat("a", 40001), false)}, "msg_too_long"},
	} {
		_, _, err := api.PostMessageContext(ctx, "C1", tt.opts...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.want)
		}
	}
	if n := len(fs.Posts()); n != 0 {
		t.Errorf("%d refused posts recorded", n)
	}
}
