// Package fakediscord is a fake Discord for tests: the REST routes a bot uses
// and a websocket gateway, served on 127.0.0.1 so that discordgo's real code
// can run against it offline.
//
// Start a server, point a discordgo session (or the discord adapter) at it
// with Client(), and inspect what the bot did with Records:
//
//	srv, err := fakediscord.Start(fakediscord.Options{})
//	...
//	defer srv.Close()
//	a, err := discord.New(b, discord.Options{Token: srv.Token(), AppID: srv.AppID(),
//		PublicKey: srv.PublicKey(), HTTPClient: srv.Client()})
//	go a.Run(ctx)                                   // connects to the fake gateway
//	i, err := srv.InjectInteraction(fakediscord.Slash("help", nil))
//	rec, err := srv.WaitRecord(ctx, fakediscord.ForInteraction(i.ID, fakediscord.KindCallback))
//	posted := srv.Records(fakediscord.InChannel("123"))         // Send, digests
//	_, rec, err = srv.PostInteraction(ctx, url, fakediscord.Slash("help", nil)) // HTTP mode, signed
//
// REST routes served (under /api/v9): GET gateway and gateway/bot, POST
// interactions/{id}/{token}/callback, POST webhooks/{app}/{token} (follow-up),
// PATCH webhooks/{app}/{token}/messages/{id} (edit the original response,
// "@original", or a follow-up), DELETE webhooks/{app}/{token}/messages/@original,
// PUT/GET applications/{app}/commands and
// applications/{app}/guilds/{guild}/commands, POST and GET
// channels/{id}/messages, GET users/@me, POST users/@me/channels (open a
// DM). Bot routes check the Authorization header against the bot token.
//
// Channel messages behave like Discord's: a nonce sent with enforce_nonce
// that matches a message of the last minutes answers that message and makes
// no other; the history (Messages, GET) is kept for the server's life, so a
// client may restart against it. FailNext injects errors (before or after the
// message is made), FailChannel permanent channel errors, SetHook a callback
// at the moment a message arrives and is made.
//
// Interactions behave like Discord's: a callback is accepted once (a second
// one gets error 40060) and only within the deadline (a late one gets 10062).
// A click (Click) must be on a message that exists: an interaction's
// response or follow-up, or a channel message (PostMessage puts one there),
// and on an enabled button that message has: each message keeps the
// components it was made with, replaced when an edit or an update (response
// type 7) sends components; InjectInteraction and PostInteraction refuse any
// other click. As on Discord, the clicked message of an interaction's answer
// carries who used that interaction (interaction_metadata), unless the test
// set it.
// ForceRateLimit makes the next requests of a kind answer 429 with a
// retry_after; DropGateway cuts the websocket so the client resumes;
// SetGatewayDown keeps it down.
//
// Modals (response type 9) follow Discord's rules: only as the first
// response of a command or a component click, never of a modal submission
// (Submit builds one) nor after a deferral, and within the modal limits
// (title and labels of at most 45 characters, custom_ids of at most 100, 1
// to 5 text inputs, lengths within 4000); Record.Modal is the modal opened.
// A modal makes no message: editing or deleting the interaction's
// original response ("@original") then fails with 10008 (Unknown Message).
//
// Direct messages: POST users/@me/channels opens (or returns) the user's
// DM channel (DMChannel); a message to it fails with 50007 (Cannot send
// messages to this user) once CloseDMs was called for the user.
package fakediscord

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Options configure a fake Discord. Zero values get the defaults shown.
type Options struct {
	Token     string // the bot token (without "Bot "); default "test-token"
	AppID     string // the application id; default "100000000000000001"
	BotUserID string // the bot user's id; default "100000000000000002"
	// HeartbeatInterval is sent in the gateway's Hello; default 1s.
	HeartbeatInterval time.Duration
	// InteractionDeadline is how long an interaction accepts its first
	// callback; default 3s, as on Discord.
	InteractionDeadline time.Duration
	// TokenLifetime is how long an interaction's webhook (follow-ups,
	// edits) works; default 15 minutes, as on Discord.
	TokenLifetime time.Duration
	// WebhookWarmup is how long after an interaction answered over HTTP
	// its webhook is still unknown (10015), as Discord does for a few
	// seconds after an HTTP deferral; default 0.
	WebhookWarmup time.Duration
}

// Server is a running fake Discord. Its methods are safe for concurrent use.
type Server struct {
	opts     Options
	listener net.Listener
	http     *http.Server
	priv     ed25519.PrivateKey
	pub      ed25519.PublicKey
	upgrader websocket.Upgrader

	mu           sync.Mutex
	changed      chan struct{} // closed and replaced whenever something is recorded
	nextID       int64
	records      []Record
	interactions map[string]*interactionState // by id
	byToken      map[string]*interactionState
	commands     map[string][]map[string]any // by guild id ("" = global)
	rateLimits   map[Kind][]rateLimit
	sessions     map[string]*gatewaySession
	conns        map[*gatewayConn]bool
	gatewayDown  bool
	stats        GatewayStats

	channels map[string][]Message // by channel id, oldest first
	// messages are the messages that exist, to be clicked on, by id.
	messages      map[string]*clickable
	dms           map[string]string // DM channel id by user id
	dmUsers       map[string]string // user id by DM channel id
	dmsClosed     map[string]bool   // users who accept no DMs from the bot
	channelErrors map[string]int    // Discord error code of posts to a channel
	failures      map[Kind][]Failure
	hook          Hook
	editDelay     time.Duration
	edits         int // edits being served
	maxEdits      int
}

