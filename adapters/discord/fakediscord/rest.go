package fakediscord

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// interactionState is what the fake knows of one interaction it sent.
type interactionState struct {
	id, token string
	created   time.Time
	typ       discordgo.InteractionType
	acked     bool
	ackedAt   time.Time
	http      bool   // sent over HTTP: the answer travels in the HTTP response
	clickedID string // the message a clicked component is on
	messageID string // the original response (for a click: the message clicked)
	channelID string
	userID    string // who used it
	// modal is set once the interaction was answered with a modal (type
	// 9), which makes no message: it has no original response to edit.
	modal bool
	// loading is set while a deferred (type 5) response still shows its
	// loading state: as on Discord, the next follow-up does not create a
	// message but resolves the loading one, whatever its own flags say.
	loading bool
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/gateway", s.serveGateway)
	mux.HandleFunc("/gateway/", s.serveGateway)
	mux.HandleFunc("/api/v9/", s.serveREST)
	return mux
}

// apiError writes a Discord JSON error.
func apiError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// serveREST routes /api/v9/... requests.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		apiError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	s.delayEdit(r)
	parts := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/api/v9/"), "/"), "/")
	rec := Record{Method: r.Method, Path: r.URL.Path, Body: body}
	if mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		if rec.Body, rec.Files, err = readMultipart(body, params["boundary"]); err != nil {
			apiError(w, http.StatusBadRequest, 50109, "The request body contains invalid multipart data.")
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	route := func(kind Kind, bot bool) bool {
		rec.Kind = kind
		if bot && r.Header.Get("Authorization") != "Bot "+s.opts.Token {
			rec.Status = http.StatusUnauthorized
			apiError(w, rec.Status, 0, "401: Unauthorized")
			s.record(rec)
			return false
		}
		if rl, ok := s.takeRateLimit(kind); ok {
			rec.Status = http.StatusTooManyRequests
			writeRateLimit(w, rl)
			s.record(rec)
			return false
		}
		return true
	}
	switch {
	case r.Method == http.MethodGet && len(parts) == 1 && parts[0] == "gateway":
		if route(KindGatewayLookup, false) {
			rec.Status = http.StatusOK
			writeJSON(w, rec.Status, map[string]any{"url": s.GatewayURL()})
			s.record(rec)
		}
	case r.Method == http.MethodGet && len(parts) == 2 && parts[0] == "gateway" && parts[1] == "bot":
		if route(KindGatewayLookup, true) {
			rec.Status = http.StatusOK
			writeJSON(w, rec.Status, map[string]any{"url": s.GatewayURL(), "shards": 1,
				"session_start_limit": map[string]int{"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})
			s.record(rec)
		}
	case r.Method == http.MethodGet && len(parts) == 2 && parts[0] == "users" && parts[1] == "@me":
		if route(KindSelf, true) {
			rec.Status = http.StatusOK
			successHeaders(w)
			writeJSON(w, rec.Status, map[string]any{"id": s.opts.BotUserID, "username": "fake", "bot": true})
			s.record(rec)
		}
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "users" && parts[1] == "@me" && parts[2] == "channels":
		if route(KindDMChannel, true) {
			s.openDM(w, &rec)
		}
	case r.Method == http.MethodPost && len(parts) == 4 && parts[0] == "interactions" && parts[3] == "callback":
		rec.InteractionID = parts[1]
		if route(KindCallback, false) {
			s.callback(w, &rec, parts[1], parts[2])
		}
	case len(parts) == 3 && parts[0] == "webhooks" && r.Method == http.MethodPost:
		if route(KindFollowup, false) {
			s.followup(w, r, &rec, parts[1], parts[2])
		}
	case len(parts) == 5 && parts[0] == "webhooks" && parts[3] == "messages":
		var kind Kind
		switch {
		case r.Method == http.MethodPatch && parts[4] == "@original":
			kind = KindEditOriginal
		case r.Method == http.MethodPatch:
			kind = KindEditFollowup
		case r.Method == http.MethodDelete && parts[4] == "@original":
			kind = KindDeleteOriginal
		default:
			s.unknown(w, &rec)
			return
		}
		if route(kind, false) {
			s.webhookMessage(w, r, &rec, parts[1], parts[2], parts[4])
		}
	case parts[0] == "applications" && (len(parts) == 3 && parts[2] == "commands" ||
		len(parts) == 5 && parts[2] == "guilds" && parts[4] == "commands"):
		if parts[1] != s.opts.AppID {
			s.unknown(w, &rec)
			return
		}
		if len(parts) == 5 {
			rec.GuildID = parts[3]
		}
		switch r.Method {
		case http.MethodPut:
			if route(KindCommandsOverwrite, true) {
				s.overwriteCommands(w, &rec)
			}
		case http.MethodGet:
			if route(KindCommandsGet, true) {
				rec.Status = http.StatusOK
				writeJSON(w, rec.Status, s.registered(rec.GuildID))
				s.record(rec)
			}
		default:
			s.unknown(w, &rec)
		}
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages":
		rec.ChannelID = parts[1]
		if route(KindChannelMessage, true) {
			s.createMessage(w, &rec, body)
		}
	case r.Method == http.MethodGet && len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages":
		rec.ChannelID = parts[1]
		if route(KindChannelHistory, true) {
			s.listMessages(w, r, &rec)
		}
	default:
		s.unknown(w, &rec)
	}
}

func (s *Server) unknown(w http.ResponseWriter, rec *Record) {
	rec.Kind = KindUnknown
	rec.Status = http.StatusNotFound
	apiError(w, rec.Status, 0, "404: Not Found")
	s.record(*rec)
}

// writeRateLimit answers 429 the way Discord does.
func writeRateLimit(w http.ResponseWriter, rl rateLimit) {
	secs := rl.retryAfter.Seconds()
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(secs, 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", "fake-bucket")
	scope := "user"
	if rl.global {
		h.Set("X-RateLimit-Global", "true")
		scope = "global"
	}
	h.Set("X-RateLimit-Scope", scope)
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"message": "You are being rate limited.", "retry_after": secs, "global": rl.global,
	})
}

// callback answers POST interactions/{id}/{token}/callback.
func (s *Server) callback(w http.ResponseWriter, rec *Record, id, token string) {
	st := s.interactions[id]
	defer func() { s.record(*rec) }()
	if st == nil || st.token != token || time.Since(st.created) > s.opts.InteractionDeadline {
		rec.Status = http.StatusNotFound
		apiError(w, rec.Status, 10062, "Unknown interaction")
		return
	}
	if st.acked {
		rec.Status = http.StatusBadRequest
		apiError(w, rec.Status, 40060, "Interaction has already been acknowledged.")
		return
	}
	cb, err := decodeCallback(rec.Body)
	if err != nil {
		rec.Status = http.StatusBadRequest
		apiError(w, rec.Status, 50109, "The request body contains invalid JSON.")
		return
	}
	if why := s.answer(st, rec, cb); why != "" {
		rec.Status = http.StatusBadRequest
		apiError(w, rec.Status, 50035, "Invalid Form Body: "+why)
		return
	}
	rec.Status = http.StatusNoContent
	w.WriteHeader(rec.Status)
}

// answer records cb as the interaction's first response, over REST or
// HTTP: unless Discord refuses it (the reason is returned), the
// interaction is acknowledged and rec gets the message it made. Callers
// hold s.mu.
func (s *Server) answer(st *interactionState, rec *Record, cb callbackBody) string {
	rec.Type, rec.Data, rec.Modal = cb.typ, cb.data, cb.modal
	if why := refusal(st, cb); why != "" {
		return why
	}
	s.ack(st, cb.typ)
	rec.MessageID, rec.Modal = st.messageID, st.withSource(cb.modal)
	return ""
}

// withSource returns a modal the interaction opened with its Source: the
// message clicked, if it was a click. nil stays nil.
func (st *interactionState) withSource(m *ModalData) *ModalData {
	if m == nil || st.clickedID == "" {
		return m
	}
	withSource := *m
	withSource.Source = &discordgo.Message{ID: st.clickedID, ChannelID: st.channelID}
	return &withSource
}

// webhookKnown reports whether Discord would know an interaction's webhook
// (follow-ups, edits) now: only once it was acknowledged (for one answered
// over HTTP, WebhookWarmup after that), and for 15 minutes after it was
// made (TokenLifetime). Callers hold s.mu.
func (s *Server) webhookKnown(st *interactionState) bool {
	if st == nil || !st.acked || time.Since(st.created) > s.opts.TokenLifetime {
		return false
	}
	return !st.http || time.Since(st.ackedAt) >= s.opts.WebhookWarmup
}

// ack marks an interaction answered. A modal (9) makes no message: the
// interaction has no original response. Callers hold s.mu.
func (s *Server) ack(st *interactionState, typ discordgo.InteractionResponseType) {
	st.acked, st.ackedAt = true, time.Now()
	if typ == discordgo.InteractionResponseModal {
		st.modal = true
		return
	}
	st.loading = typ == discordgo.InteractionResponseDeferredChannelMessageWithSource
	switch typ {
	case discordgo.InteractionResponseDeferredMessageUpdate, discordgo.InteractionResponseUpdateMessage:
		st.messageID = st.clickedID
	}
	s.originalID(st)
}

// originalID returns the id of an interaction's original response,
// assigning one when needed. Callers hold s.mu.
func (s *Server) originalID(st *interactionState) string {
	if st.messageID == "" {
		st.messageID = s.newID()
	}
	return st.messageID
}

// followup answers POST webhooks/{app}/{token}.
func (s *Server) followup(w http.ResponseWriter, r *http.Request, rec *Record, app, token string) {
	defer func() { s.record(*rec) }()
	st := s.byToken[token]
	if app != s.opts.AppID || !s.webhookKnown(st) {
		rec.Status = http.StatusNotFound
		apiError(w, rec.Status, 10015, "Unknown Webhook")
		return
	}
	rec.InteractionID = st.id
	rec.Data = decodeMessage(rec.Body)
	if msg := validateMessage(rec.Data); msg != "" {
		rec.Status = http.StatusBadRequest
		apiError(w, rec.Status, 50035, "Invalid Form Body: "+msg)
		return
	}
	rec.MessageID = s.newID()
	if st.loading {
		st.loading = false
		rec.MessageID = s.originalID(st)
	}
	if r.URL.Query().Get("wait") != "true" {
		rec.Status = http.StatusNoContent
		w.WriteHeader(rec.Status)
		return
	}
	rec.Status = http.StatusOK
	writeJSON(w, rec.Status, s.messageJSON(rec.MessageID, st.channelID, rec.Data, ""))
}

// webhookMessage answers PATCH and DELETE webhooks/{app}/{token}/messages/{id}.
func (s *Server) webhookMessage(w http.ResponseWriter, r *http.Request, rec *Record, app, token, msgID string) {
	defer func() { s.record(*rec) }()
	st := s.byToken[token]
	if app != s.opts.AppID || !s.webhookKnown(st) {
		rec.Status = http.StatusNotFound
		apiError(w, rec.Status, 10015, "Unknown Webhook")
		return
	}
	rec.InteractionID = st.id
	if msgID == "@original" {
		if !st.acked || st.modal {
			rec.Status = http.StatusNotFound
			apiError(w, rec.Status, 10008, "Unknown Message")
			return
		}
		msgID = s.originalID(st)
		st.loading = false
	}
	rec.MessageID = msgID
	switch r.Method {
	case http.MethodDelete:
		rec.Status = http.StatusNoContent
		w.WriteHeader(rec.Status)
	default:
		rec.Data = decodeMessage(rec.Body)
		if msg := validateMessage(rec.Data); msg != "" {
			rec.Status = http.StatusBadRequest
			apiError(w, rec.Status, 50035, "Invalid Form Body: "+msg)
			return
		}
		rec.Status = http.StatusOK
		writeJSON(w, rec.Status, s.messageJSON(msgID, st.channelID, rec.Data, ""))
	}
}

// overwriteCommands answers a bulk overwrite: the list replaces the scope's commands.
func (s *Server) overwriteCommands(w http.ResponseWriter, rec *Record) {
	defer func() { s.record(*rec) }()
	var cmds []map[string]any
	if err := json.Unmarshal(rec.Body, &cmds); err != nil {
		rec.Status = http.StatusBadRequest
		apiError(w, rec.Status, 50035, "Invalid Form Body")
		return
	}
	for _, c := range cmds {
		if err := validateCommand(c); err != nil {
			rec.Status = http.StatusBadRequest
			apiError(w, rec.Status, 50035, "Invalid Form Body: "+err.Error())
			return
		}
		c["id"] = s.newID()
		c["application_id"] = s.opts.AppID
		c["version"] = s.newID()
		if rec.GuildID != "" {
			c["guild_id"] = rec.GuildID
		}
	}
	s.commands[rec.GuildID] = cmds
	rec.Status = http.StatusOK
	writeJSON(w, rec.Status, cmds)
}

// validateCommand checks the rules Discord enforces that are easy to get wrong.
func validateCommand(c map[string]any) error {
	name, _ := c["name"].(string)
	typ, _ := c["type"].(float64)
	if name == "" || len([]rune(name)) > 32 {
		return fmt.Errorf("command name %q: 1 to 32 characters", name)
	}
	if typ == 0 || typ == float64(discordgo.ChatApplicationCommand) {
		if name != strings.ToLower(name) || strings.ContainsAny(name, " ") {
			return fmt.Errorf("command name %q: lowercase, no spaces", name)
		}
		desc, _ := c["description"].(string)
		if desc == "" || len([]rune(desc)) > 100 {
			return fmt.Errorf("command %q: description of 1 to 100 characters", name)
		}
	}
	opts, _ := c["options"].([]any)
	optional := false
	for _, o := range opts {
		m, _ := o.(map[string]any)
		req, _ := m["required"].(bool)
		if req && optional {
			return fmt.Errorf("command %q: required options must come first", name)
		}
		optional = optional || !req
		choices, _ := m["choices"].([]any)
		if ac, _ := m["autocomplete"].(bool); ac && len(choices) > 0 {
			return fmt.Errorf("command %q: an option cannot have both choices and autocomplete", name)
		}
		if len(choices) > 25 {
			return fmt.Errorf("command %q: more than 25 choices", name)
		}
	}
	return nil
}

// registered returns the commands of a scope.
func (s *Server) registered(guildID string) []map[string]any {
	if c := s.commands[guildID]; c != nil {
		return c
	}
	return []map[string]any{}
}

// Commands returns the application commands registered for a guild ("" for
// the global ones) by the last bulk overwrite, decoded.
func (s *Server) Commands(guildID string) ([]*discordgo.ApplicationCommand, error) {
	s.mu.Lock()
	b, err := json.Marshal(s.registered(guildID))
	s.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("fakediscord: encode commands: %w", err)
	}
	var out []*discordgo.ApplicationCommand
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("fakediscord: decode commands: %w", err)
	}
	return out, nil
}

// messageJSON is the message object Discord answers with, by the bot user;
// nonce "" leaves it out (Discord returns it only to the message's creator).
func (s *Server) messageJSON(id, channelID string, d MessageData, nonce string) map[string]any {
	m := map[string]any{
		"id": id, "channel_id": channelID, "content": d.Content, "embeds": d.Embeds,
		"flags": d.Flags, "type": 0, "timestamp": time.Now().UTC().Format(time.RFC3339),
		"author": map[string]any{"id": s.opts.BotUserID, "username": "fake", "bot": true},
	}
	if nonce != "" {
		m["nonce"] = nonce
	}
	return m
}

// readMultipart splits a multipart body as Discord reads it: the JSON of
// the "payload_json" part, and the uploaded files.
func readMultipart(body []byte, boundary string) ([]byte, []File, error) {
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	var payload []byte
	var files []File
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return payload, files, nil
		}
		if err != nil {
			return nil, nil, err
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, err
		}
		if p.FormName() == "payload_json" {
			payload = data
			continue
		}
		files = append(files, File{Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
	}
}
