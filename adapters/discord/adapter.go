// Package discord is stancebot's Discord adapter, on
// github.com/bwmarrin/discordgo. It serves the core's commands as slash
// commands (with autocomplete), pagination buttons, the message
// context-menu commands "Find sources" and "Propose as a position", and
// forms as modals, over the gateway (bot token) or as HTTP interactions
// (the application's public key); it posts digests, and notices to other
// users as direct messages.
//
// Its whole job is translation: a Discord interaction becomes a bot.Request,
// the bot.Reply becomes embeds and buttons within Discord's limits.
package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/internal/inflight"
	"github.com/stancebot/stancebot/adapters/internal/kept"
	"github.com/stancebot/stancebot/bot"
)

// Options configure the adapter. Secrets are passed in by the caller, who
// reads them from the environment (DISCORD_TOKEN, DISCORD_APP_ID,
// DISCORD_PUBLIC_KEY).
type Options struct {
	// Token is the bot token ("Bot " prefix optional): needed for the
	// gateway, for Send and for registering commands.
	Token string
	// AppID is the application id: needed for registering commands.
	AppID string
	// PublicKey is the application's hex Ed25519 public key: needed for
	// HTTP interactions.
	PublicKey string
	// GuildID is the guild SyncCommands registers commands in when given
	// none (development: they appear at once); "" registers them globally.
	GuildID string
	// HTTPClient makes the REST calls (nil: a client with a 20 s timeout).
	HTTPClient *http.Client
	// APIURL replaces Discord's REST base URL, https://discord.com/api/v9/
	// (a rate-limit proxy in front of Discord, a fake in tests); "": Discord's.
	APIURL string
	// Logger logs what the adapter does (nil: slog.Default()).
	Logger *slog.Logger
	// Observer is told about failed Discord calls (nil: nothing).
	Observer bot.Observer
	// DeferAfter is how long an answer may take before the interaction is
	// deferred and the answer edited in later (default 2s; Discord allows 3s).
	DeferAfter time.Duration
	// AnswerTimeout bounds how long one answer may take in all (default 60s).
	AnswerTimeout time.Duration
	// MaxRetryWait is the longest Send waits on a 429 before retrying; a
	// longer retry_after fails the send (default 30s).
	MaxRetryWait time.Duration
	// DeadAfter is how long the gateway may stay disconnected before Run
	// gives up with an error (default 3m).
	DeadAfter time.Duration
	// ModeratorRoles are ids of guild roles whose members may manage and
	// moderate channels (bot.Request.CanManageChannel) without the Manage
	// Channels permission.
	ModeratorRoles []string
	// Now is the clock for checking request timestamps and for how long
	// forms are kept (nil: time.Now).
	Now func() time.Time
}

// Adapter connects a bot to Discord.
type Adapter struct {
	bot     *bot.Bot
	opts    Options
	log     *slog.Logger
	obs     bot.Observer
	session *discordgo.Session
	// answerer answers interactions (callbacks, edits, follow-ups) with a
	// rate limiter of its own: interaction endpoints are not bound by the
	// global rate limit, so a digest's 429 must not stall an answer.
	answerer *discordgo.Session
	pubKey   ed25519.PublicKey // nil: HTTP interactions are refused

	running   atomic.Bool           // Run is serving the gateway
	connected atomic.Bool           // the gateway is connected
	answers   inflight.Counter      // interactions being answered
	forms     *kept.Store[bot.Form] // forms behind buttons and modals opened
	// dmChannels are the ids of the DM channels opened for notices, by user.
	dmChannels *kept.Store[string]

	mu        sync.Mutex
	selfID    string    // the bot user's id, from READY
	downSince time.Time // when the gateway last went down (zero: up)
}

