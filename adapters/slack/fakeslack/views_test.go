package fakeslack

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// testClient starts a fake for the test and returns it, a slack-go client
// of it with the bot and app tokens, and a context that ends with the test
// or after 10 seconds.
func testClient(t *testing.T) (*Server, *slack.Client, context.Context) {
	t.Helper()
	fs := New()
	t.Cleanup(fs.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return fs, slack.New(BotToken, slack.OptionAPIURL(fs.APIURL()), slack.OptionAppLevelToken(AppToken)), ctx
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

// form is a valid modal with a text input "name" and a select "colour".
func form() slack.ModalViewRequest {
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, "value",
		slack.NewOptionBlockObject("red", plain("red"), nil), slack.NewOptionBlockObject("blue", plain("blue"), nil))
	colour := slack.NewInputBlock("colour", plain("Colour"), nil, sel)
	colour.Optional = true
	return slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain("A form"), Submit: plain("Send"), Close: plain("Cancel"),
		CallbackID: "cb", PrivateMetadata: "meta",
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(plain("Fill this in"), nil, nil),
			slack.NewInputBlock("name", plain("Name"), nil, &slack.PlainTextInputBlockElement{Type: slack.METPlainTextInput, ActionID: "value", MaxLength: 5}),
			colour,
		}},
	}
}

