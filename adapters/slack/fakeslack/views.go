package fakeslack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// TriggerLife is how long a trigger id can open a view: Slack gives three
// seconds.
const TriggerLife = 3 * time.Second

// Limits of a modal that views.open and response actions check, as Slack's
// documentation gives them.
const (
	maxViewBlocks      = 100
	maxViewTitle       = 24 // title, submit and close texts
	maxCallbackID      = 255
	maxPrivateMetadata = 3000
	maxBlockID         = 255
	maxActionID        = 255
	maxLabel           = 2000 // label and hint of an input block
	maxPlaceholder     = 150
	maxInputLength     = 3000 // max_length and min_length of a plain_text_input
	maxOptions         = 100
	maxOptionText      = 75
	maxOptionValue     = 150
	maxViewStack       = 3
)

// View is one view the fake showed a user: opened with views.open, or put
// in place by a response action (update, push) to a view submission.
type View struct {
	ID     string
	RootID string // the modal's first view
	User   string // whose trigger opened the modal
	// Via is "views.open", "update" or "push".
	Via             string
	TriggerID       string // the trigger views.open used; "" for update and push
	CallbackID      string
	PrivateMetadata string
	Title           string
	Submit          string
	Blocks          json.RawMessage
	raw             json.RawMessage // the view object as sent
	At              time.Time
}

// String shows the view with its blocks, for test failures.
func (v View) String() string {
	return fmt.Sprintf("view %s (%s) user=%s title=%q callback_id=%q private_metadata=%q blocks=%s",
		v.ID, v.Via, v.User, v.Title, v.CallbackID, v.PrivateMetadata, v.Blocks)
}

// Outcome is what a response to a view submission did to the modal, as
// ApplyViewResponse reads it.
type Outcome struct {
	// Action is "close" (an empty answer: the submitted view closes),
	// "clear" (the whole modal closes), "errors", "update" or "push".
	Action string
	Errors map[string]string // by block id, for "errors"
	View   View              // the view now shown, for "update" and "push"
}

type trigger struct {
	user string
	at   time.Time
	used bool
}

// modal is a stack of views open for one user, the last one shown.
type modal struct {
	user  string
	stack []View
	// typed holds, by view id, what the user last submitted in each view
	// of the stack, by block id: Slack keeps it in the view while the view
	// stays (its errors shown, another view pushed above it), and in an
	// update of it for the inputs of the same block_id and action_id.
	typed map[string]map[string]typedInput
}

// typedInput is what the user entered in one input block.
type typedInput struct {
	actionID, elType, value string
}

// Trigger returns a new trigger id for an interaction of the user, as Slack
// puts in a slash command, a shortcut, a button click or a view
// submission. It opens one view within TriggerLife.
func (s *Server) Trigger(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.triggerLocked(userID)
}

func (s *Server) triggerLocked(userID string) string {
	s.triggerSeq++
	id := fmt.Sprintf("%d.%d.%08x", 1700000000+s.triggerSeq, s.triggerSeq*7919, s.triggerSeq*2654435761)
	s.triggers[id] = &trigger{user: userID, at: time.Now()}
	return id
}

// Views returns every view shown so far, in order.
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]View(nil), s.views...)
}

// WaitViews waits until at least n views were shown and returns them all.
func (s *Server) WaitViews(ctx context.Context, n int) ([]View, error) {
	if err := s.wait(ctx, func() bool { return len(s.views) >= n }); err != nil {
		return s.Views(), fmt.Errorf("wait for %d views: %w", n, err)
	}
	return s.Views(), nil
}

// viewError is a views.open refusal: the error code and Slack's messages.
type viewError struct {
	code     string
	messages []string
}

