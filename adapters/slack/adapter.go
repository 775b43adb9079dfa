// Package slack connects stancebot to Slack with
// github.com/slack-go/slack: slash commands, @-mentions (in threads too),
// direct messages, the "Find sources" and "Propose as a position" message
// shortcuts, pagination buttons and forms (modals), received over Socket
// Mode (Run) or HTTP (Handler), answered with the core's replies rendered
// into Block Kit; notices to other users go privately. Send posts unprompted replies
// such as daily digests. Manifest generates the Slack app manifest from the
// core's command registry.
package slack

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/internal/inflight"
	"github.com/stancebot/stancebot/adapters/internal/kept"
	"github.com/stancebot/stancebot/bot"
)

// Defaults of the Options durations.
const (
	DefaultAckAfter     = 2 * time.Second
	DefaultPostInterval = time.Second
	DefaultDeadAfter    = 2 * time.Minute
)

// handleTimeout bounds the work done for one request after it was acknowledged.
const handleTimeout = time.Minute

// Options configures an Adapter. Tokens and the signing secret are passed in
// by the caller, who reads them from the environment.
type Options struct {
	BotToken      string // xoxb-...; required
	AppToken      string // xapp-...; enables Socket Mode in Run
	SigningSecret string // enables HTTP mode: verifies every request to Handler
	// APIURL is the Slack Web API base URL; empty means Slack's own.
	// Tests point it at a fake (fakeslack).
	APIURL     string
	HTTPClient *http.Client // nil: a client with a 30 s timeout
	Logger     *slog.Logger // nil: slog.Default()
	Observer   bot.Observer // nil: no metrics
	// Events remembers the event ids answered across restarts (the store),
	// so that Slack's retry of an event answered before a restart is not
	// answered again; nil: in memory only.
	Events bot.EventLog
	// AdminUserIDs may manage channel settings (digest subscriptions) in
	// addition to workspace admins and owners.
	AdminUserIDs []string
	// AckAfter is how long a slash command or a form submission waits for
	// its answer before it is acknowledged without it (Slack allows 3 s);
	// default DefaultAckAfter.
	AckAfter time.Duration
	// PostInterval is the least time between two posts to one channel;
	// default DefaultPostInterval (Slack allows about one per second).
	PostInterval time.Duration
	// DeadAfter is how long Socket Mode may stay disconnected before Run
	// gives up with an error; default DefaultDeadAfter.
	DeadAfter time.Duration
	// Now is the clock request timestamps are checked against, and that
	// what the adapter keeps in memory (forms, who is an admin) expires
	// on; nil: time.Now.
	Now func() time.Time
}

// Adapter is a Slack connection for one bot.
type Adapter struct {
	bot  *bot.Bot
	opts Options
	log  *slog.Logger
	obs  bot.Observer
	api  *slackapi.Client
	http *http.Client

	seen      *seenSet
	pace      *pacer
	admins    *adminCache
	forms     *kept.Store[forUser[slackapi.ModalViewRequest]] // forms offered with a button
	resubmits *kept.Store[forUser[string]]                    // refused forms' next commands, by view id
	dms       *kept.Store[string]                             // the DM channel ids opened, by user
	answers   inflight.Counter                                // answers being computed or delivered

	connected atomic.Bool

	idMu    sync.Mutex
	selfID  string // the bot's user id, from auth.test
	selfBot string // the bot's bot id, from auth.test
}

// New returns an Adapter for b. A bot token is required, and an app token
// (Socket Mode) or a signing secret (HTTP mode) or both.
func New(b *bot.Bot, opts Options) (*Adapter, error) {
	switch {
	case b == nil:
		return nil, fmt.Errorf("new slack adapter: no bot")
	case opts.BotToken == "":
		return nil, fmt.Errorf("new slack adapter: no bot token (SLACK_BOT_TOKEN)")
	case opts.AppToken == "" && opts.SigningSecret == "":
		return nil, fmt.Errorf("new slack adapter: need an app token (SLACK_APP_TOKEN, Socket Mode) or a signing secret (SLACK_SIGNING_SECRET, HTTP mode)")
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Observer == nil {
		opts.Observer = bot.NopObserver{}
	}
	if opts.AckAfter <= 0 {
		opts.AckAfter = DefaultAckAfter
	}
	if opts.PostInterval <= 0 {
		opts.PostInterval = DefaultPostInterval
	}
	if opts.DeadAfter <= 0 {
		opts.DeadAfter = DefaultDeadAfter
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	a := &Adapter{
		bot:       b,
		opts:      opts,
		log:       opts.Logger.With("platform", string(bot.PlatformSlack)),
		obs:       opts.Observer,
		http:      opts.HTTPClient,
		seen:      newSeenSet(4096),
		pace:      newPacer(opts.PostInterval),
		admins:    newAdminCache(opts.AdminUserIDs, 10*time.Minute, opts.Now),
		forms:     kept.New[forUser[slackapi.ModalViewRequest]](formsKept, formLifetime, opts.Now),
		resubmits: kept.New[forUser[string]](formsKept, formLifetime, opts.Now),
		dms:       kept.New[string](kept.DMChannels, kept.DMChannelLifetime, opts.Now),
	}
	a.api = slackapi.New(opts.BotToken, a.clientOptions()...)
	return a, nil
}

// clientOptions configure every slack-go client the adapter makes.
func (a *Adapter) clientOptions() []slackapi.Option {
	o := []slackapi.Option{
		slackapi.OptionHTTPClient(a.http),
		slackapi.OptionLog(slogOutput{a.log}),
	}
	if a.opts.APIURL != "" {
		o = append(o, slackapi.OptionAPIURL(a.opts.APIURL))
	}
	if a.opts.AppToken != "" {
		o = append(o, slackapi.OptionAppLevelToken(a.opts.AppToken))
	}
	return o
}

// Ready reports whether the adapter can take requests: Socket Mode is
// connected, or (without an app token) HTTP mode is configured.
func (a *Adapter) Ready() bool {
	if a.opts.AppToken != "" {
		return a.connected.Load()
	}
	return a.opts.SigningSecret != ""
}

// identity returns the bot's own user and bot ids, asking auth.test once.
func (a *Adapter) identity(ctx context.Context) (userID, botID string, err error) {
	a.idMu.Lock()
	defer a.idMu.Unlock()
	if a.selfID != "" {
		return a.selfID, a.selfBot, nil
	}
	res, err := a.api.AuthTestContext(ctx)
	if err != nil {
		a.platformError("auth")
		return "", "", fmt.Errorf("slack auth.test: %w", err)
	}
	a.selfID, a.selfBot = res.UserID, res.BotID
	return a.selfID, a.selfBot, nil
}

// spawn runs f in the background with a context that outlives the request
// that caused it (Slack was already answered) and the socket it came on,
// but not handleTimeout. Run and Drain wait for it.
func (a *Adapter) spawn(ctx context.Context, f func(ctx context.Context)) {
	a.answers.Add()
	go func() {
		defer a.answers.Done()
		bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), handleTimeout)
		defer cancel()
		f(bg)
	}()
}

func (a *Adapter) platformError(kind string) {
	a.obs.PlatformError(bot.PlatformSlack, kind)
}

// slogOutput routes slack-go's debug log lines to slog at debug level.
type slogOutput struct{ log *slog.Logger }

// Output implements slack-go's logger interface.
func (s slogOutput) Output(_ int, line string) error {
	s.log.Debug(strings.TrimSpace(line), "source", "slack-go")
	return nil
}
