// Package fakeslack is a fake Slack for tests, listening on 127.0.0.1 only:
// the Web API methods stancebot calls, a Socket Mode websocket and a
// response_url receiver. It records what it is sent so tests can assert on it.
//
// Typical use with slack-go:
//
//	fs := fakeslack.New()
//	defer fs.Close()
//	api := slack.New(fakeslack.BotToken, slack.OptionAPIURL(fs.APIURL()),
//		slack.OptionAppLevelToken(fakeslack.AppToken))
//	... run the code under test ...
//	posts, err := fs.WaitPosts(ctx, 1) // chat.postMessage / chat.postEphemeral calls
//
// Web API methods: auth.test, apps.connections.open (answers the websocket
// URL of this server), chat.postMessage, chat.postEphemeral, users.info,
// conversations.history (the channel's posts, with their metadata when
// include_all_metadata is set), conversations.open (the user's direct
// message channel, "D" + the user id, the same one every time until
// ForgetDMChannel) and views.open. Bot methods require BotToken,
// apps.connections.open requires AppToken; other tokens get invalid_auth.
// Blocks Slack would refuse (more than 50, an empty header, a section over
// 3,000 characters, an empty rich text element) get invalid_blocks or
// too_many_blocks. RateLimit makes
// the next calls of a method answer 429 with Retry-After; FailChannel makes
// posts to a channel fail; FailNext injects an error (before or after the
// message is posted); SetHook calls back when a post arrives and is made.
//
// Socket Mode: the client that dials the URL gets a hello and regular pings;
// Push and its helpers send envelopes to the live connection, Acks collects
// the acknowledgements by envelope id, Disconnect asks the client to
// reconnect (as Slack does) and DropConnection cuts it without warning.
// A message from the client over MaxFrameBytes closes the connection with
// 1009, as Slack does, and is not recorded.
//
// Modals: Trigger issues the trigger ids Slack puts in interactions; views.open
// exchanges one, once and within TriggerLife (else invalid_trigger_id,
// exchanged_trigger_id or expired_trigger_id), for a modal whose view keeps
// Slack's limits (title, submit and close of 24 characters, 100 blocks,
// input labels, placeholders, max_length, select options, callback_id,
// private_metadata; else invalid_arguments with Slack's messages).
// ViewSubmission builds the view_submission payload of the user submitting
// it, and ApplyViewResponse does what Slack does with the app's answer
// (close, clear, errors naming input blocks, update, push). A view keeps
// what the user entered while it stays (its errors shown, a view pushed
// above it), and an update keeps it in the inputs of the same block_id and
// action_id, as Slack does.
//
// ResponseURL returns URLs whose POSTs are recorded as Responses, as Slack's
// response_url does for slash commands and interactions.
//
// All methods are safe for concurrent use.
package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Identities the fake answers with.
const (
	BotToken  = "xoxb-fakeslack-bot"
	AppToken  = "xapp-fakeslack-app"
	BotUserID = "UFAKEBOT"
	BotID     = "BFAKEBOT"
	TeamID    = "TFAKE"
	AppID     = "AFAKE"
)

// pingEvery is how often the fake pings a Socket Mode client.
const pingEvery = 200 * time.Millisecond

// Post is one recorded chat.postMessage or chat.postEphemeral call.
type Post struct {
	Method   string // "chat.postMessage" or "chat.postEphemeral"
	Channel  string
	User     string // the recipient of an ephemeral message
	ThreadTS string
	Text     string
	Blocks   json.RawMessage // the blocks as sent; nil when none
	TS       string          // the timestamp the fake gave the message
	// Metadata is the message metadata sent (event_type, event_payload);
	// nil when none.
	Metadata json.RawMessage
	At       time.Time
}

// Upload is one file shared with files.completeUploadExternal, after its
// bytes reached the upload URL files.getUploadURLExternal gave.
type Upload struct {
	FileID   string
	Filename string
	AltText  string
	Title    string
	Channel  string
	ThreadTS string
	Data     []byte // what was posted to the upload URL
	At       time.Time
}

// pendingUpload is a file between files.getUploadURLExternal and files.completeUploadExternal.
type pendingUpload struct {
	filename, altText string
	length            int
	data              []byte
}

// Response is one recorded POST to a response URL.
type Response struct {
	Name            string // the name given to ResponseURL
	ResponseType    string // "in_channel", "ephemeral" or ""
	ReplaceOriginal bool
	DeleteOriginal  bool
	ThreadTS        string
	Text            string
	Blocks          json.RawMessage
	At              time.Time
}