// serveViewsOpen answers views.open (a JSON body: trigger_id and view).
func (s *Server) serveViewsOpen(w http.ResponseWriter, r *http.Request) {
	var req struct {
		TriggerID string          `json:"trigger_id"`
		View      json.RawMessage `json:"view"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 250<<10)).Decode(&req); err != nil {
		code := "invalid_json"
		if _, tooLarge := errors.AsType[*http.MaxBytesError](err); tooLarge {
			code = "view_too_large"
		}
		writeJSON(w, map[string]any{"ok": false, "error": code})
		return
	}
	s.mu.Lock()
	v, verr := s.openLocked(req.TriggerID, req.View)
	s.mu.Unlock()
	if verr != nil {
		writeViewError(w, verr)
		return
	}
	writeJSON(w, map[string]any{"ok": true, "view": s.viewObject(v, nil)})
}

func writeViewError(w http.ResponseWriter, e *viewError) {
	res := map[string]any{"ok": false, "error": e.code}
	if len(e.messages) > 0 {
		res["response_metadata"] = map[string]any{"messages": e.messages}
	}
	writeJSON(w, res)
}

// openLocked exchanges a trigger for a new modal showing the view.
func (s *Server) openLocked(triggerID string, raw json.RawMessage) (View, *viewError) {
	t := s.triggers[triggerID]
	switch {
	case t == nil:
		return View{}, &viewError{code: "invalid_trigger_id"}
	case t.used:
		return View{}, &viewError{code: "exchanged_trigger_id"}
	case time.Since(t.at) > s.triggerLife:
		return View{}, &viewError{code: "expired_trigger_id"}
	}
	v, msgs := parseView(raw, "/view")
	if len(msgs) > 0 {
		return View{}, &viewError{code: "invalid_arguments", messages: msgs}
	}
	t.used = true
	v.ID, v.User, v.Via, v.TriggerID, v.At = s.nextViewIDLocked(), t.user, "views.open", triggerID, time.Now()
	v.RootID = v.ID
	s.modals[v.ID] = &modal{user: t.user, stack: []View{v}, typed: map[string]map[string]typedInput{}}
	s.views = append(s.views, v)
	s.notifyLocked()
	return v, nil
}

func (s *Server) nextViewIDLocked() string {
	s.viewSeq++
	return "V" + strconv.Itoa(s.viewSeq)
}

// modalOfLocked returns the modal whose shown view has the id: s.modals
// is keyed by each modal's shown view.
func (s *Server) modalOfLocked(viewID string) (*modal, error) {
	if m, ok := s.modals[viewID]; ok {
		return m, nil
	}
	return nil, fmt.Errorf("no modal shows view %s", viewID)
}

// ViewSubmission returns the view_submission payload Slack sends when the
// user submits the shown view viewID with the given values, by block id:
// the text of a plain_text_input, the value of a static_select's option.
// Like Slack's client it refuses a submission that leaves a required input
// empty, a text over the input's max_length or under its min_length, or a
// value that is none of a select's options. An input not in values holds
// what the user submitted in it before, while the view stays shown (Slack
// keeps it, its errors shown), else its initial value. The payload
// carries a new trigger id, as Slack's does.
func (s *Server) ViewSubmission(viewID string, values map[string]string) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.modalOfLocked(viewID)
	if err != nil {
		return nil, fmt.Errorf("view submission: %w", err)
	}
	v := m.stack[len(m.stack)-1]
	var blocks []blockJSON
	if err := json.Unmarshal(v.Blocks, &blocks); err != nil {
		return nil, fmt.Errorf("view submission: %w", err)
	}
	state := map[string]any{}
	known := map[string]bool{}
	typed := map[string]typedInput{}
	for _, b := range blocks {
		if b.Type != "input" || b.Element == nil {
			continue
		}
		known[b.BlockID] = true
		val, given := values[b.BlockID]
		before, kept := m.typed[v.ID][b.BlockID]
		switch {
		case given:
		case kept:
			val = before.value
		case b.Element.InitialValue != nil:
			val = *b.Element.InitialValue
		case b.Element.InitialOption != nil:
			val = b.Element.InitialOption.Value
		}
		if val == "" && !b.Optional {
			return nil, fmt.Errorf("view submission: the required input %q is empty", b.BlockID)
		}
		el := b.Element
		entry := map[string]any{"type": el.Type}
		switch el.Type {
		case "plain_text_input":
			n := utf8.RuneCountInString(val)
			if el.MaxLength != nil && n > *el.MaxLength || el.MinLength != nil && val != "" && n < *el.MinLength {
				return nil, fmt.Errorf("view submission: %q is %d characters, outside the input's limits", b.BlockID, n)
			}
			entry["value"] = nil
			if val != "" {
				entry["value"] = val
			}
		case "static_select":
			entry["selected_option"] = nil
			if val != "" {
				opt := findOption(el.Options, val)
				if opt == nil {
					return nil, fmt.Errorf("view submission: %q is none of the options of %q", val, b.BlockID)
				}
				entry["selected_option"] = opt
			}
		}
		state[b.BlockID] = map[string]any{el.ActionID: entry}
		typed[b.BlockID] = typedInput{actionID: el.ActionID, elType: el.Type, value: val}
	}
	for id := range values {
		if !known[id] {
			return nil, fmt.Errorf("view submission: the view has no input block %q", id)
		}
	}
	m.typed[v.ID] = typed
	return map[string]any{
		"type": "view_submission", "token": "", "api_app_id": AppID, "is_enterprise_install": false, "enterprise": nil,
		"team":          map[string]any{"id": TeamID, "domain": "fake"},
		"user":          map[string]any{"id": m.user, "username": strings.ToLower(m.user), "name": strings.ToLower(m.user), "team_id": TeamID},
		"trigger_id":    s.triggerLocked(m.user),
		"view":          s.viewObject(v, map[string]any{"values": state}),
		"response_urls": []any{},
	}, nil
}

// viewObject is the view as Slack describes it in answers and payloads.
func (s *Server) viewObject(v View, state map[string]any) map[string]any {
	var obj map[string]any
	_ = json.Unmarshal(v.raw, &obj)
	if state == nil {
		state = map[string]any{"values": map[string]any{}}
	}
	for k, x := range map[string]any{
		"id": v.ID, "team_id": TeamID, "state": state, "hash": v.At.Format("20060102150405.000000"),
		"root_view_id": v.RootID, "previous_view_id": nil, "app_id": AppID, "bot_id": BotID,
		"app_installed_team_id": TeamID, "external_id": "", "clear_on_close": false, "notify_on_close": false,
		"private_metadata": v.PrivateMetadata, "callback_id": v.CallbackID,
	} {
		obj[k] = x
	}
	return obj
}

// ApplyViewResponse does to the modal showing viewID what Slack does with
// the app's answer to its submission: the HTTP response body, or the
// payload of the Socket Mode acknowledgement (empty: the view closes). It
// refuses, as Slack does (the user then sees an error in the modal), an
// answer that is not JSON, an unknown response_action, errors that name no
// input block of the view or are empty, and an update or push whose view
// breaks the limits of views.open or would stack more than three views.
func (s *Server) ApplyViewResponse(viewID string, body []byte) (Outcome, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.modalOfLocked(viewID)
	if err != nil {
		return Outcome{}, fmt.Errorf("apply view response: %w", err)
	}
	if len(strings.TrimSpace(string(body))) == 0 || string(body) == "null" {
		s.popLocked(m)
		return Outcome{Action: "close"}, nil
	}
	var res struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
		View           json.RawMessage   `json:"view"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return Outcome{}, fmt.Errorf("apply view response: not JSON: %w", err)
	}
	top := m.stack[len(m.stack)-1]
	switch res.ResponseAction {
	case "clear":
		for len(m.stack) > 0 {
			s.popLocked(m)
		}
		return Outcome{Action: "clear"}, nil
	case "errors":
		if len(res.Errors) == 0 {
			return Outcome{}, errors.New("apply view response: errors without any error")
		}
		inputs := inputBlockIDs(top.Blocks)
		for id, msg := range res.Errors {
			if !inputs[id] {
				return Outcome{}, fmt.Errorf("apply view response: an error for %q, which is no input block of the view", id)
			}
			if strings.TrimSpace(msg) == "" {
				return Outcome{}, fmt.Errorf("apply view response: an empty error for %q", id)
			}
		}
		return Outcome{Action: "errors", Errors: res.Errors}, nil
	case "update", "push":
		v, msgs := parseView(res.View, "/view")
		if len(msgs) > 0 {
			return Outcome{}, fmt.Errorf("apply view response: %s: invalid view: %s", res.ResponseAction, strings.Join(msgs, "; "))
		}
		v.User, v.Via, v.RootID, v.At = m.user, res.ResponseAction, top.RootID, time.Now()
		if res.ResponseAction == "update" {
			v.ID = top.ID
			m.stack[len(m.stack)-1] = v
			m.typed[v.ID] = keptInputs(m.typed[v.ID], v.Blocks)
		} else {
			if len(m.stack) >= maxViewStack {
				return Outcome{}, errors.New("apply view response: push_limit_reached")
			}
			v.ID = s.nextViewIDLocked()
			m.stack = append(m.stack, v)
			delete(s.modals, top.ID)
			s.modals[v.ID] = m
		}
		s.views = append(s.views, v)
		s.notifyLocked()
		return Outcome{Action: res.ResponseAction, View: v}, nil
	default:
		return Outcome{}, fmt.Errorf("apply view response: unknown response_action %q", res.ResponseAction)
	}
}

