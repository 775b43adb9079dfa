package fakediscord_test

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
)

func start(t *testing.T, opts fakediscord.Options) *fakediscord.Server {
	t.Helper()
	s, err := fakediscord.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// session is a discordgo session pointed at the fake.
func session(t *testing.T, s *fakediscord.Server, token string) *discordgo.Session {
	t.Helper()
	dg, err := discordgo.New("Bot " + token)
	if err != nil {
		t.Fatal(err)
	}
	dg.Client = s.Client()
	dg.LogLevel = -1
	dg.Identify.Intents = discordgo.IntentsNone
	return dg
}

// gateway is a discordgo session connected to the fake's gateway, with the
// interactions it receives.
func gateway(t *testing.T, s *fakediscord.Server) (*discordgo.Session, <-chan *discordgo.Interaction) {
	t.Helper()
	dg := session(t, s, s.Token())
	got := make(chan *discordgo.Interaction, 4)
	dg.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) { got <- ic.Interaction })
	if err := dg.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dg.Close() })
	return dg, got
}

// next is the next interaction received on got.
func next(t *testing.T, got <-chan *discordgo.Interaction) *discordgo.Interaction {
	t.Helper()
	select {
	case in := <-got:
		return in
	case <-time.After(3 * time.Second):
		t.Fatal("interaction not received")
		return nil
	}
}

