package fakediscord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// gatewaySession is an identified gateway session: it keeps its events so a
// client that lost its connection can resume and get what it missed.
type gatewaySession struct {
	id     string
	seq    int64
	events []gatewayEvent
	conn   *gatewayConn // nil while disconnected
}

type gatewayEvent struct {
	Op   int             `json:"op"`
	Seq  int64           `json:"s,omitempty"`
	Type string          `json:"t,omitempty"`
	Data json.RawMessage `json:"d"`
}

// gatewayConn is one websocket connection.
type gatewayConn struct {
	ws      *websocket.Conn
	wmu     sync.Mutex
	session *gatewaySession
}

func (c *gatewayConn) write(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if err := c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second)); err != nil {
		return err
	}
	return c.ws.WriteJSON(v)
}

// serveGateway upgrades to the websocket gateway: Hello, then Identify ->
// READY or Resume -> replay + RESUMED, heartbeats acknowledged.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	down := s.gatewayDown
	s.mu.Unlock()
	if down {
		http.Error(w, "gateway unavailable", http.StatusServiceUnavailable)
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gatewayConn{ws: ws}
	s.mu.Lock()
	s.conns[c] = true
	s.stats.Connections++
	s.mu.Unlock()
	defer s.detach(c)

	hello, _ := json.Marshal(map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds()})
	if c.write(gatewayEvent{Op: 10, Data: hello}) != nil {
		return
	}
	for {
		var in struct {
			Op   int             `json:"op"`
			Data json.RawMessage `json:"d"`
		}
		if err := ws.ReadJSON(&in); err != nil {
			return
		}
		switch in.Op {
		case 1:
			s.mu.Lock()
			s.stats.Heartbeats++
			s.mu.Unlock()
			if c.write(gatewayEvent{Op: 11, Data: json.RawMessage("null")}) != nil {
				return
			}
		case 2:
			if !s.identify(c, in.Data) {
				return
			}
		case 6:
			if !s.resume(c, in.Data) {
				return
			}
		}
	}
}

// identify starts a new session and sends READY.
func (s *Server) identify(c *gatewayConn, data json.RawMessage) bool {
	var id struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(data, &id); err != nil || strings.TrimPrefix(id.Token, "Bot ") != s.opts.Token {
		c.wmu.Lock()
		_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."), time.Now().Add(time.Second))
		c.wmu.Unlock()
		return false
	}
	s.mu.Lock()
	s.stats.Identifies++
	sess := &gatewaySession{id: fmt.Sprintf("session-%d", s.stats.Identifies), conn: c}
	s.sessions[sess.id] = sess
	c.session = sess
	ready := map[string]any{
		"v": 9, "session_id": sess.id, "resume_gateway_url": s.GatewayURL(),
		"user":        map[string]any{"id": s.opts.BotUserID, "username": "stancebot", "bot": true},
		"application": map[string]any{"id": s.opts.AppID},
		"guilds":      []any{}, "private_channels": []any{},
	}
	err := s.dispatchTo(sess, "READY", ready)
	s.mu.Unlock()
	return err == nil
}

// resume reattaches a session, replays what it missed and sends RESUMED.
func (s *Server) resume(c *gatewayConn, data json.RawMessage) bool {
	var rs struct {
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	_ = json.Unmarshal(data, &rs)
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.sessions[rs.SessionID]
	if sess == nil {
		return c.write(gatewayEvent{Op: 9, Data: json.RawMessage("false")}) == nil
	}
	s.stats.Resumes++
	sess.conn = c
	c.session = sess
	for _, e := range sess.events {
		if e.Seq > rs.Seq {
			if c.write(e) != nil {
				return false
			}
			s.stats.Dispatched++
		}
	}
	return s.dispatchTo(sess, "RESUMED", map[string]any{}) == nil
}

// detach forgets a closed connection; its session waits for a resume.
func (s *Server) detach(c *gatewayConn) {
	c.ws.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	if c.session != nil && c.session.conn == c {
		c.session.conn = nil
	}
}

// dispatchTo records an event in a session and sends it when connected;
// otherwise it waits in the session for a resume. Callers hold s.mu.
func (s *Server) dispatchTo(sess *gatewaySession, typ string, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("fakediscord: encode %s: %w", typ, err)
	}
	sess.seq++
	e := gatewayEvent{Op: 0, Seq: sess.seq, Type: typ, Data: b}
	sess.events = append(sess.events, e)
	if sess.conn == nil {
		return nil
	}
	if err := sess.conn.write(e); err != nil {
		// The connection is gone: the event waits for a resume.
		sess.conn.ws.Close()
		sess.conn = nil
		return nil
	}
	s.stats.Dispatched++
	return nil
}

// Dispatch sends an event (op 0) of the given type to every gateway session;
// a session whose connection is down gets it when it resumes.
func (s *Server) Dispatch(eventType string, data any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.sessions) == 0 {
		return ErrNoSession
	}
	for _, sess := range s.sessions {
		if err := s.dispatchTo(sess, eventType, data); err != nil {
			return err
		}
	}
	return nil
}

// Connected reports whether a client has an identified or resumed session
// on a live connection.
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sess := range s.sessions {
		if sess.conn != nil {
			return true
		}
	}
	return false
}

// DropGateway cuts every gateway connection without a close frame, as a
// network failure would; clients are expected to resume.
func (s *Server) DropGateway() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.ws.Close()
		if c.session != nil && c.session.conn == c {
			c.session.conn = nil
		}
	}
}

// SetGatewayDown drops every gateway connection and refuses new ones while
// down is true.
func (s *Server) SetGatewayDown(down bool) {
	s.mu.Lock()
	s.gatewayDown = down
	s.mu.Unlock()
	if down {
		s.DropGateway()
	}
}

// Stats returns the gateway counters.
func (s *Server) Stats() GatewayStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}