// keptInputs is what an update of a view keeps of what the user entered
// in it: the inputs the new blocks have with the same block_id, action_id
// and element type.
func keptInputs(typed map[string]typedInput, blocks json.RawMessage) map[string]typedInput {
	var bs []blockJSON
	_ = json.Unmarshal(blocks, &bs)
	kept := map[string]typedInput{}
	for _, b := range bs {
		if in, ok := typed[b.BlockID]; ok && b.Type == "input" && b.Element != nil &&
			b.Element.ActionID == in.actionID && b.Element.Type == in.elType {
			kept[b.BlockID] = in
		}
	}
	return kept
}

// popLocked closes the shown view of a modal.
func (s *Server) popLocked(m *modal) {
	top := m.stack[len(m.stack)-1]
	delete(s.modals, top.ID)
	delete(m.typed, top.ID)
	m.stack = m.stack[:len(m.stack)-1]
	if len(m.stack) > 0 {
		s.modals[m.stack[len(m.stack)-1].ID] = m
	}
	s.notifyLocked()
}

// Open reports whether a modal shows the view.
func (s *Server) Open(viewID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.modalOfLocked(viewID)
	return err == nil
}

// textJSON is a text object.
type textJSON struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type optionJSON struct {
	Text  *textJSON `json:"text"`
	Value string    `json:"value"`
}