// GatewayStats counts what happened on the gateway.
type GatewayStats struct {
	Connections int // websocket connections accepted
	Identifies  int // Identify (op 2) received
	Resumes     int // Resume (op 6) received and resumed
	Heartbeats  int // heartbeats (op 1) received
	Dispatched  int // events sent (replays included)
}

type rateLimit struct {
	retryAfter time.Duration
	global     bool
}

// Start starts a fake Discord on 127.0.0.1.
func Start(opts Options) (*Server, error) {
	if opts.Token == "" {
		opts.Token = "test-token"
	}
	if opts.AppID == "" {
		opts.AppID = "100000000000000001"
	}
	if opts.BotUserID == "" {
		opts.BotUserID = "100000000000000002"
	}
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = time.Second
	}
	if opts.InteractionDeadline <= 0 {
		opts.InteractionDeadline = 3 * time.Second
	}
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = 15 * time.Minute
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("fakediscord: generate key: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fakediscord: listen: %w", err)
	}
	s := &Server{
		opts:          opts,
		listener:      ln,
		priv:          priv,
		pub:           pub,
		changed:       make(chan struct{}),
		nextID:        200000000000000000,
		interactions:  map[string]*interactionState{},
		byToken:       map[string]*interactionState{},
		commands:      map[string][]map[string]any{},
		rateLimits:    map[Kind][]rateLimit{},
		sessions:      map[string]*gatewaySession{},
		conns:         map[*gatewayConn]bool{},
		channels:      map[string][]Message{},
		messages:      map[string]*clickable{},
		dms:           map[string]string{},
		dmUsers:       map[string]string{},
		dmsClosed:     map[string]bool{},
		channelErrors: map[string]int{},
		failures:      map[Kind][]Failure{},
	}
	s.http = &http.Server{Handler: s.routes(), ReadHeaderTimeout: 5 * time.Second}
	go s.http.Serve(ln) //nolint:errcheck // returns when closed
	return s, nil
}

// Close stops the server and closes every gateway connection.
func (s *Server) Close() {
	s.mu.Lock()
	for c := range s.conns {
		c.ws.Close()
	}
	s.mu.Unlock()
	s.http.Close()
}

// URL is the server's base URL, "http://127.0.0.1:PORT".
func (s *Server) URL() string { return "http://" + s.listener.Addr().String() }

// APIURL is the REST base URL, for the discord adapter's Options.APIURL
// (and the [discord] api_url setting).
func (s *Server) APIURL() string { return s.URL() + "/api/v9/" }

// GatewayURL is the websocket URL the gateway lookup answers.
func (s *Server) GatewayURL() string { return "ws://" + s.listener.Addr().String() + "/gateway" }

// Token is the bot token the server accepts (without "Bot ").
func (s *Server) Token() string { return s.opts.Token }

// AppID is the application id.
func (s *Server) AppID() string { return s.opts.AppID }

// BotUserID is the bot user's id, sent in READY.
func (s *Server) BotUserID() string { return s.opts.BotUserID }

// PublicKey is the hex Ed25519 public key HTTP interactions are signed with.
func (s *Server) PublicKey() string { return hex.EncodeToString(s.pub) }

// newID returns a fresh snowflake: its time is now, as Discord's ids, so
// that "after" in the history works; ids only grow. Callers hold s.mu.
func (s *Server) newID() string {
	s.nextID = max(s.nextID+1, (time.Now().UnixMilli()-1420070400000)<<22)
	return strconv.FormatInt(s.nextID, 10)
}

// ForceRateLimit makes the next times requests of kind answer 429 with
// retry_after (and the rate-limit headers Discord sends); global marks a
// global rate limit.
func (s *Server) ForceRateLimit(kind Kind, times int, retryAfter time.Duration, global bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range times {
		s.rateLimits[kind] = append(s.rateLimits[kind], rateLimit{retryAfter: retryAfter, global: global})
	}
}

// takeRateLimit pops a forced rate limit for kind. Callers hold s.mu.
func (s *Server) takeRateLimit(kind Kind) (rateLimit, bool) {
	q := s.rateLimits[kind]
	if len(q) == 0 {
		return rateLimit{}, false
	}
	s.rateLimits[kind] = q[1:]
	return q[0], true
}

// ErrNoSession is returned by Dispatch when no client ever identified.
var ErrNoSession = errors.New("fakediscord: no gateway session")
