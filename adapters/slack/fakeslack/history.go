package fakeslack

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Failure is an error the fake answers a Web API call with instead of serving it.
type Failure struct {
	Status int    // HTTP status; 0 or 200 answers {"ok": false, "error": Error}
	Error  string // Slack's error code, e.g. "internal_error"
	// AfterCreate makes chat.postMessage post the message first and then
	// answer the failure, as when Slack's answer is lost: the client cannot
	// tell whether it was posted.
	AfterCreate bool
}

// Hook is called, with the server locked, when a chat.postMessage call
// arrives (created false) and after it posted the message (created true),
// before the fake answers. Tests use it to kill a client at a precise point.
// It must not call the server's methods.
type Hook func(channelID string, created bool)

// SetHook installs (or, with nil, removes) the hook of chat.postMessage.
func (s *Server) SetHook(h Hook) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = h
}

// FailNext makes the next times calls of method answer with f.
func (s *Server) FailNext(method string, times int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range times {
		s.failures[method] = append(s.failures[method], f)
	}
}

// takeFailureLocked pops a forced failure of method.
func (s *Server) takeFailureLocked(method string) (Failure, bool) {
	q := s.failures[method]
	if len(q) == 0 {
		return Failure{}, false
	}
	s.failures[method] = q[1:]
	return q[0], true
}

// writeFailure answers a forced failure.
func writeFailure(w http.ResponseWriter, f Failure) {
	if f.Status != 0 && f.Status != http.StatusOK {
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte("upstream failure"))
		return
	}
	writeJSON(w, map[string]any{"ok": false, "error": f.Error})
}

// serveHistory answers conversations.history (oldest, cursor, limit, with
// the metadata of every message when include_all_metadata is set), newest
// first as Slack does.
func (s *Server) serveHistory(w http.ResponseWriter, r *http.Request) {
	channel := r.PostFormValue("channel")
	oldest := r.PostFormValue("oldest")
	limit, err := strconv.Atoi(r.PostFormValue("limit"))
	if err != nil || limit <= 0 || limit > 999 {
		limit = 100
	}
	skip, _ := strconv.Atoi(r.PostFormValue("cursor"))
	withMeta := r.PostFormValue("include_all_metadata") == "1" || r.PostFormValue("include_all_metadata") == "true"
	s.mu.Lock()
	if code := s.channelErrors[channel]; code != "" && code != "not_in_channel" {
		s.mu.Unlock()
		writeJSON(w, map[string]any{"ok": false, "error": code})
		return
	}
	var msgs []map[string]any
	for i := len(s.posts) - 1; i >= 0; i-- {
		p := s.posts[i]
		if p.Method != "chat.postMessage" || p.Channel != channel || p.ThreadTS != "" || !tsAfter(p.TS, oldest) {
			continue
		}
		m := map[string]any{"type": "message", "text": p.Text, "ts": p.TS, "bot_id": BotID, "user": BotUserID}
		if withMeta && p.Metadata != nil {
			m["metadata"] = p.Metadata
		}
		msgs = append(msgs, m)
	}
	s.mu.Unlock()
	if skip > len(msgs) {
		skip = len(msgs)
	}
	msgs = msgs[skip:]
	more := len(msgs) > limit
	next := ""
	if more {
		msgs = msgs[:limit]
		next = strconv.Itoa(skip + limit)
	}
	writeJSON(w, map[string]any{"ok": true, "messages": msgs, "has_more": more,
		"response_metadata": map[string]any{"next_cursor": next}})
}

// tsAfter reports whether message timestamp ts is after oldest ("": any).
func tsAfter(ts, oldest string) bool {
	if oldest == "" {
		return true
	}
	a, err1 := strconv.ParseFloat(ts, 64)
	b, err2 := strconv.ParseFloat(oldest, 64)
	return err1 == nil && err2 == nil && a > b
}

// checkBlocks says why Slack would refuse blocks with invalid_blocks or
// too_many_blocks ("": it would not): at most 50 blocks, a header's plain
// text of 1 to 150 characters, a section's text of 1 to 3,000, a rich_text
// block of sections, quotes, lists or preformatted parts, none empty, whose
// text elements have text and whose links have a URL.
func checkBlocks(raw string) string {
	if raw == "" {
		return ""
	}
	var blocks []struct {
		Type string `json:"type"`
		Text *struct {
			Text string `json:"text"`
		} `json:"text"`
		Fields []struct {
			Text string `json:"text"`
		} `json:"fields"`
		Elements json.RawMessage `json:"elements"`
	}
	if err := json.Unmarshal([]byte(raw), &blocks); err != nil {
		return "invalid_blocks"
	}
	if len(blocks) > 50 {
		return "too_many_blocks"
	}
	for _, b := range blocks {
		switch b.Type {
		case "header":
			if b.Text == nil || strings.TrimSpace(b.Text.Text) == "" || utf8.RuneCountInString(b.Text.Text) > 150 {
				return "invalid_blocks"
			}
		case "section":
			if b.Text == nil && len(b.Fields) == 0 {
				return "invalid_blocks"
			}
			if b.Text != nil && (b.Text.Text == "" || utf8.RuneCountInString(b.Text.Text) > 3000) {
				return "invalid_blocks"
			}
		case "rich_text":
			if !validRichText(b.Elements) {
				return "invalid_blocks"
			}
		}
	}
	return ""
}

// validRichText reports whether Slack would take the elements of a
// rich_text block.
func validRichText(raw json.RawMessage) bool {
	var parts []struct {
		Type     string `json:"type"`
		Elements []struct {
			Type string  `json:"type"`
			Text *string `json:"text"`
			URL  string  `json:"url"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(raw, &parts); err != nil || len(parts) == 0 {
		return false
	}
	for _, p := range parts {
		switch p.Type {
		case "rich_text_section", "rich_text_quote", "rich_text_preformatted", "rich_text_list":
		default:
			return false
		}
		if len(p.Elements) == 0 {
			return false
		}
		for _, e := range p.Elements {
			switch {
			case p.Type == "rich_text_list":
				// Its elements are sections, not checked further here.
			case e.Type == "text" && (e.Text == nil || *e.Text == ""):
				return false
			case e.Type == "link" && e.URL == "":
				return false
			}
		}
	}
	return true
}
