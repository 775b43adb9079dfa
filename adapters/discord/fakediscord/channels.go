package fakediscord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// nonceWindow is how long the fake, like Discord ("the past few minutes"),
// remembers a nonce sent with enforce_nonce.
const nonceWindow = 5 * time.Minute

// Message is a message in a channel of the fake, as channel history holds it.
type Message struct {
	ID        string
	ChannelID string
	Nonce     string // as sent; Discord does not return it in the history
	Data      MessageData
	At        time.Time
}

// Failure is an error the fake answers a request with instead of serving it.
type Failure struct {
	Status int // HTTP status, e.g. 500 or 403
	Code   int // Discord's JSON error code (0: none)
	// AfterCreate makes a channel message request create the message first
	// and then answer the error, as when Discord's answer is lost: the
	// client cannot tell whether it was posted.
	AfterCreate bool
}

// Hook is called, with the server locked, when a channel message request
// arrives (created false) and after it created a message (created true),
// before the fake answers. Tests use it to kill a client at a precise point.
// It must not call the server's methods.
type Hook func(channelID string, created bool)

// SetHook installs (or, with nil, removes) the hook of channel message requests.
func (s *Server) SetHook(h Hook) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = h
}

// FailNext makes the next times requests of kind answer with f.
func (s *Server) FailNext(kind Kind, times int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range times {
		s.failures[kind] = append(s.failures[kind], f)
	}
}

// FailChannel makes every message posted to the channel fail with the
// Discord error code (50001 Missing Access, 50013 Missing Permissions,
// 10003 Unknown Channel), until called with code 0.
func (s *Server) FailChannel(channelID string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == 0 {
		delete(s.channelErrors, channelID)
		return
	}
	s.channelErrors[channelID] = code
}

// codeCannotMessageUser is Discord's error for a DM to a user who accepts
// none from the bot (DMs from server members turned off, the bot blocked).
const codeCannotMessageUser = 50007

// CloseDMs makes the user refuse direct messages from the bot: opening the
// DM channel works, as on Discord, but posting to it fails with 50007.
func (s *Server) CloseDMs(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dmsClosed[userID] = true
}

// ForgetDMChannel makes the DM channel opened with the user unknown, as
// Discord may: posting to it fails with 10003 Unknown Channel, and opening
// the user's DM channel again gives a new one.
func (s *Server) ForgetDMChannel(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id := s.dms[userID]; id != "" {
		s.channelErrors[id] = 10003
		delete(s.dms, userID)
	}
}

// DMChannel returns the id of the DM channel opened with the user, "" when
// none was.
func (s *Server) DMChannel(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dms[userID]
}

// openDM serves POST users/@me/channels: the DM channel with recipient_id,
// the same one every time. Callers hold s.mu.
func (s *Server) openDM(w http.ResponseWriter, rec *Record) {
	defer func() { s.record(*rec) }()
	var body struct {
		RecipientID string `json:"recipient_id"`
	}
	if err := json.Unmarshal(rec.Body, &body); err != nil || body.RecipientID == "" {
		rec.Status = http.StatusBadRequest
		apiError(w, rec.Status, 50035, "Invalid Form Body: recipient_id: required")
		return
	}
	id := s.dms[body.RecipientID]
	if id == "" {
		id = s.newID()
		s.dms[body.RecipientID], s.dmUsers[id] = id, body.RecipientID
	}
	rec.ChannelID = id
	rec.Status = http.StatusOK
	successHeaders(w)
	writeJSON(w, rec.Status, map[string]any{"id": id, "type": discordgo.ChannelTypeDM,
		"recipients": []map[string]any{{"id": body.RecipientID, "username": "user"}}})
}

// PostMessage puts a message in the channel as the bot posted it earlier
// (a digest, a card from before a restart), for a click to be on, and
// returns its id.
func (s *Server) PostMessage(channelID string, d MessageData) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addMessageLocked(channelID, "", d)
}

// addMessageLocked makes a message in the channel, one a click may be on,
// and returns its id. Callers hold s.mu.
func (s *Server) addMessageLocked(channelID, nonce string, d MessageData) string {
	id := s.newID()
	s.channels[channelID] = append(s.channels[channelID], Message{ID: id, ChannelID: channelID, Nonce: nonce, Data: d, At: time.Now()})
	s.messages[id] = &clickable{channelID: channelID, rows: d.Components}
	return id
}

