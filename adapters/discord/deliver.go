package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/internal/wait"
	"github.com/stancebot/stancebot/bot"
)

// maxAttempts bounds the tries of one REST call that keeps being rate limited.
const maxAttempts = 5

// Split renders a reply into the Discord messages it takes (daily digests),
// each as the JSON Post sends. It implements bot.Sender.
func (a *Adapter) Split(reply bot.Reply) ([][]byte, error) {
	msgs, err := render(reply)
	if err != nil {
		return nil, fmt.Errorf("discord split: %w", err)
	}
	out := make([][]byte, len(msgs))
	for i, m := range msgs {
		// A stored message carries no upload: the picture (a tier grid,
		// which digests do not have) gives way to its text.
		if out[i], err = json.Marshal(m.withoutImage()); err != nil {
			return nil, fmt.Errorf("discord split: %w", err)
		}
	}
	return out, nil
}

// outgoingMessage is a channel message with its nonce, which discordgo's
// MessageSend lacks: with enforce_nonce, Discord answers a second post with
// the same nonce (within a few minutes) with the first message and makes no
// other.
type outgoingMessage struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce"`
	EnforceNonce bool   `json:"enforce_nonce"`
}

// Post posts one message of Split into a channel, with its key as the
// enforced nonce. It implements bot.Sender. A retry (m.Retry set) first looks
// for the message in the channel's history since the earlier attempt, and
// posts nothing if it is there. A 429 is retried after Discord's
// retry_after when that is at most MaxRetryWait. Missing access or
// permissions and an unknown channel wrap bot.ErrUndeliverable.
func (a *Adapter) Post(ctx context.Context, channelID string, m bot.Outgoing) error {
	if a.opts.Token == "" {
		return errors.New("discord post: no bot token")
	}
	var msg message
	if err := json.Unmarshal(m.Payload, &msg); err != nil {
		return fmt.Errorf("discord post: decode message: %w", err)
	}
	if !m.Retry.IsZero() {
		found, err := a.posted(ctx, channelID, msg, m.Retry)
		if err != nil {
			a.apiFailed(ctx, "history", err)
			return a.postError(channelID, "look for an earlier post", err)
		}
		if found {
			a.log.InfoContext(ctx, "message already in the channel; not posted again", "channel", channelID, "key", m.Key)
			return nil
		}
	}
	body := outgoingMessage{
		MessageSend: &discordgo.MessageSend{
			Content: msg.Content, Embeds: msg.Embeds, Components: msg.Components, AllowedMentions: noMentions(),
		},
		Nonce: m.Key, EnforceNonce: true,
	}
	endpoint := discordgo.EndpointChannelMessages(channelID)
	err := a.withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := a.session.RequestWithBucketID(http.MethodPost, endpoint, body, endpoint, opts...)
		return err
	})
	if err != nil {
		a.apiFailed(ctx, "send", err)
		return a.postError(channelID, "post", err)
	}
	return nil
}

// Discord error codes that no retry of a post can get past.
const (
	codeUnknownChannel     = 10003
	codeMissingAccess      = 50001
	codeMissingPermissions = 50013
)

// postError describes a failed post, wrapping bot.ErrUndeliverable when the
// channel refuses the bot for good.
func (a *Adapter) postError(channelID, what string, err error) error {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Message != nil {
		switch rest.Message.Code {
		case codeUnknownChannel, codeMissingAccess, codeMissingPermissions:
			return fmt.Errorf("%w: discord channel %s: %s (%d)", bot.ErrUndeliverable, channelID, rest.Message.Message, rest.Message.Code)
		}
	}
	return fmt.Errorf("discord %s to channel %s: %s", what, channelID, describe(err))
}

// historyMargin widens the history searched for an earlier post, for clock
// skew between this host and Discord.
const historyMargin = time.Minute

// posted reports whether the bot posted msg in the channel since the given
// time: a message by the bot user with the same content and embeds (Discord
// does not return nonces in the history).
func (a *Adapter) posted(ctx context.Context, channelID string, msg message, since time.Time) (bool, error) {
	self, err := a.selfUserID(ctx)
	if err != nil {
		return false, err
	}
	newest := snowflakeAt(since.Add(-historyMargin))
	for range 20 { // at most 2,000 messages
		after := strconv.FormatUint(newest, 10)
		var page []*discordgo.Message
		err := a.withRetry(ctx, func(opts ...discordgo.RequestOption) error {
			var err error
			page, err = a.session.ChannelMessages(channelID, 100, "", after, "", opts...)
			return err
		})
		if err != nil {
			return false, err
		}
		for _, got := range page {
			if got.Author != nil && got.Author.ID == self && sameMessage(msg, got) {
				return true, nil
			}
			if id, _ := strconv.ParseUint(got.ID, 10, 64); id > newest {
				newest = id
			}
		}
		if len(page) < 100 {
			return false, nil
		}
	}
	return false, fmt.Errorf("more than 2,000 messages since %s", since.UTC().Format(time.RFC3339))
}