// New returns an adapter for b. It needs a token (gateway mode) or a
// public key (HTTP interactions mode), or both.
func New(b *bot.Bot, opts Options) (*Adapter, error) {
	if b == nil {
		return nil, fmt.Errorf("discord: no bot")
	}
	if opts.Token == "" && opts.PublicKey == "" {
		return nil, fmt.Errorf("discord: a bot token (gateway) or a public key (HTTP interactions) is required")
	}
	a := &Adapter{bot: b, opts: opts, log: opts.Logger, obs: opts.Observer}
	if a.log == nil {
		a.log = slog.Default()
	}
	a.log = a.log.With("platform", string(bot.PlatformDiscord))
	if a.obs == nil {
		a.obs = bot.NopObserver{}
	}
	if a.opts.DeferAfter <= 0 {
		a.opts.DeferAfter = 2 * time.Second
	}
	if a.opts.AnswerTimeout <= 0 {
		a.opts.AnswerTimeout = time.Minute
	}
	if a.opts.MaxRetryWait <= 0 {
		a.opts.MaxRetryWait = 30 * time.Second
	}
	if a.opts.DeadAfter <= 0 {
		a.opts.DeadAfter = 3 * time.Minute
	}
	if a.opts.Now == nil {
		a.opts.Now = time.Now
	}
	a.forms = kept.New[bot.Form](formsKept, formLifetime, a.opts.Now)
	a.dmChannels = kept.New[string](kept.DMChannels, kept.DMChannelLifetime, a.opts.Now)
	if opts.PublicKey != "" {
		k, err := hex.DecodeString(strings.TrimSpace(opts.PublicKey))
		if err != nil || len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("discord: the public key must be %d bytes of hex", ed25519.PublicKeySize)
		}
		a.pubKey = k
	}
	client := opts.HTTPClient
	if opts.APIURL != "" {
		u, err := url.Parse(opts.APIURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("discord: api_url %q is not an absolute URL", opts.APIURL)
		}
		client = withAPIURL(client, strings.TrimSuffix(opts.APIURL, "/")+"/")
	}
	a.session = newSession(opts.Token, client)
	a.answerer = newSession(opts.Token, client)
	a.session.AddHandler(a.onEvent)
	a.session.AddHandler(a.onReady)
	a.session.AddHandler(a.onConnect)
	a.session.AddHandler(a.onDisconnect)
	a.session.AddHandler(a.onResumed)
	a.session.AddHandler(a.onRateLimit)
	return a, nil
}

// newSession returns a discordgo session that needs no gateway intents
// (interactions arrive regardless), keeps no state and logs only through us.
func newSession(token string, client *http.Client) *discordgo.Session {
	if token != "" && !strings.HasPrefix(token, "Bot ") && !strings.HasPrefix(token, "Bearer ") {
		token = "Bot " + token
	}
	s, _ := discordgo.New(token) // never fails
	if client != nil {
		s.Client = client
	}
	s.Identify.Intents = discordgo.IntentsNone
	s.StateEnabled = false
	s.LogLevel = -1 // discordgo logs through the log package; we log its events with slog
	return s
}

// withAPIURL returns a copy of client (nil: a default one) whose requests
// to Discord's REST API go to base instead.
func withAPIURL(client *http.Client, base string) *http.Client {
	c := &http.Client{Timeout: 20 * time.Second}
	if client != nil {
		*c = *client
	}
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = apiRewriter{base: base, next: next}
	return c
}

// apiRewriter sends requests for discordgo.EndpointAPI to another base URL.
type apiRewriter struct {
	base string
	next http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t apiRewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	u := req.URL.String()
	if !strings.HasPrefix(u, discordgo.EndpointAPI) {
		return t.next.RoundTrip(req)
	}
	to, err := url.Parse(t.base + strings.TrimPrefix(u, discordgo.EndpointAPI))
	if err != nil {
		return nil, fmt.Errorf("discord api_url: %w", err)
	}
	r := req.Clone(req.Context())
	r.URL, r.Host = to, to.Host
	return t.next.RoundTrip(r)
}

// Ready reports whether the adapter can serve: the gateway is connected
// while Run serves it, or else HTTP interactions are configured.
func (a *Adapter) Ready() bool {
	if a.running.Load() {
		return a.connected.Load()
	}
	return a.pubKey != nil
}