func slackError(err error) string {
	var e slack.SlackErrorResponse
	if errors.As(err, &e) {
		return e.Err + " " + strings.Join(e.ResponseMetadata.Messages, " ")
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestViewsOpenExchangesATriggerOnce(t *testing.T) {
	fs, api, ctx := testClient(t)
	if _, err := api.OpenViewContext(ctx, "1.2.3", form()); slackError(err) != "invalid_trigger_id " {
		t.Errorf("an unknown trigger: %v", err)
	}
	tr := fs.Trigger("U1")
	res, err := api.OpenViewContext(ctx, tr, form())
	if err != nil || res.View.ID == "" || res.View.CallbackID != "cb" || res.View.PrivateMetadata != "meta" {
		t.Fatalf("views.open = %+v, %v", res, err)
	}
	if _, err := api.OpenViewContext(ctx, tr, form()); slackError(err) != "exchanged_trigger_id " {
		t.Errorf("a used trigger: %v", err)
	}
	fs.SetTriggerLife(time.Millisecond)
	old := fs.Trigger("U1")
	time.Sleep(5 * time.Millisecond)
	if _, err := api.OpenViewContext(ctx, old, form()); slackError(err) != "expired_trigger_id " {
		t.Errorf("an old trigger: %v", err)
	}
	vs := fs.Views()
	if len(vs) != 1 || vs[0].ID != res.View.ID || vs[0].User != "U1" || vs[0].Title != "A form" || !fs.Open(vs[0].ID) {
		t.Errorf("views %v", vs)
	}
}

func TestViewsOpenKeepsSlacksLimits(t *testing.T) {
	input := func(v *slack.ModalViewRequest) *slack.PlainTextInputBlockElement {
		return v.Blocks.BlockSet[1].(*slack.InputBlock).Element.(*slack.PlainTextInputBlockElement)
	}
	sel := func(v *slack.ModalViewRequest) *slack.SelectBlockElement {
		return v.Blocks.BlockSet[2].(*slack.InputBlock).Element.(*slack.SelectBlockElement)
	}
	tests := []struct {
		name, pointer string
		change        func(v *slack.ModalViewRequest)
	}{
		{"title of 25", "/view/title/text", func(v *slack.ModalViewRequest) { v.Title = plain(strings.Repeat("t", 25)) }},
		{"no title", "/view/title", func(v *slack.ModalViewRequest) { v.Title = nil }},
		{"submit of 25", "/view/submit/text", func(v *slack.ModalViewRequest) { v.Submit = plain(strings.Repeat("s", 25)) }},
		{"inputs without submit", "/view/blocks/0/input", func(v *slack.ModalViewRequest) { v.Submit = nil }},
		{"close of 25", "/view/close/text", func(v *slack.ModalViewRequest) { v.Close = plain(strings.Repeat("c", 25)) }},
		{"callback_id of 256", "/view/callback_id", func(v *slack.ModalViewRequest) { v.CallbackID = strings.Repeat("c", 256) }},
		{"private_metadata of 3001", "/view/private_metadata", func(v *slack.ModalViewRequest) { v.PrivateMetadata = strings.Repeat("m", 3001) }},
		{"101 blocks", "/view/blocks", func(v *slack.ModalViewRequest) {
			for len(v.Blocks.BlockSet) < 101 {
				v.Blocks.BlockSet = append(v.Blocks.BlockSet, slack.NewDividerBlock())
			}
		}},
		{"a repeated block id", "/view/blocks/3/block_id", func(v *slack.ModalViewRequest) {
			v.Blocks.BlockSet[0].(*slack.SectionBlock).BlockID = "x"
			s := slack.NewSectionBlock(plain("again"), nil, nil)
			s.BlockID = "x"
			v.Blocks.BlockSet = append(v.Blocks.BlockSet, s)
		}},
		{"label of 2001", "/view/blocks/1/label/text", func(v *slack.ModalViewRequest) {
			v.Blocks.BlockSet[1].(*slack.InputBlock).Label = plain(strings.Repeat("l", 2001))
		}},
		{"a mrkdwn label", "/view/blocks/1/label/type", func(v *slack.ModalViewRequest) {
			v.Blocks.BlockSet[1].(*slack.InputBlock).Label = slack.NewTextBlockObject(slack.MarkdownType, "*x*", false, false)
		}},
		{"placeholder of 151", "/view/blocks/1/element/placeholder/text", func(v *slack.ModalViewRequest) { input(v).Placeholder = plain(strings.Repeat("p", 151)) }},
		{"max_length of 3001", "/view/blocks/1/element/max_length", func(v *slack.ModalViewRequest) { input(v).MaxLength = 3001 }},
		{"initial_value over max_length", "/view/blocks/1/element/initial_value", func(v *slack.ModalViewRequest) { input(v).InitialValue = "toolong" }},
		{"101 options", "/view/blocks/2/element/options", func(v *slack.ModalViewRequest) {
			for len(sel(v).Options) < 101 {
				sel(v).Options = append(sel(v).Options, slack.NewOptionBlockObject("o", plain("o"), nil))
			}
		}},
		{"option of 76", "/view/blocks/2/element/options/0/text/text", func(v *slack.ModalViewRequest) { sel(v).Options[0].Text = plain(strings.Repeat("o", 76)) }},
		{"initial option not offered", "/view/blocks/2/element/initial_option", func(v *slack.ModalViewRequest) {
			sel(v).InitialOption = slack.NewOptionBlockObject("green", plain("green"), nil)
		}},
		{"an unknown element", "/view/blocks/1/element/type", func(v *slack.ModalViewRequest) {
			v.Blocks.BlockSet[1].(*slack.InputBlock).Element = slack.NewDatePickerBlockElement("value")
		}},
	}
	fs, api, ctx := testClient(t)
	for _, tt := range tests {
		v := form()
		tt.change(&v)
		tr := fs.Trigger("U1")
		_, err := api.OpenViewContext(ctx, tr, v)
		if got := slackError(err); !strings.HasPrefix(got, "invalid_arguments ") || !strings.Contains(got, "[json-pointer:"+tt.pointer+"]") {
			t.Errorf("%s: %q, want invalid_arguments at %s", tt.name, got, tt.pointer)
		}
		if _, err := api.OpenViewContext(ctx, tr, form()); err != nil {
			t.Errorf("%s: a refused view used the trigger up: %v", tt.name, err)
		}
	}
}

func TestViewSubmissionAndResponses(t *testing.T) {
	fs, api, ctx := testClient(t)
	res, err := api.OpenViewContext(ctx, fs.Trigger("U1"), form())
	if err != nil {
		t.Fatal(err)
	}
	id := res.View.ID
	for name, values := range map[string]map[string]string{
		"a required input left empty": {"colour": "red"},
		"a text over max_length":      {"name": "toolong"},
		"a value no option has":       {"name": "Ana", "colour": "green"},
		"an unknown block":            {"name": "Ana", "age": "3"},
	} {
		if _, err := fs.ViewSubmission(id, values); err == nil {
			t.Errorf("%s: submitted", name)
		}
	}
	payload, err := fs.ViewSubmission(id, map[string]string{"name": "Ana", "colour": "blue"})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(payload)
	var cb slack.InteractionCallback
	if err := json.Unmarshal(raw, &cb); err != nil {
		t.Fatal(err)
	}
	if cb.Type != slack.InteractionTypeViewSubmission || cb.User.ID != "U1" || cb.View.ID != id || cb.View.PrivateMetadata != "meta" ||
		cb.View.State.Values["name"]["value"].Value != "Ana" || cb.View.State.Values["colour"]["value"].SelectedOption.Value != "blue" ||
		len(cb.View.Blocks.BlockSet) != 3 {
		t.Errorf("the payload as slack-go reads it: %+v", cb)
	}
	if _, err := api.OpenViewContext(ctx, cb.TriggerID, form()); err != nil {
		t.Errorf("the submission's trigger: %v", err)
	}

	for name, body := range map[string]string{
		"errors on a section":       `{"response_action":"errors","errors":{"":"x"}}`,
		"errors on no block":        `{"response_action":"errors","errors":{"age":"x"}}`,
		"no errors":                 `{"response_action":"errors","errors":{}}`,
		"an empty error":            `{"response_action":"errors","errors":{"name":" "}}`,
		"an unknown action":         `{"response_action":"close"}`,
		"an update breaking limits": `{"response_action":"update","view":{"type":"modal","title":{"type":"plain_text","text":"` + strings.Repeat("t", 25) + `"},"blocks":[]}}`,
		"not JSON":                  `ok`,
	} {
		if _, err := fs.ApplyViewResponse(id, []byte(body)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	out, err := fs.ApplyViewResponse(id, []byte(`{"response_action":"errors","errors":{"name":"Too short."}}`))
	if err != nil || out.Action != "errors" || out.Errors["name"] != "Too short." || !fs.Open(id) {
		t.Errorf("errors: %+v, %v", out, err)
	}
	next, _ := json.Marshal(slack.NewPushViewSubmissionResponse(func() *slack.ModalViewRequest { v := form(); return &v }()))
	var pushed []string
	for range 2 {
		out, err := fs.ApplyViewResponse(id, next)
		if err != nil || out.Action != "push" || out.View.ID == id {
			t.Fatalf("push: %+v, %v", out, err)
		}
		id = out.View.ID
		pushed = append(pushed, id)
	}
	if _, err := fs.ApplyViewResponse(id, next); err == nil || !strings.Contains(err.Error(), "push_limit_reached") {
		t.Errorf("a fourth view: %v", err)
	}
	if out, err := fs.ApplyViewResponse(id, nil); err != nil || out.Action != "close" || fs.Open(pushed[1]) || !fs.Open(pushed[0]) {
		t.Errorf("an empty answer closes the shown view only: %+v, %v", out, err)
	}
	if out, err := fs.ApplyViewResponse(pushed[0], []byte(`{"response_action":"clear"}`)); err != nil || out.Action != "clear" || fs.Open(pushed[0]) || fs.Open(res.View.ID) {
		t.Errorf("clear: %+v, %v", out, err)
	}
	if _, err := fs.ViewSubmission(res.View.ID, nil); err == nil {
		t.Error("a closed view submitted")
	}
}

// submitted returns the values of a view_submission payload by block id,
// as slack-go reads them.
func submitted(t *testing.T, payload map[string]any) map[string]string {
	t.Helper()
	raw, _ := json.Marshal(payload)
	var cb slack.InteractionCallback
	if err := json.Unmarshal(raw, &cb); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for block, actions := range cb.View.State.Values {
		for _, a := range actions {
			out[block] = a.Value + a.SelectedOption.Value
		}
	}
	return out
}

func TestViewKeepsWhatTheUserEntered(t *testing.T) {
	fs, api, ctx := testClient(t)
	v := form()
	v.Blocks.BlockSet[1].(*slack.InputBlock).Element.(*slack.PlainTextInputBlockElement).InitialValue = "Al"
	res, err := api.OpenViewContext(ctx, fs.Trigger("U1"), v)
	if err != nil {
		t.Fatal(err)
	}
	id := res.View.ID
	submit := func(values map[string]string) map[string]string {
		t.Helper()
		p, err := fs.ViewSubmission(id, values)
		if err != nil {
			t.Fatal(err)
		}
		return submitted(t, p)
	}
	apply := func(body any) Outcome {
		t.Helper()
		raw, _ := json.Marshal(body)
		out, err := fs.ApplyViewResponse(id, raw)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := submit(nil); got["name"] != "Al" || got["colour"] != "" {
		t.Errorf("first submission %v, want the initial values", got)
	}
	submit(map[string]string{"name": "Ana", "colour": "blue"})
	apply(slack.NewErrorsViewSubmissionResponse(map[string]string{"name": "Too short."}))
	if got := submit(map[string]string{"name": "Anna"}); got["name"] != "Anna" || got["colour"] != "blue" {
		t.Errorf("after errors %v, want the colour chosen before kept", got)
	}

	// An update keeps the inputs of the same block_id and action_id, not
	// its own initial value; the colour's new action_id starts afresh.
	next := form()
	next.Blocks.BlockSet[1].(*slack.InputBlock).Element.(*slack.PlainTextInputBlockElement).InitialValue = "Zed"
	next.Blocks.BlockSet[2].(*slack.InputBlock).Element.(*slack.SelectBlockElement).ActionID = "other"
	apply(slack.NewUpdateViewSubmissionResponse(&next))
	if got := submit(nil); got["name"] != "Anna" || got["colour"] != "" {
		t.Errorf("after an update %v, want the name kept and no colour", got)
	}

	pushed := apply(slack.NewPushViewSubmissionResponse(func() *slack.ModalViewRequest { v := form(); return &v }()))
	p, err := fs.ViewSubmission(pushed.View.ID, nil)
	if err == nil {
		t.Errorf("a pushed view starts with what was typed below it: %v", submitted(t, p))
	}
	if _, err := fs.ApplyViewResponse(pushed.View.ID, nil); err != nil {
		t.Fatal(err)
	}
	if got := submit(nil); got["name"] != "Anna" {
		t.Errorf("back from a pushed view %v, want the name still there", got)
	}
	apply(slack.NewClearViewSubmissionResponse())
	res, err = api.OpenViewContext(ctx, fs.Trigger("U1"), v)
	if err != nil {
		t.Fatal(err)
	}
	id = res.View.ID
	if got := submit(nil); got["name"] != "Al" {
		t.Errorf("a new modal %v, want its initial values", got)
	}
}

func TestConversationsOpen(t *testing.T) {
	fs, api, ctx := testClient(t)
	ch, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1"}, ReturnIM: true})
	if err != nil || ch.ID != "DU1" {
		t.Errorf("conversations.open = %+v, %v", ch, err)
	}
	if _, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{}); err == nil {
		t.Error("no users accepted")
	}
	// A forgotten DM channel takes no posts; opening it again gives a new one.
	fs.ForgetDMChannel("U1")
	if _, _, err := api.PostMessageContext(ctx, "DU1", slack.MsgOptionText("hi", false)); slackError(err) != "channel_not_found " {
		t.Errorf("a post to a forgotten DM channel: %v, want channel_not_found", err)
	}
	ch, _, _, err = api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1"}, ReturnIM: true})
	if err != nil || ch.ID == "DU1" || ch.ID != fs.DMChannel("U1") {
		t.Fatalf("conversations.open after forgetting = %+v, %v, want a new channel", ch, err)
	}
	if _, _, err := api.PostMessageContext(ctx, ch.ID, slack.MsgOptionText("hi", false)); err != nil {
		t.Errorf("a post to the new DM channel: %v", err)
	}
}

func TestViewsOpenRefusesABodyItCannotRead(t *testing.T) {
	fs, api, ctx := testClient(t)
	big := form()
	big.PrivateMetadata = strings.Repeat("x", 300<<10)
	if _, err := api.OpenViewContext(ctx, fs.Trigger("U1"), big); slackError(err) != "view_too_large " {
		t.Errorf("a view over 250 KB: %v", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fs.APIURL()+"views.open", strings.NewReader(`{"trigger_id":`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+BotToken)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil || got.OK || got.Error != "invalid_json" {
		t.Errorf("a body that is not JSON: %+v, %v", got, err)
	}
}
