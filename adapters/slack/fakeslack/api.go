package fakeslack

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// serveAPI answers the Web API methods the adapter calls.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.calls[method]++
	lim := s.limits[method]
	limited := lim != nil && lim.times > 0
	if limited {
		lim.times--
	}
	s.notifyLocked()
	s.mu.Unlock()
	if limited {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(lim.retryAfter.Seconds()))))
		w.WriteHeader(http.StatusTooManyRequests)
		writeJSON(w, map[string]any{"ok": false, "error": "ratelimited"})
		return
	}

	want := BotToken
	if method == "apps.connections.open" {
		want = AppToken
	}
	if token(r) != want {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	if method != "chat.postMessage" && method != "chat.postEphemeral" { // posts take theirs in servePost
		s.mu.Lock()
		fail, failing := s.takeFailureLocked(method)
		s.mu.Unlock()
		if failing {
			writeFailure(w, fail)
			return
		}
	}
	switch method {
	case "auth.test":
		writeJSON(w, map[string]any{
			"ok": true, "url": "https://fakeslack.example/", "team": "Fake", "user": "stancebot",
			"team_id": TeamID, "user_id": BotUserID, "bot_id": BotID,
		})
	case "apps.connections.open":
		s.mu.Lock()
		refuse := s.refuse
		s.mu.Unlock()
		if refuse != "" {
			writeJSON(w, map[string]any{"ok": false, "error": refuse})
			return
		}
		writeJSON(w, map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/socket"})
	case "chat.postMessage", "chat.postEphemeral":
		s.servePost(w, r, method)
	case "conversations.history":
		s.serveHistory(w, r)
	case "conversations.open":
		s.serveConversationsOpen(w, r)
	case "views.open":
		s.serveViewsOpen(w, r)
	case "files.getUploadURLExternal":
		s.serveUploadURL(w, r)
	case "files.completeUploadExternal":
		s.serveCompleteUpload(w, r)
	case "users.info":
		id := r.PostFormValue("user")
		s.mu.Lock()
		admin := s.admins[id]
		s.mu.Unlock()
		writeJSON(w, map[string]any{"ok": true, "user": map[string]any{
			"id": id, "team_id": TeamID, "name": strings.ToLower(id), "is_admin": admin,
		}})
	default:
		writeJSON(w, map[string]any{"ok": false, "error": "unknown_method"})
	}
}

// servePost records a chat.postMessage or chat.postEphemeral call.
func (s *Server) servePost(w http.ResponseWriter, r *http.Request, method string) {
	p := Post{
		Method:   method,
		Channel:  r.PostFormValue("channel"),
		User:     r.PostFormValue("user"),
		ThreadTS: r.PostFormValue("thread_ts"),
		Text:     r.PostFormValue("text"),
		At:       time.Now(),
	}
	if b := r.PostFormValue("blocks"); b != "" {
		p.Blocks = json.RawMessage(b)
	}
	if p.Channel == "" {
		writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
		return
	}
	if m := r.PostFormValue("metadata"); m != "" {
		p.Metadata = json.RawMessage(m)
	}
	s.mu.Lock()
	if s.hook != nil && method == "chat.postMessage" {
		s.hook(p.Channel, false)
	}
	if code := s.channelErrors[p.Channel]; code != "" {
		s.mu.Unlock()
		writeJSON(w, map[string]any{"ok": false, "error": code})
		return
	}
	if utf8.RuneCountInString(p.Text) > 40000 {
		s.mu.Unlock()
		writeJSON(w, map[string]any{"ok": false, "error": "msg_too_long"})
		return
	}
	if code := checkBlocks(r.PostFormValue("blocks")); code != "" {
		s.mu.Unlock()
		writeJSON(w, map[string]any{"ok": false, "error": code})
		return
	}
	fail, failing := s.takeFailureLocked(method)
	if failing && !fail.AfterCreate {
		s.mu.Unlock()
		writeFailure(w, fail)
		return
	}
	p.TS = s.nextTSLocked()
	s.posts = append(s.posts, p)
	s.notifyLocked()
	if s.hook != nil && method == "chat.postMessage" {
		s.hook(p.Channel, true)
	}
	s.mu.Unlock()
	if failing {
		writeFailure(w, fail)
		return
	}
	if method == "chat.postEphemeral" {
		writeJSON(w, map[string]any{"ok": true, "message_ts": p.TS})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "channel": p.Channel, "ts": p.TS,
		"message": map[string]any{"type": "message", "text": p.Text, "ts": p.TS, "bot_id": BotID}})
}

// serveResponse records a POST to a response URL.
func (s *Server) serveResponse(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	var m struct {
		ResponseType    string          `json:"response_type"`
		ReplaceOriginal bool            `json:"replace_original"`
		DeleteOriginal  bool            `json:"delete_original"`
		ThreadTS        string          `json:"thread_ts"`
		Text            string          `json:"text"`
		Blocks          json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	if string(m.Blocks) == "null" {
		m.Blocks = nil
	}
	s.mu.Lock()
	s.responses = append(s.responses, Response{
		Name: r.PathValue("name"), ResponseType: m.ResponseType, ReplaceOriginal: m.ReplaceOriginal,
		DeleteOriginal: m.DeleteOriginal, ThreadTS: m.ThreadTS, Text: m.Text, Blocks: m.Blocks, At: time.Now(),
	})
	s.notifyLocked()
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain")
	_, _ = io.WriteString(w, "ok")
}

// serveUploadURL answers files.getUploadURLExternal with an upload URL on the fake.
func (s *Server) serveUploadURL(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PostFormValue("length"))
	name := r.PostFormValue("filename")
	if err != nil || n <= 0 || name == "" {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
		return
	}
	s.mu.Lock()
	id := "F" + strconv.Itoa(len(s.pending)+len(s.uploads)+1)
	s.pending[id] = &pendingUpload{filename: name, altText: r.PostFormValue("alt_txt"), length: n}
	s.mu.Unlock()
	writeJSON(w, map[string]any{"ok": true, "upload_url": s.srv.URL + "/upload/" + id, "file_id": id})
}

// serveUpload receives a file's bytes at its upload URL (a multipart form
// with the file in "file"), as Slack's upload host does.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	f, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "no file", http.StatusBadRequest)
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 8<<20))
	id := r.PathValue("id")
	s.mu.Lock()
	p := s.pending[id]
	if p == nil || err != nil || len(data) != p.length {
		s.mu.Unlock()
		http.Error(w, "bad upload", http.StatusBadRequest)
		return
	}
	p.data = data
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain")
	_, _ = io.WriteString(w, "OK - "+strconv.Itoa(len(data)))
}

// serveCompleteUpload shares the uploaded files into a channel or thread.
func (s *Server) serveCompleteUpload(w http.ResponseWriter, r *http.Request) {
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(r.PostFormValue("files")), &files); err != nil || len(files) == 0 {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var done []map[string]any
	for _, f := range files {
		p := s.pending[f.ID]
		if p == nil || p.data == nil {
			writeJSON(w, map[string]any{"ok": false, "error": "file_not_found"})
			return
		}
		delete(s.pending, f.ID)
		s.uploads = append(s.uploads, Upload{FileID: f.ID, Filename: p.filename, AltText: p.altText, Title: f.Title,
			Channel: r.PostFormValue("channel_id"), ThreadTS: r.PostFormValue("thread_ts"), Data: p.data, At: time.Now()})
		done = append(done, map[string]any{"id": f.ID, "title": f.Title})
	}
	s.notifyLocked()
	writeJSON(w, map[string]any{"ok": true, "files": done})
}