// Messages returns the messages in a channel, oldest first.
func (s *Server) Messages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.channels[channelID]...)
}

// takeFailure pops a forced failure for kind. Callers hold s.mu.
func (s *Server) takeFailure(kind Kind) (Failure, bool) {
	q := s.failures[kind]
	if len(q) == 0 {
		return Failure{}, false
	}
	s.failures[kind] = q[1:]
	return q[0], true
}

// channelErrorStatus is the HTTP status Discord answers a channel error code with.
func channelErrorStatus(code int) (int, string) {
	switch code {
	case 10003:
		return http.StatusNotFound, "Unknown Channel"
	case 50001:
		return http.StatusForbidden, "Missing Access"
	case 50013:
		return http.StatusForbidden, "Missing Permissions"
	case codeCannotMessageUser:
		return http.StatusForbidden, "Cannot send messages to this user"
	}
	return http.StatusBadRequest, "Error"
}

// createMessage serves POST channels/{id}/messages. Callers hold s.mu.
func (s *Server) createMessage(w http.ResponseWriter, rec *Record, body []byte) {
	if s.hook != nil {
		s.hook(rec.ChannelID, false)
	}
	// A channel's own error first: a forgotten DM channel is unknown,
	// whatever its user accepts.
	code := s.channelErrors[rec.ChannelID]
	if user, ok := s.dmUsers[rec.ChannelID]; ok && s.dmsClosed[user] && code == 0 {
		code = codeCannotMessageUser
	}
	if code != 0 {
		var msg string
		rec.Status, msg = channelErrorStatus(code)
		apiError(w, rec.Status, code, msg)
		s.record(*rec)
		return
	}
	fail, failing := s.takeFailure(KindChannelMessage)
	if failing && !fail.AfterCreate {
		rec.Status = fail.Status
		apiError(w, rec.Status, fail.Code, http.StatusText(fail.Status))
		s.record(*rec)
		return
	}
	data := decodeMessage(body)
	if err := validateMessage(data); err != "" {
		rec.Status = http.StatusBadRequest
		apiError(w, rec.Status, 50035, "Invalid Form Body: "+err)
		s.record(*rec)
		return
	}
	var extra struct {
		Nonce        json.RawMessage `json:"nonce"`
		EnforceNonce bool            `json:"enforce_nonce"`
	}
	_ = json.Unmarshal(body, &extra)
	nonce := string(extra.Nonce)
	if n, err := strconv.Unquote(nonce); err == nil {
		nonce = n
	}
	rec.Data = data
	if extra.EnforceNonce && nonce != "" {
		for _, m := range s.channels[rec.ChannelID] {
			if m.Nonce == nonce && time.Since(m.At) < nonceWindow {
				// Discord answers the message made with this nonce and makes no other.
				rec.MessageID = m.ID
				rec.Status = http.StatusOK
				rec.Deduplicated = true
				successHeaders(w)
				writeJSON(w, rec.Status, s.messageJSON(m.ID, m.ChannelID, m.Data, nonce))
				s.record(*rec)
				return
			}
		}
	}
	rec.MessageID = s.addMessageLocked(rec.ChannelID, nonce, rec.Data)
	if s.hook != nil {
		s.hook(rec.ChannelID, true)
	}
	if failing {
		rec.Status = fail.Status
		apiError(w, rec.Status, fail.Code, http.StatusText(fail.Status))
		s.record(*rec)
		return
	}
	rec.Status = http.StatusOK
	successHeaders(w)
	writeJSON(w, rec.Status, s.messageJSON(rec.MessageID, rec.ChannelID, rec.Data, nonce))
	s.record(*rec)
}