// Ack is one Socket Mode acknowledgement sent by the client.
type Ack struct {
	EnvelopeID string
	Payload    json.RawMessage // nil when the ack carries none
	At         time.Time
}

type rateLimit struct {
	times      int
	retryAfter time.Duration
}

// Server is a running fake Slack. Create it with New and stop it with Close.
type Server struct {
	srv *httptest.Server

	mu            sync.Mutex
	changed       chan struct{}
	posts         []Post
	responses     []Response
	uploads       []Upload
	pending       map[string]*pendingUpload // file id -> upload under way
	acks          []Ack
	calls         map[string]int
	limits        map[string]*rateLimit
	channelErrors map[string]string
	admins        map[string]bool
	dms           map[string]string // the DM channel id of each user it was opened with
	dmsOpened     map[string]int    // how many DM channels were opened with each user
	refuse        string
	conns         int
	pongs         int
	live          *liveConn
	all           []*liveConn
	lastTS        int64
	envelopes     int
	closed        bool
	failures      map[string][]Failure
	hook          Hook
	triggers      map[string]*trigger
	triggerSeq    int
	triggerLife   time.Duration
	views         []View
	modals        map[string]*modal // by the id of the view each shows
	viewSeq       int
}

// liveConn is one accepted websocket, with its write lock.
type liveConn struct {
	mu   sync.Mutex
	conn *websocket.Conn
	done chan struct{}
}

func (c *liveConn) writeJSON(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.conn.SetWriteDeadline(time.Now().Add(5 * time.Second)); err != nil {
		return err
	}
	return c.conn.WriteJSON(v)
}

// New starts a fake Slack on 127.0.0.1.
func New() *Server {
	s := &Server{
		changed:       make(chan struct{}),
		calls:         map[string]int{},
		limits:        map[string]*rateLimit{},
		channelErrors: map[string]string{},
		admins:        map[string]bool{},
		dms:           map[string]string{},
		dmsOpened:     map[string]int{},
		failures:      map[string][]Failure{},
		pending:       map[string]*pendingUpload{},
		triggers:      map[string]*trigger{},
		triggerLife:   TriggerLife,
		modals:        map[string]*modal{},
		lastTS:        1700000000 * 1000000,
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.serveAPI)
	mux.HandleFunc("GET /socket", s.serveSocket)
	mux.HandleFunc("POST /response/{name}", s.serveResponse)
	mux.HandleFunc("POST /upload/{id}", s.serveUpload)
	s.srv = httptest.NewServer(mux)
	return s
}

// Close disconnects every websocket and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	conns := s.all
	s.all, s.live = nil, nil
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.conn.Close()
		<-c.done
	}
	s.srv.Close()
}

// URL is the server's base URL (http://127.0.0.1:port).
func (s *Server) URL() string { return s.srv.URL }

// APIURL is the Web API base URL, for slack.OptionAPIURL.
func (s *Server) APIURL() string { return s.srv.URL + "/api/" }

// ResponseURL returns a response URL whose POSTs are recorded under name.
func (s *Server) ResponseURL(name string) string { return s.srv.URL + "/response/" + name }

// Posts returns the recorded chat.postMessage and chat.postEphemeral calls, in order.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Post(nil), s.posts...)
}

// WaitPosts waits until at least n posts are recorded and returns them all.
func (s *Server) WaitPosts(ctx context.Context, n int) ([]Post, error) {
	if err := s.wait(ctx, func() bool { return len(s.posts) >= n }); err != nil {
		return s.Posts(), fmt.Errorf("wait for %d posts: %w", n, err)
	}
	return s.Posts(), nil
}

// Uploads returns the files shared so far, in order.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Upload(nil), s.uploads...)
}

// WaitUploads waits until at least n files are shared and returns them all.
func (s *Server) WaitUploads(ctx context.Context, n int) ([]Upload, error) {
	if err := s.wait(ctx, func() bool { return len(s.uploads) >= n }); err != nil {
		return s.Uploads(), fmt.Errorf("wait for %d uploads: %w", n, err)
	}
	return s.Uploads(), nil
}

// Responses returns the recorded response URL posts, in order.
func (s *Server) Responses() []Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Response(nil), s.responses...)
}