// receive injects i into s and returns the interaction the gateway then
// delivers to got.
func receive(t *testing.T, s *fakediscord.Server, got <-chan *discordgo.Interaction, i fakediscord.Interaction) *discordgo.Interaction {
	t.Helper()
	if _, err := s.InjectInteraction(i); err != nil {
		t.Fatal(err)
	}
	return next(t, got)
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

func apiCode(err error) int {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Message != nil {
		return rest.Message.Code
	}
	return 0
}

func TestREST(t *testing.T) {
	s := start(t, fakediscord.Options{})
	dg := session(t, s, s.Token())
	gw, err := dg.Gateway()
	if err != nil || gw != s.GatewayURL()+"/" {
		t.Fatalf("gateway %q, %v", gw, err)
	}
	if _, err := session(t, s, "wrong").GatewayBot(); err == nil {
		t.Error("a wrong token must be refused")
	}
	m, err := dg.ChannelMessageSend("42", "hello")
	if err != nil || m.ChannelID != "42" || m.ID == "" {
		t.Fatalf("message %+v, %v", m, err)
	}
	recs := s.Records(fakediscord.InChannel("42"))
	if len(recs) != 1 || recs[0].Data.Content != "hello" || recs[0].MessageID != m.ID {
		t.Fatalf("records %+v", recs)
	}
	cmds := []*discordgo.ApplicationCommand{{Name: "help", Description: "Help"}}
	if _, err := dg.ApplicationCommandBulkOverwrite(s.AppID(), "7", cmds); err != nil {
		t.Fatal(err)
	}
	got, err := dg.ApplicationCommands(s.AppID(), "7")
	if err != nil || len(got) != 1 || got[0].ID == "" || got[0].Name != "help" {
		t.Fatalf("commands %+v, %v", got, err)
	}
	bad := []*discordgo.ApplicationCommand{{Name: "Help Me", Description: "x"}}
	if _, err := dg.ApplicationCommandBulkOverwrite(s.AppID(), "", bad); err == nil {
		t.Error("an invalid command name must be refused")
	}
	if _, err := s.Client().Get("https://example.com/"); err == nil {
		t.Error("the client must refuse hosts other than Discord's")
	}
}

func TestRateLimit(t *testing.T) {
	s := start(t, fakediscord.Options{})
	dg := session(t, s, s.Token())
	s.ForceRateLimit(fakediscord.KindChannelMessage, 1, 200*time.Millisecond, false)
	startAt := time.Now()
	if _, err := dg.ChannelMessageSend("42", "hello"); err != nil { // discordgo retries by itself
		t.Fatal(err)
	}
	if time.Since(startAt) < 200*time.Millisecond {
		t.Error("retried before retry_after")
	}
	recs := s.Records(fakediscord.InChannel("42"))
	if len(recs) != 2 || recs[0].Status != http.StatusTooManyRequests || recs[1].Status != http.StatusOK {
		t.Fatalf("records %+v", recs)
	}
}

func TestGatewayInteractions(t *testing.T) {
	s := start(t, fakediscord.Options{HeartbeatInterval: 200 * time.Millisecond})
	dg, got := gateway(t, s)

	sent, err := s.InjectInteraction(fakediscord.Slash("help", map[string]string{"command": "quote"}))
	if err != nil {
		t.Fatal(err)
	}
	in := next(t, got)
	if in.ID != sent.ID || in.ApplicationCommandData().Options[0].StringValue() != "quote" {
		t.Fatalf("interaction %+v", in)
	}
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if err := dg.InteractionRespond(in, resp); err != nil {
		t.Fatal(err)
	}
	if err := dg.InteractionRespond(in, resp); apiCode(err) != 40060 {
		t.Errorf("second callback: %v, want 40060", err)
	}
	content := "done"
	help := []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "help", Style: discordgo.SecondaryButton, CustomID: "sb:/help"}}}}
	if _, err := dg.InteractionResponseEdit(in, &discordgo.WebhookEdit{Content: &content, Components: &help}); err != nil {
		t.Fatal(err)
	}
	if _, err := dg.FollowupMessageCreate(in, true, &discordgo.WebhookParams{Content: "more"}); err != nil {
		t.Fatal(err)
	}
	recs, err := s.WaitRecords(ctx(t), 4, fakediscord.ForInteraction(in.ID))
	if err != nil {
		t.Fatal(err)
	}
	kinds := []fakediscord.Kind{fakediscord.KindCallback, fakediscord.KindCallback, fakediscord.KindEditOriginal, fakediscord.KindFollowup}
	for i, r := range recs {
		if r.Kind != kinds[i] {
			t.Errorf("record %d: %s, want %s", i, r.Kind, kinds[i])
		}
	}
	if recs[2].Data.Content != "done" || recs[2].MessageID != recs[0].MessageID {
		t.Errorf("edit %+v", recs[2])
	}

	// A click must be on a message that exists, on a button it has: the
	// edited response, or one in a channel.
	if _, err := s.InjectInteraction(fakediscord.Click("sb:/help", "9")); err == nil {
		t.Error("a click on a message that does not exist was sent")
	}
	if _, err := s.InjectInteraction(fakediscord.Click("sb:/help", recs[2].MessageID)); err != nil {
		t.Fatalf("a click on the response: %v", err)
	}
	if m := next(t, got).Message; m == nil || m.InteractionMetadata == nil || m.InteractionMetadata.User == nil ||
		m.InteractionMetadata.User.ID != fakediscord.DefaultUserID {
		t.Errorf("the clicked response does not say whose command it answers: %+v", m)
	}

	// A dropped connection resumes and gets what it missed.
	s.DropGateway()
	if _, err := s.InjectInteraction(fakediscord.Click("sb:/help", s.PostMessage("300000000000000002", fakediscord.MessageData{Content: "a digest", Components: buttons(button("sb:/help", false))}))); err != nil {
		t.Fatal(err)
	}
	select {
	case in = <-got:
		if in.MessageComponentData().CustomID != "sb:/help" {
			t.Errorf("after resume: %+v", in)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no interaction after the drop")
	}
	if st := s.Stats(); st.Identifies != 1 || st.Resumes != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestLateCallback(t *testing.T) {
	s := start(t, fakediscord.Options{InteractionDeadline: 10 * time.Millisecond})
	dg, got := gateway(t, s)
	in := receive(t, s, got, fakediscord.Slash("help", nil))
	time.Sleep(20 * time.Millisecond)
	err := dg.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "late"}})
	if apiCode(err) != 10062 {
		t.Fatalf("late callback: %v, want 10062", err)
	}
}