type elementJSON struct {
	Type          string        `json:"type"`
	ActionID      string        `json:"action_id"`
	Placeholder   *textJSON     `json:"placeholder"`
	InitialValue  *string       `json:"initial_value"`
	Multiline     bool          `json:"multiline"`
	MinLength     *int          `json:"min_length"`
	MaxLength     *int          `json:"max_length"`
	Options       []*optionJSON `json:"options"`
	InitialOption *optionJSON   `json:"initial_option"`
}

type blockJSON struct {
	Type     string            `json:"type"`
	BlockID  string            `json:"block_id"`
	Text     *textJSON         `json:"text"`
	Fields   []textJSON        `json:"fields"`
	Label    *textJSON         `json:"label"`
	Hint     *textJSON         `json:"hint"`
	Optional bool              `json:"optional"`
	Element  *elementJSON      `json:"element"`
	Elements []json.RawMessage `json:"elements"`
}

func findOption(opts []*optionJSON, value string) *optionJSON {
	for _, o := range opts {
		if o != nil && o.Value == value {
			return o
		}
	}
	return nil
}

func inputBlockIDs(raw json.RawMessage) map[string]bool {
	var blocks []blockJSON
	_ = json.Unmarshal(raw, &blocks)
	ids := map[string]bool{}
	for _, b := range blocks {
		if b.Type == "input" && b.BlockID != "" {
			ids[b.BlockID] = true
		}
	}
	return ids
}