// WaitResponses waits until at least n response URL posts are recorded and returns them all.
func (s *Server) WaitResponses(ctx context.Context, n int) ([]Response, error) {
	if err := s.wait(ctx, func() bool { return len(s.responses) >= n }); err != nil {
		return s.Responses(), fmt.Errorf("wait for %d responses: %w", n, err)
	}
	return s.Responses(), nil
}

// Acks returns the Socket Mode acknowledgements received, in order.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Ack(nil), s.acks...)
}

// WaitAck waits for the acknowledgement of the envelope with the given id.
func (s *Server) WaitAck(ctx context.Context, envelopeID string) (Ack, error) {
	var found Ack
	err := s.wait(ctx, func() bool {
		for _, a := range s.acks {
			if a.EnvelopeID == envelopeID {
				found = a
				return true
			}
		}
		return false
	})
	if err != nil {
		return Ack{}, fmt.Errorf("wait for ack of %s: %w", envelopeID, err)
	}
	return found, nil
}

// Calls returns how many times a Web API method was called, 429s included.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// WaitConnections waits until at least n websockets were accepted and the
// latest one is live.
func (s *Server) WaitConnections(ctx context.Context, n int) error {
	if err := s.wait(ctx, func() bool { return s.conns >= n && s.live != nil }); err != nil {
		return fmt.Errorf("wait for %d connections: %w", n, err)
	}
	return nil
}

// Pongs returns how many pongs answered the fake's pings.
func (s *Server) Pongs() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pongs
}

// RateLimit makes the next `times` calls of method answer HTTP 429 with a
// Retry-After of retryAfter (whole seconds, as Slack sends it).
func (s *Server) RateLimit(method string, times int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits[method] = &rateLimit{times: times, retryAfter: retryAfter}
}

// FailChannel makes posts to the channel answer ok:false with the error
// code (e.g. "not_in_channel"); an empty code lets them succeed again.
func (s *Server) FailChannel(channelID, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == "" {
		delete(s.channelErrors, channelID)
		return
	}
	s.channelErrors[channelID] = code
}

// ForgetDMChannel makes the direct message channel opened with the user
// unknown: posts to it fail with channel_not_found, and conversations.open
// gives the user a new one. FailChannel on the old channel afterwards
// changes its error (e.g. is_archived).
func (s *Server) ForgetDMChannel(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id := s.dms[userID]; id != "" {
		s.channelErrors[id] = "channel_not_found"
		delete(s.dms, userID)
	}
}

// DMChannel returns the id of the direct message channel opened with the
// user, "" when none is.
func (s *Server) DMChannel(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dms[userID]
}

// SetAdmin makes users.info report the user as a workspace admin.
func (s *Server) SetAdmin(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.admins[userID] = true
}

// SetTriggerLife changes how long a trigger id can open a view (default
// TriggerLife), so tests can let one expire quickly.
func (s *Server) SetTriggerLife(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.triggerLife = d
}

// RefuseConnections makes apps.connections.open answer ok:false with the
// error code; an empty code accepts connections again.
func (s *Server) RefuseConnections(code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = code
}

// wait blocks until ok (called with s.mu held) is true or ctx is done.
func (s *Server) wait(ctx context.Context, ok func() bool) error {
	for {
		s.mu.Lock()
		done := ok()
		ch := s.changed
		s.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// nextTSLocked returns a new, increasing message timestamp; s.mu must be held.
func (s *Server) nextTSLocked() string {
	s.lastTS = max(s.lastTS+1, time.Now().UnixMicro())
	return strconv.FormatInt(s.lastTS/1000000, 10) + "." + fmt.Sprintf("%06d", s.lastTS%1000000)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

// token returns the request's token, from the form or the Authorization header.
func token(r *http.Request) string {
	if t := r.PostFormValue("token"); t != "" {
		return t
	}
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}

// String shows the post with its blocks as JSON text, for test failures.
func (p Post) String() string {
	return fmt.Sprintf("%s channel=%s user=%s thread_ts=%s ts=%s text=%q blocks=%s",
		p.Method, p.Channel, p.User, p.ThreadTS, p.TS, p.Text, p.Blocks)
}

// String shows the response with its blocks as JSON text, for test failures.
func (r Response) String() string {
	return fmt.Sprintf("response %s type=%s replace_original=%v thread_ts=%s text=%q blocks=%s",
		r.Name, r.ResponseType, r.ReplaceOriginal, r.ThreadTS, r.Text, r.Blocks)
}