func TestPostInteraction(t *testing.T) {
	s := start(t, fakediscord.Options{})
	key, err := hex.DecodeString(s.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	bot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !discordgo.VerifyInteraction(r, ed25519.PublicKey(key)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"type":4,"data":{"content":"hi","flags":64}}`))
	}))
	defer bot.Close()
	_, rec, err := s.PostInteraction(ctx(t), bot.URL, fakediscord.Slash("help", nil))
	if err != nil || rec.Status != http.StatusOK || rec.Type != 4 || rec.Data.Content != "hi" || !rec.Data.Ephemeral() || rec.Via != "http" {
		t.Fatalf("record %+v, %v", rec, err)
	}
}

// TestStrictAsDiscord: the fake refuses what Discord refuses — a follow-up
// before the acknowledgement, a response type the interaction cannot take,
// a message over the limits, a webhook past its lifetime — and its READY
// carries resume_gateway_url.
func TestStrictAsDiscord(t *testing.T) {
	s := start(t, fakediscord.Options{TokenLifetime: 300 * time.Millisecond})
	dg := session(t, s, s.Token())
	got := make(chan *discordgo.Interaction, 4)
	dg.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) { got <- ic.Interaction })
	ready := make(chan json.RawMessage, 1)
	dg.AddHandler(func(_ *discordgo.Session, e *discordgo.Event) {
		if e.Type == "READY" {
			ready <- e.RawData
		}
	})
	if err := dg.Open(); err != nil {
		t.Fatal(err)
	}
	defer dg.Close()
	select {
	case raw := <-ready:
		var r struct {
			ResumeGatewayURL string `json:"resume_gateway_url"`
		}
		if err := json.Unmarshal(raw, &r); err != nil || r.ResumeGatewayURL != s.GatewayURL() {
			t.Errorf("READY resume_gateway_url %q (%v), want %q", r.ResumeGatewayURL, err, s.GatewayURL())
		}
	case <-time.After(3 * time.Second):
		t.Fatal("no READY")
	}
	in := receive(t, s, got, fakediscord.Slash("help", nil))
	if _, err := dg.FollowupMessageCreate(in, true, &discordgo.WebhookParams{Content: "early"}); apiCode(err) != 10015 {
		t.Errorf("a follow-up before the acknowledgement: %v, want 10015", err)
	}
	err := dg.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "x"}})
	if apiCode(err) != 50035 {
		t.Errorf("an update (7) answering a slash command: %v, want 50035", err)
	}
	long := strings.Repeat("a", 2001)
	err = dg.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: long}})
	if apiCode(err) != 50035 {
		t.Errorf("2,001 characters of content: %v, want 50035", err)
	}
	if _, err := dg.ChannelMessageSend("42", long); apiCode(err) != 50035 {
		t.Errorf("a channel message of 2,001 characters: %v, want 50035", err)
	}
	twice := discordgo.Button{Label: "x", Style: discordgo.SecondaryButton, CustomID: "sb:/x"}
	_, err = dg.ChannelMessageSendComplex("42", &discordgo.MessageSend{Content: "x", Components: []discordgo.MessageComponent{
		discordgo.ActionsRow{Components: []discordgo.MessageComponent{twice}}, discordgo.ActionsRow{Components: []discordgo.MessageComponent{twice}}}})
	if apiCode(err) != 50035 {
		t.Errorf("two buttons of one custom_id: %v, want 50035", err)
	}
	if err := dg.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(350 * time.Millisecond)
	content := "too late"
	if _, err := dg.InteractionResponseEdit(in, &discordgo.WebhookEdit{Content: &content}); apiCode(err) != 10015 {
		t.Errorf("an edit after the token's lifetime: %v, want 10015", err)
	}
}

// TestModals: a modal is accepted only as the first response of a command
// or a click, never of a modal submission nor after a deferral, and only
// within Discord's limits; its submission carries the inputs' values.
func TestModals(t *testing.T) {
	s := start(t, fakediscord.Options{})
	dg, got := gateway(t, s)
	input := func(edit func(*discordgo.TextInput)) discordgo.MessageComponent {
		in := discordgo.TextInput{CustomID: "text", Label: "Text", Style: discordgo.TextInputParagraph, Value: "pre", Required: true, MaxLength: 100}
		edit(&in)
		return discordgo.ActionsRow{Components: []discordgo.MessageComponent{in}}
	}
	same := func(*discordgo.TextInput) {}
	open := func(in *discordgo.Interaction, title, id string, rows ...discordgo.MessageComponent) error {
		return dg.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal,
			Data: &discordgo.InteractionResponseData{CustomID: id, Title: title, Components: rows}})
	}
	long := func(n int) string { return strings.Repeat("x", n) }

	cmd := receive(t, s, got, fakediscord.Slash("survey", nil))
	for name, err := range map[string]error{
		"a title of 46":      open(cmd, long(46), "f", input(same)),
		"no title":           open(cmd, "", "f", input(same)),
		"a custom_id of 101": open(cmd, "T", long(101), input(same)),
		"no inputs":          open(cmd, "T", "f"),
		"six inputs": open(cmd, "T", "f", input(same), input(func(i *discordgo.TextInput) { i.CustomID = "2" }),
			input(func(i *discordgo.TextInput) { i.CustomID = "3" }), input(func(i *discordgo.TextInput) { i.CustomID = "4" }),
			input(func(i *discordgo.TextInput) { i.CustomID = "5" }), input(func(i *discordgo.TextInput) { i.CustomID = "6" })),
		"a label of 46":        open(cmd, "T", "f", input(func(i *discordgo.TextInput) { i.Label = long(46) })),
		"max_length 4001":      open(cmd, "T", "f", input(func(i *discordgo.TextInput) { i.MaxLength = 4001 })),
		"a value too long":     open(cmd, "T", "f", input(func(i *discordgo.TextInput) { i.Value = long(101) })),
		"a placeholder of 101": open(cmd, "T", "f", input(func(i *discordgo.TextInput) { i.Placeholder = long(101) })),
		"two inputs of one id": open(cmd, "T", "f", input(same), input(same)),
	} {
		if apiCode(err) != 50035 {
			t.Errorf("%s: %v, want 50035", name, err)
		}
	}
	if err := open(cmd, long(45), long(100), input(func(i *discordgo.TextInput) { i.Label, i.MaxLength, i.Value = long(45), 4000, long(4000) })); err != nil {
		t.Fatalf("a modal at the limits: %v", err)
	}
	if err := open(cmd, "T", "f", input(same)); apiCode(err) != 40060 {
		t.Errorf("a second response: %v, want 40060", err)
	}
	content := "edited"
	if _, err := dg.InteractionResponseEdit(cmd, &discordgo.WebhookEdit{Content: &content}); apiCode(err) != 10008 {
		t.Errorf("an edit of @original after a modal: %v, want 10008 (a modal makes no message)", err)
	}
	rec := s.Records(fakediscord.ForInteraction(cmd.ID, fakediscord.KindCallback))
	last := rec[len(rec)-2] // the accepted one
	if last.Status != http.StatusNoContent || last.Modal == nil || last.Modal.CustomID != long(100) || len(last.Modal.Inputs()) != 1 {
		t.Fatalf("the modal's record: %+v", last)
	}

	deferred := receive(t, s, got, fakediscord.Slash("survey", nil))
	if err := dg.InteractionRespond(deferred, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatal(err)
	}
	if err := open(deferred, "T", "f", input(same)); apiCode(err) != 40060 {
		t.Errorf("a modal after a deferral: %v, want 40060", err)
	}
	if err := open(receive(t, s, got, fakediscord.Autocomplete("survey", nil, "name")), "T", "f", input(same)); apiCode(err) != 50035 {
		t.Errorf("a modal answering autocomplete: %v, want 50035", err)
	}
	clicked := s.PostMessage(fakediscord.DefaultChannelID, fakediscord.MessageData{Content: "m", Components: buttons(button("sb:/x", false))})
	click := receive(t, s, got, fakediscord.Click("sb:/x", clicked))
	if err := open(click, "T", "f", input(same)); err != nil {
		t.Errorf("a modal answering a click: %v", err)
	}
	// Its submission carries the clicked message, which it may update.
	recs := s.Records(fakediscord.ForInteraction(click.ID, fakediscord.KindCallback))
	fromClick, err := fakediscord.Submit(*recs[len(recs)-1].Modal, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sub := receive(t, s, got, fromClick); sub.Message == nil || sub.Message.ID != clicked {
		t.Errorf("the submission of a modal opened by a click carries message %+v, want %s", sub.Message, clicked)
	} else if err := dg.InteractionRespond(sub, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "updated"}}); err != nil {
		t.Errorf("an update answering the submission of a modal opened by a click: %v", err)
	}

	m := *last.Modal
	if _, err := fakediscord.Submit(m, map[string]string{"text": ""}); err == nil {
		t.Error("a required input left empty was submitted")
	}
	if _, err := fakediscord.Submit(m, map[string]string{"text": long(4001)}); err == nil {
		t.Error("a value over max_length was submitted")
	}
	short := m
	minLen, optional := 3, false
	short.Components = []fakediscord.ModalRow{{Type: discordgo.ActionsRowComponent, Components: []fakediscord.TextInput{m.Inputs()[0]}}}
	short.Components[0].Components[0].MinLength = &minLen
	if _, err := fakediscord.Submit(short, map[string]string{"text": "ab"}); err == nil {
		t.Error("a value under min_length was submitted")
	}
	short.Components[0].Components[0].Required = &optional
	if _, err := fakediscord.Submit(short, map[string]string{"text": ""}); err != nil {
		t.Errorf("an optional input with a min_length left empty: %v", err)
	}
	if _, err := fakediscord.Submit(short, map[string]string{"text": "ab"}); err == nil {
		t.Error("a value under min_length of an optional input was submitted")
	}
	i, err := fakediscord.Submit(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	sub := receive(t, s, got, i)
	data := sub.ModalSubmitData()
	row, ok := data.Components[0].(*discordgo.ActionsRow)
	if sub.Type != discordgo.InteractionModalSubmit || data.CustomID != long(100) || !ok || row.Components[0].(*discordgo.TextInput).Value != long(4000) {
		t.Fatalf("submission %+v", data)
	}
	if err := open(sub, "T", "f", input(same)); apiCode(err) != 50035 {
		t.Errorf("a modal answering a submission: %v, want 50035", err)
	}
	if err := dg.InteractionRespond(sub, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "x"}}); apiCode(err) != 50035 {
		t.Errorf("an update answering the submission of a modal opened by a command: %v, want 50035", err)
	}
	if err := dg.InteractionRespond(sub, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "thanks"}}); err != nil {
		t.Errorf("a message answering a submission: %v", err)
	}
}

// TestDirectMessages: the DM channel is one per user; a user who closed
// DMs makes posting there fail with 50007; a forgotten one is unknown.
func TestDirectMessages(t *testing.T) {
	s := start(t, fakediscord.Options{})
	dg := session(t, s, s.Token())
	ch, err := dg.UserChannelCreate("300000000000000005")
	if err != nil || ch.Type != discordgo.ChannelTypeDM || len(ch.Recipients) != 1 || ch.Recipients[0].ID != "300000000000000005" {
		t.Fatalf("DM channel %+v, %v", ch, err)
	}
	if again, err := dg.UserChannelCreate("300000000000000005"); err != nil || again.ID != ch.ID || s.DMChannel("300000000000000005") != ch.ID {
		t.Errorf("the same user's DM channel: %+v, %v", again, err)
	}
	if _, err := dg.ChannelMessageSend(ch.ID, "hello"); err != nil {
		t.Fatal(err)
	}
	s.CloseDMs("300000000000000005")
	_, err = dg.ChannelMessageSend(ch.ID, "hello again")
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusForbidden || apiCode(err) != 50007 {
		t.Errorf("a DM to a user who closed DMs: %v, want 403 50007", err)
	}
	if msgs := s.Messages(ch.ID); len(msgs) != 1 || msgs[0].Data.Content != "hello" {
		t.Errorf("DM history %+v", msgs)
	}
	// A forgotten DM channel is unknown (10003), whatever its user accepts;
	// opening the user's DM channel again gives a new one.
	s.ForgetDMChannel("300000000000000005")
	if _, err := dg.ChannelMessageSend(ch.ID, "to a forgotten channel"); apiCode(err) != 10003 {
		t.Errorf("a DM to a forgotten channel: %v, want 10003", err)
	}
	if fresh, err := dg.UserChannelCreate("300000000000000005"); err != nil || fresh.ID == ch.ID {
		t.Errorf("the DM channel opened again: %+v, %v, want a new one", fresh, err)
	}
}

// button is a button of customID for MessageData.
func button(customID string, disabled bool) fakediscord.Button {
	return fakediscord.Button{Type: discordgo.ButtonComponent, Style: discordgo.PrimaryButton, Label: "go", CustomID: customID, Disabled: disabled}
}

// buttons is one action row of the buttons.
func buttons(b ...fakediscord.Button) []fakediscord.Row {
	return []fakediscord.Row{{Type: discordgo.ActionsRowComponent, Components: b}}
}

// TestClickNeedsButton: as on Discord, a click is only on an enabled button
// its message has now: the components a message was made with, replaced by
// an edit or an update that sends components, kept by one that does not.
func TestClickNeedsButton(t *testing.T) {
	s := start(t, fakediscord.Options{})
	dg, got := gateway(t, s)
	row := func(ids ...string) []discordgo.MessageComponent {
		var bs []discordgo.MessageComponent
		for _, id := range ids {
			bs = append(bs, discordgo.Button{Label: id, Style: discordgo.SecondaryButton, CustomID: id})
		}
		return []discordgo.MessageComponent{discordgo.ActionsRow{Components: bs}}
	}
	clicks := func(msgID string, want map[string]bool) {
		t.Helper()
		for id, ok := range want {
			_, err := s.InjectInteraction(fakediscord.Click(id, msgID))
			if ok && err != nil {
				t.Errorf("a click on %q of %s: %v", id, msgID, err)
			}
			if ok && err == nil {
				next(t, got)
			}
			if !ok && err == nil {
				t.Errorf("a click on %q of %s, which it does not have, was sent", id, msgID)
			}
		}
	}

	cmd := receive(t, s, got, fakediscord.Slash("help", nil))
	if err := dg.InteractionRespond(cmd, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "page 1", Components: row("p:2")}}); err != nil {
		t.Fatal(err)
	}
	msgID := s.Records(fakediscord.ForInteraction(cmd.ID, fakediscord.KindCallback))[0].MessageID
	clicks(msgID, map[string]bool{"p:2": true, "p:3": false})

	// An update replaces the buttons.
	click := receive(t, s, got, fakediscord.Click("p:2", msgID))
	if err := dg.InteractionRespond(click, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "page 2", Components: row("p:1", "p:3")}}); err != nil {
		t.Fatal(err)
	}
	clicks(msgID, map[string]bool{"p:1": true, "p:3": true, "p:2": false})

	// An edit without components keeps them; one with none removes them.
	content := "edited"
	if _, err := dg.InteractionResponseEdit(cmd, &discordgo.WebhookEdit{Content: &content}); err != nil {
		t.Fatal(err)
	}
	clicks(msgID, map[string]bool{"p:1": true})
	none := []discordgo.MessageComponent{}
	if _, err := dg.InteractionResponseEdit(cmd, &discordgo.WebhookEdit{Components: &none}); err != nil {
		t.Fatal(err)
	}
	clicks(msgID, map[string]bool{"p:1": false})

	// A follow-up and a channel message have the buttons they were sent with,
	// and a disabled one cannot be clicked.
	fu, err := dg.FollowupMessageCreate(cmd, true, &discordgo.WebhookParams{Content: "more", Components: row("more")})
	if err != nil {
		t.Fatal(err)
	}
	clicks(fu.ID, map[string]bool{"more": true, "p:1": false})
	posted := s.PostMessage(fakediscord.DefaultChannelID, fakediscord.MessageData{Content: "digest",
		Components: buttons(button("on", false), button("off", true))})
	clicks(posted, map[string]bool{"on": true, "off": false})
}

// TestClickInMessageChannel: as on Discord, a click on a message comes from
// the channel the message is in (a channel message's, or the channel of the
// interaction a response or follow-up answers), never from another one.
func TestClickInMessageChannel(t *testing.T) {
	s := start(t, fakediscord.Options{})
	dg, got := gateway(t, s)
	const thread, dm = "500000000000000001", "600000000000000001"
	help := []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "help", Style: discordgo.SecondaryButton, CustomID: "sb:/help"}}}}
	cmd := receive(t, s, got, fakediscord.Slash("help", nil).InThread(thread, fakediscord.DefaultChannelID))
	if err := dg.InteractionRespond(cmd, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "help", Components: help}}); err != nil {
		t.Fatal(err)
	}
	inThread := s.Records(fakediscord.ForInteraction(cmd.ID, fakediscord.KindCallback))[0].MessageID
	posted := s.PostMessage(fakediscord.DefaultChannelID, fakediscord.MessageData{Content: "digest", Components: buttons(button("sb:/help", false))})
	inDM := s.PostMessage(dm, fakediscord.MessageData{Content: "digest", Components: buttons(button("sb:/help", false))})
	elsewhere := fakediscord.Click("sb:/help", posted)
	elsewhere.Message.ChannelID = thread

	for _, tc := range []struct {
		name  string
		click fakediscord.Interaction
		ok    bool
	}{
		{"a channel message, in its channel", fakediscord.Click("sb:/help", posted), true},
		{"a channel message, from a thread", fakediscord.Click("sb:/help", posted).InThread(thread, fakediscord.DefaultChannelID), false},
		{"a channel message, from a direct message", fakediscord.Click("sb:/help", posted).InDM(dm), false},
		{"a channel message said to be elsewhere", elsewhere, false},
		{"a response, in its thread", fakediscord.Click("sb:/help", inThread).InThread(thread, fakediscord.DefaultChannelID), true},
		{"a response, from the thread's parent", fakediscord.Click("sb:/help", inThread), false},
		{"a direct message, in it", fakediscord.Click("sb:/help", inDM).InDM(dm), true},
		{"a direct message, from a channel", fakediscord.Click("sb:/help", inDM), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.InjectInteraction(tc.click)
			switch {
			case tc.ok && err != nil:
				t.Errorf("refused: %v", err)
			case tc.ok:
				next(t, got)
			case err == nil:
				t.Error("a click from another channel than the message's was sent")
			}
		})
	}
}