// listMessages serves GET channels/{id}/messages (after, limit): the newest
// first, as Discord answers, without nonces. Callers hold s.mu.
func (s *Server) listMessages(w http.ResponseWriter, r *http.Request, rec *Record) {
	if code := s.channelErrors[rec.ChannelID]; code != 0 {
		status, msg := channelErrorStatus(code)
		rec.Status = status
		apiError(w, status, code, msg)
		s.record(*rec)
		return
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 || limit > 100 {
		limit = 50
	}
	var picked []Message
	for _, m := range s.channels[rec.ChannelID] {
		if id, _ := strconv.ParseInt(m.ID, 10, 64); id > after {
			picked = append(picked, m)
		}
	}
	if len(picked) > limit {
		picked = picked[:limit] // the oldest after "after"
	}
	sort.Slice(picked, func(i, j int) bool { return picked[i].ID > picked[j].ID })
	out := make([]map[string]any, len(picked))
	for i, m := range picked {
		out[i] = s.messageJSON(m.ID, m.ChannelID, m.Data, "")
	}
	rec.Status = http.StatusOK
	successHeaders(w)
	writeJSON(w, rec.Status, out)
	s.record(*rec)
}

// validateMessage checks a message against Discord's documented limits and
// says what is wrong ("": nothing).
func validateMessage(d MessageData) string {
	if utf8.RuneCountInString(d.Content) > 2000 {
		return "content: must be 2000 or fewer in length"
	}
	if len(d.Embeds) > 10 {
		return "embeds: must be 10 or fewer in length"
	}
	total := 0
	for _, e := range d.Embeds {
		n := utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
		if utf8.RuneCountInString(e.Description) > 4096 {
			return "embeds.description: must be 4096 or fewer in length"
		}
		if len(e.Fields) > 25 {
			return "embeds.fields: must be 25 or fewer in length"
		}
		for _, f := range e.Fields {
			n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
		}
		if e.Footer != nil {
			n += utf8.RuneCountInString(e.Footer.Text)
		}
		if e.Author != nil {
			n += utf8.RuneCountInString(e.Author.Name)
		}
		total += n
	}
	if total > 6000 {
		return "embeds: the total of their text must be 6000 or fewer in length"
	}
	if len(d.Components) > 5 {
		return "components: must be 5 or fewer in length"
	}
	ids := map[string]bool{}
	for _, row := range d.Components {
		if row.Type != discordgo.ActionsRowComponent || len(row.Components) == 0 || len(row.Components) > 5 {
			return "components: an action row holds 1 to 5 components"
		}
		for _, b := range row.Components {
			switch {
			case b.Type != discordgo.ButtonComponent:
				return "components: only buttons are expected"
			case utf8.RuneCountInString(b.Label) > 80:
				return "components.label: must be 80 or fewer in length"
			case b.Style == discordgo.LinkButton && (b.URL == "" || b.CustomID != ""):
				return "components: a link button has a url and no custom_id"
			case b.Style != discordgo.LinkButton && (b.CustomID == "" || len(b.CustomID) > 100):
				return "components.custom_id: must be 1 to 100 in length"
			case b.CustomID != "" && ids[b.CustomID]:
				return "components.custom_id: component custom id cannot be duplicated"
			}
			ids[b.CustomID] = true
		}
	}
	return ""
}

// validResponse reports whether a callback type answers the interaction:
// autocomplete takes only choices (8); a command no update (6, 7) nor
// choices; a component click no choices; a modal submission no modal (9)
// nor choices, and an update (6, 7) only when its modal was opened from a
// message's component.
func validResponse(st *interactionState, rt discordgo.InteractionResponseType) bool {
	switch st.typ {
	case discordgo.InteractionApplicationCommandAutocomplete:
		return rt == discordgo.InteractionApplicationCommandAutocompleteResult
	case discordgo.InteractionApplicationCommand:
		return rt == discordgo.InteractionResponseChannelMessageWithSource ||
			rt == discordgo.InteractionResponseDeferredChannelMessageWithSource || rt == discordgo.InteractionResponseModal
	case discordgo.InteractionMessageComponent:
		return rt != discordgo.InteractionApplicationCommandAutocompleteResult && rt != discordgo.InteractionResponsePong
	case discordgo.InteractionModalSubmit:
		switch rt {
		case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseDeferredChannelMessageWithSource:
			return true
		case discordgo.InteractionResponseDeferredMessageUpdate, discordgo.InteractionResponseUpdateMessage:
			return st.clickedID != ""
		}
		return false
	}
	return true
}

// refusal says why Discord refuses a callback body for the interaction
// ("": it does not).
func refusal(st *interactionState, cb callbackBody) string {
	switch {
	case cb.typ == 0:
		return "type: required"
	case !validResponse(st, cb.typ):
		return fmt.Sprintf("type: response type %d cannot answer an interaction of type %d", cb.typ, st.typ)
	case cb.modal != nil:
		return validateModal(*cb.modal)
	}
	return validateMessage(cb.data)
}

// Discord's modal limits.
const (
	maxModalTitle  = 45
	maxModalRows   = 5
	maxInputLabel  = 45
	maxInputLength = 4000
	maxInputHint   = 100
	maxCustomIDLen = 100
)

// validateModal checks a modal against Discord's documented limits and says
// what is wrong ("": nothing): a title of 1 to 45 characters, a custom_id of
// 1 to 100, 1 to 5 action rows each holding one text input with a unique
// custom_id, a label of 1 to 45 characters, a style, lengths within 4000
// and a pre-filled value within them, a placeholder of at most 100.
func validateModal(m ModalData) string {
	if n := utf8.RuneCountInString(m.Title); n == 0 || n > maxModalTitle {
		return "title: must be 1 to 45 in length"
	}
	if m.CustomID == "" || utf8.RuneCountInString(m.CustomID) > maxCustomIDLen {
		return "custom_id: must be 1 to 100 in length"
	}
	if len(m.Components) == 0 || len(m.Components) > maxModalRows {
		return "components: must be 1 to 5 in length"
	}
	seen := map[string]bool{}
	for _, row := range m.Components {
		if row.Type != discordgo.ActionsRowComponent || len(row.Components) != 1 {
			return "components: a modal's action row holds one text input"
		}
		in := row.Components[0]
		minLen, maxLen := 0, maxInputLength
		if in.MinLength != nil {
			minLen = *in.MinLength
		}
		if in.MaxLength != nil {
			maxLen = *in.MaxLength
		}
		switch {
		case in.Type != discordgo.TextInputComponent:
			return "components: only text inputs are expected"
		case in.CustomID == "" || utf8.RuneCountInString(in.CustomID) > maxCustomIDLen:
			return "components.custom_id: must be 1 to 100 in length"
		case seen[in.CustomID]:
			return "components.custom_id: must be unique"
		case in.Style != discordgo.TextInputShort && in.Style != discordgo.TextInputParagraph:
			return "components.style: must be 1 (short) or 2 (paragraph)"
		case utf8.RuneCountInString(in.Label) == 0 || utf8.RuneCountInString(in.Label) > maxInputLabel:
			return "components.label: must be 1 to 45 in length"
		case utf8.RuneCountInString(in.Placeholder) > maxInputHint:
			return "components.placeholder: must be 100 or fewer in length"
		case minLen < 0 || minLen > maxInputLength:
			return "components.min_length: must be 0 to 4000"
		case maxLen < 1 || maxLen > maxInputLength || maxLen < minLen:
			return "components.max_length: must be 1 to 4000, and not below min_length"
		case utf8.RuneCountInString(in.Value) > maxLen:
			return "components.value: must be max_length or fewer in length"
		}
		seen[in.CustomID] = true
	}
	return ""
}

// successHeaders are the rate-limit headers Discord sends on every answer.
func successHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "4")
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(time.Now().Add(time.Second).UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", "1.000")
	h.Set("X-RateLimit-Bucket", "fake-bucket")
}

// SetEditDelay makes every edit of an interaction's message (PATCH
// webhooks/...) take d before it is served, outside the server's lock, so
// that concurrent edits overlap; MaxConcurrentEdits says how many did.
func (s *Server) SetEditDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.editDelay = d
}

// MaxConcurrentEdits is the most edits that were being served at once.
func (s *Server) MaxConcurrentEdits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxEdits
}

// delayEdit waits out the edit delay of a PATCH to webhooks, counting the
// edits in flight.
func (s *Server) delayEdit(r *http.Request) {
	if r.Method != http.MethodPatch || !strings.Contains(r.URL.Path, "/webhooks/") {
		return
	}
	s.mu.Lock()
	d := s.editDelay
	s.edits++
	s.maxEdits = max(s.maxEdits, s.edits)
	s.mu.Unlock()
	time.Sleep(d)
	s.mu.Lock()
	s.edits--
	s.mu.Unlock()
}