// sameMessage reports whether a message in the history is msg as rendered.
func sameMessage(msg message, got *discordgo.Message) bool {
	if got.Content != msg.Content || len(got.Embeds) != len(msg.Embeds) {
		return false
	}
	for i, e := range msg.Embeds {
		g := got.Embeds[i]
		if g.Title != e.Title || g.Description != e.Description || len(g.Fields) != len(e.Fields) {
			return false
		}
	}
	return true
}

// selfUserID is the bot user's id: from READY, else asked of Discord once.
func (a *Adapter) selfUserID(ctx context.Context) (string, error) {
	a.mu.Lock()
	id := a.selfID
	a.mu.Unlock()
	if id != "" {
		return id, nil
	}
	var u *discordgo.User
	err := a.withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		u, err = a.session.User("@me", opts...)
		return err
	})
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	a.selfID = u.ID
	a.mu.Unlock()
	return u.ID, nil
}

// discordEpoch is the time Discord's snowflakes count from.
var discordEpoch = time.UnixMilli(1420070400000)

// snowflakeAt is the smallest snowflake of a message made at t.
func snowflakeAt(t time.Time) uint64 {
	ms := t.Sub(discordEpoch).Milliseconds()
	if ms < 0 {
		ms = 0
	}
	return uint64(ms) << 22
}

// withRetry makes a REST call through discordgo (and its rate limiter),
// retrying a 429 after the retry_after Discord asks for, when that is at
// most MaxRetryWait, up to maxAttempts tries.
func (a *Adapter) withRetry(ctx context.Context, call func(opts ...discordgo.RequestOption) error) error {
	for attempt := 1; ; attempt++ {
		err := call(discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
		var rl *discordgo.RateLimitError
		if !errors.As(err, &rl) {
			return err
		}
		a.obs.PlatformError(bot.PlatformDiscord, bot.PlatformRateLimited)
		if rl.RetryAfter > a.opts.MaxRetryWait || attempt == maxAttempts {
			return err
		}
		if d, ok := ctx.Deadline(); ok && time.Now().Add(rl.RetryAfter).After(d) {
			return err // never sleep past an answer's deadline
		}
		a.log.WarnContext(ctx, "rate limited by Discord; retrying", "retry_after", rl.RetryAfter, "attempt", attempt)
		if err := wait.Sleep(ctx, rl.RetryAfter); err != nil {
			return err
		}
	}
}

// errResponded is returned when an interaction is answered a second time.
var errResponded = errors.New("interaction already answered")

// restResponder answers a gateway interaction with the callback endpoint.
// It never waits on a rate limit past the interaction's deadline.
type restResponder struct {
	a        *Adapter
	in       *interaction
	deadline time.Time
}

func (r *restResponder) respond(ctx context.Context, body any) error {
	ctx, cancel := context.WithDeadline(ctx, r.deadline)
	defer cancel()
	opts := []discordgo.RequestOption{
		discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false), discordgo.WithRestRetries(0),
	}
	if resp, ok := body.(*discordgo.InteractionResponse); ok {
		return r.a.answerer.InteractionRespond(r.in.Interaction, resp, opts...)
	}
	endpoint := discordgo.EndpointInteractionResponse(r.in.ID, r.in.Token)
	_, err := r.a.answerer.RequestWithBucketID("POST", endpoint, body, endpoint, opts...)
	return err
}

// httpResponder hands an HTTP interaction's first response to the waiting
// HTTP handler, which writes it as the HTTP response.
type httpResponder struct {
	used   atomic.Bool
	first  chan []byte // the response body, buffered
	result chan error  // the outcome of writing it, buffered
}

func newHTTPResponder() *httpResponder {
	return &httpResponder{first: make(chan []byte, 1), result: make(chan error, 1)}
}

func (h *httpResponder) respond(ctx context.Context, body any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	if !h.used.CompareAndSwap(false, true) {
		return errResponded
	}
	h.first <- b
	select {
	case err := <-h.result:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