// parseView checks a modal view object against Slack's limits, returning
// it and Slack-style messages for what it breaks ("[ERROR] ...
// [json-pointer:/view/title/text]").
func parseView(raw json.RawMessage, at string) (View, []string) {
	var v struct {
		Type            string            `json:"type"`
		Title           *textJSON         `json:"title"`
		Submit          *textJSON         `json:"submit"`
		Close           *textJSON         `json:"close"`
		Blocks          []json.RawMessage `json:"blocks"`
		PrivateMetadata string            `json:"private_metadata"`
		CallbackID      string            `json:"callback_id"`
		ExternalID      string            `json:"external_id"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return View{}, []string{"[ERROR] " + err.Error() + " [json-pointer:" + at + "]"}
	}
	c := &checker{}
	if v.Type != "modal" {
		c.fail(at+"/type", "must be modal")
	}
	c.plain(at+"/title", v.Title, maxViewTitle, true)
	c.plain(at+"/submit", v.Submit, maxViewTitle, false)
	c.plain(at+"/close", v.Close, maxViewTitle, false)
	c.length(at+"/callback_id", v.CallbackID, maxCallbackID)
	c.length(at+"/private_metadata", v.PrivateMetadata, maxPrivateMetadata)
	c.length(at+"/external_id", v.ExternalID, maxCallbackID)
	if len(v.Blocks) > maxViewBlocks {
		c.fail(at+"/blocks", fmt.Sprintf("must provide no more than %d items", maxViewBlocks))
	}
	ids := map[string]bool{}
	inputs := 0
	for i, rb := range v.Blocks {
		p := at + "/blocks/" + strconv.Itoa(i)
		var b blockJSON
		if err := json.Unmarshal(rb, &b); err != nil {
			c.fail(p, err.Error())
			continue
		}
		if b.BlockID != "" {
			if ids[b.BlockID] {
				c.fail(p+"/block_id", "must be unique")
			}
			ids[b.BlockID] = true
			c.length(p+"/block_id", b.BlockID, maxBlockID)
		}
		switch b.Type {
		case "section":
			if b.Text == nil && len(b.Fields) == 0 {
				c.fail(p, "must provide text or fields")
			}
			if b.Text != nil && (b.Text.Text == "" || utf8.RuneCountInString(b.Text.Text) > 3000) {
				c.fail(p+"/text", "must be between 1 and 3000 characters")
			}
		case "header":
			c.plain(p+"/text", b.Text, 150, true)
		case "divider", "context":
		case "input":
			inputs++
			c.plain(p+"/label", b.Label, maxLabel, true)
			c.plain(p+"/hint", b.Hint, maxLabel, false)
			c.element(p+"/element", b.Element)
		default:
			c.fail(p+"/type", "unsupported block type "+strconv.Quote(b.Type))
		}
	}
	if inputs > 0 && v.Submit == nil {
		c.fail(at+"/blocks/0/input", "must define submit to use an input block in modals")
	}
	var blocks json.RawMessage
	if len(v.Blocks) > 0 {
		blocks, _ = json.Marshal(v.Blocks)
	}
	out := View{CallbackID: v.CallbackID, PrivateMetadata: v.PrivateMetadata, Blocks: blocks, raw: raw}
	if v.Title != nil {
		out.Title = v.Title.Text
	}
	if v.Submit != nil {
		out.Submit = v.Submit.Text
	}
	return out, c.msgs
}

// checker collects what a view breaks.
type checker struct{ msgs []string }

func (c *checker) fail(at, msg string) {
	c.msgs = append(c.msgs, "[ERROR] "+msg+" [json-pointer:"+at+"]")
}

func (c *checker) length(at, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		c.fail(at, fmt.Sprintf("must be no more than %d characters", max))
	}
}

// plain checks a plain_text object of at most max characters.
func (c *checker) plain(at string, t *textJSON, max int, required bool) {
	switch {
	case t == nil:
		if required {
			c.fail(at, "is required")
		}
	case t.Type != "plain_text":
		c.fail(at+"/type", "must be plain_text")
	case strings.TrimSpace(t.Text) == "":
		c.fail(at+"/text", "must be more than 0 characters")
	default:
		c.length(at+"/text", t.Text, max)
	}
}

func (c *checker) element(at string, e *elementJSON) {
	if e == nil {
		c.fail(at, "is required")
		return
	}
	c.length(at+"/action_id", e.ActionID, maxActionID)
	c.plain(at+"/placeholder", e.Placeholder, maxPlaceholder, false)
	switch e.Type {
	case "plain_text_input":
		limit := maxInputLength
		if e.MaxLength != nil {
			if *e.MaxLength < 1 || *e.MaxLength > maxInputLength {
				c.fail(at+"/max_length", fmt.Sprintf("must be between 1 and %d", maxInputLength))
			}
			limit = *e.MaxLength
		}
		if e.MinLength != nil && (*e.MinLength < 0 || *e.MinLength > limit) {
			c.fail(at+"/min_length", "must be between 0 and max_length")
		}
		// Slack's documentation gives no rule for an initial_value over
		// max_length; a user could not submit it, so the fake refuses it.
		if e.InitialValue != nil && utf8.RuneCountInString(*e.InitialValue) > limit {
			c.fail(at+"/initial_value", fmt.Sprintf("must be no more than %d characters", limit))
		}
	case "static_select":
		if len(e.Options) == 0 || len(e.Options) > maxOptions {
			c.fail(at+"/options", fmt.Sprintf("must provide between 1 and %d items", maxOptions))
		}
		for i, o := range e.Options {
			p := at + "/options/" + strconv.Itoa(i)
			if o == nil {
				c.fail(p, "is required")
				continue
			}
			c.plain(p+"/text", o.Text, maxOptionText, true)
			if o.Value == "" || utf8.RuneCountInString(o.Value) > maxOptionValue {
				c.fail(p+"/value", fmt.Sprintf("must be between 1 and %d characters", maxOptionValue))
			}
		}
		if e.InitialOption != nil {
			if o := findOption(e.Options, e.InitialOption.Value); o == nil || o.Text == nil || e.InitialOption.Text == nil || o.Text.Text != e.InitialOption.Text.Text {
				c.fail(at+"/initial_option", "must match one of the options")
			}
		}
	default:
		c.fail(at+"/type", "unsupported element type "+strconv.Quote(e.Type))
	}
}

// serveConversationsOpen answers conversations.open for one user: the id
// of the direct message channel with the bot, "D" + the user id.
func (s *Server) serveConversationsOpen(w http.ResponseWriter, r *http.Request) {
	users := strings.Split(r.PostFormValue("users"), ",")
	switch {
	case r.PostFormValue("users") == "":
		writeJSON(w, map[string]any{"ok": false, "error": "users_list_not_supplied"})
	case len(users) > 1:
		writeJSON(w, map[string]any{"ok": false, "error": "missing_scope", "needed": "mpim:write"}) // a group DM; the bot asks for no such scope
	default:
		writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": s.openDM(users[0]), "is_im": true, "user": users[0]}})
	}
}

// openDM returns the id of the user's direct message channel, opening one
// when none is: "D" + the user id, then "D" + the user id + "-2" and so on
// after each ForgetDMChannel.
func (s *Server) openDM(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.dms[userID]
	if id == "" {
		s.dmsOpened[userID]++
		id = "D" + userID
		if n := s.dmsOpened[userID]; n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		s.dms[userID] = id
	}
	return id
}
