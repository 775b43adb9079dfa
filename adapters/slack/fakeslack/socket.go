package fakeslack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/websocket"
)

// Socket Mode envelope types.
const (
	TypeSlashCommands = "slash_commands"
	TypeEventsAPI     = "events_api"
	TypeInteractive   = "interactive"
)

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// MaxFrameBytes is the largest websocket message Slack's Socket Mode
// server takes from a client: a larger one (an acknowledgement with too
// big a payload) closes the connection with 1009, "Max frame length of
// 20480 has been exceeded.", and the envelope is not acknowledged.
const MaxFrameBytes = 20480

// serveSocket accepts a Socket Mode websocket: it says hello, pings the
// client, and records the acknowledgements it sends until it goes away.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	conn.SetReadLimit(MaxFrameBytes)
	c := &liveConn{conn: conn, done: make(chan struct{})}
	defer close(c.done)
	conn.SetPongHandler(func(string) error {
		s.mu.Lock()
		s.pongs++
		s.notifyLocked()
		s.mu.Unlock()
		return nil
	})
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = conn.Close()
		return
	}
	s.all = append(s.all, c)
	s.mu.Unlock()

	hello := map[string]any{
		"type": "hello", "num_connections": 1,
		"debug_info":      map[string]any{"host": "fakeslack", "approximate_connection_time": 3600},
		"connection_info": map[string]any{"app_id": AppID},
	}
	if err := c.writeJSON(hello); err != nil {
		_ = conn.Close()
		return
	}
	s.mu.Lock()
	s.conns++
	s.live = c
	s.notifyLocked()
	s.mu.Unlock()

	stop := make(chan struct{})
	go s.ping(c, stop)
	s.readAcks(c)
	close(stop)
	_ = conn.Close()
	s.mu.Lock()
	if s.live == c {
		s.live = nil
	}
	for i, x := range s.all {
		if x == c {
			s.all = append(s.all[:i], s.all[i+1:]...)
			break
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
}

// ping sends a websocket ping every pingEvery until stop is closed.
func (s *Server) ping(c *liveConn, stop <-chan struct{}) {
	t := time.NewTicker(pingEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if err := c.conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second)); err != nil {
				return
			}
		}
	}
}

// readAcks records every acknowledgement until the connection fails or
// the client sends more than MaxFrameBytes.
func (s *Server) readAcks(c *liveConn) {
	for {
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		var a struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &a) != nil || a.EnvelopeID == "" {
			continue
		}
		s.mu.Lock()
		s.acks = append(s.acks, Ack{EnvelopeID: a.EnvelopeID, Payload: a.Payload, At: time.Now()})
		s.notifyLocked()
		s.mu.Unlock()
	}
}

// waitLive waits for a live websocket.
func (s *Server) waitLive(ctx context.Context) (*liveConn, error) {
	var c *liveConn
	if err := s.wait(ctx, func() bool { c = s.live; return c != nil }); err != nil {
		return nil, fmt.Errorf("wait for a socket mode connection: %w", err)
	}
	return c, nil
}

// Push sends a Socket Mode envelope of the given type (TypeSlashCommands,
// TypeEventsAPI, TypeInteractive) with the payload (marshalled to JSON) to
// the live connection, waiting for one, and returns its envelope id.
// retryAttempt is reported as Slack does when it redelivers.
func (s *Server) Push(ctx context.Context, typ string, payload any, retryAttempt int) (string, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("push %s: %w", typ, err)
	}
	c, err := s.waitLive(ctx)
	if err != nil {
		return "", fmt.Errorf("push %s: %w", typ, err)
	}
	s.mu.Lock()
	s.envelopes++
	id := "env-" + strconv.Itoa(s.envelopes)
	s.mu.Unlock()
	env := map[string]any{
		"envelope_id": id, "type": typ, "payload": json.RawMessage(raw),
		"accepts_response_payload": typ != TypeEventsAPI,
		"retry_attempt":            retryAttempt,
		"retry_reason":             "",
	}
	if retryAttempt > 0 {
		env["retry_reason"] = "timeout"
	}
	if err := c.writeJSON(env); err != nil {
		return "", fmt.Errorf("push %s: %w", typ, err)
	}
	return id, nil
}

// SlashCommand is the payload of a slash command, as Slack sends it.
type SlashCommand struct {
	Command     string `json:"command"` // with the slash: "/quote"
	Text        string `json:"text"`
	UserID      string `json:"user_id"`
	ChannelID   string `json:"channel_id"`
	ResponseURL string `json:"response_url"`
	TeamID      string `json:"team_id"`
	TriggerID   string `json:"trigger_id"`
}

// PushSlashCommand sends a slash_commands envelope and returns its id.
func (s *Server) PushSlashCommand(ctx context.Context, cmd SlashCommand) (string, error) {
	if cmd.TeamID == "" {
		cmd.TeamID = TeamID
	}
	return s.Push(ctx, TypeSlashCommands, cmd, 0)
}

// EventCallback is the body Slack sends for an Events API event: the inner
// event (e.g. an app_mention as a map) wrapped with its event id.
func EventCallback(eventID string, event any) map[string]any {
	return map[string]any{
		"token": "", "team_id": TeamID, "api_app_id": AppID, "type": "event_callback",
		"event_id": eventID, "event_time": time.Now().Unix(), "event": event,
	}
}

// PushEvent sends an events_api envelope carrying the event under eventID;
// retryAttempt > 0 marks a redelivery.
func (s *Server) PushEvent(ctx context.Context, eventID string, event any, retryAttempt int) (string, error) {
	return s.Push(ctx, TypeEventsAPI, EventCallback(eventID, event), retryAttempt)
}

// PushInteraction sends an interactive envelope (block_actions,
// message_action, ...) and returns its id.
func (s *Server) PushInteraction(ctx context.Context, payload any) (string, error) {
	return s.Push(ctx, TypeInteractive, payload, 0)
}

// Disconnect asks the live client to reconnect, as Slack does before it
// recycles a connection.
func (s *Server) Disconnect(ctx context.Context) error {
	c, err := s.waitLive(ctx)
	if err != nil {
		return fmt.Errorf("disconnect: %w", err)
	}
	msg := map[string]any{"type": "disconnect", "reason": "refresh_requested", "debug_info": map[string]any{"host": "fakeslack"}}
	if err := c.writeJSON(msg); err != nil && !errors.Is(err, websocket.ErrCloseSent) {
		return fmt.Errorf("disconnect: %w", err)
	}
	return nil
}

// DropConnection closes the live websocket without warning, as a network
// failure would.
func (s *Server) DropConnection() {
	s.mu.Lock()
	c := s.live
	s.live = nil
	s.mu.Unlock()
	if c != nil {
		_ = c.conn.Close()
	}
}
