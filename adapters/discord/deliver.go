package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/bot"
)

// maxAttempts bounds the tries of one REST call that keeps being rate limited.
const maxAttempts = 5

// Send posts a reply into a channel (daily digests), split into as many
// messages as Discord's limits need. It implements bot.Sender. A 429 is
// retried after Discord's retry_after when that is at most MaxRetryWait.
func (a *Adapter) Send(ctx context.Context, channelID string, reply bot.Reply) error {
	if a.opts.Token == "" {
		return errors.New("discord send: no bot token")
	}
	msgs, err := render(reply)
	if err != nil {
		return fmt.Errorf("discord send: %w", err)
	}
	for i, m := range msgs {
		data := &discordgo.MessageSend{
			Content: m.Content, Embeds: m.Embeds, Components: m.Components, AllowedMentions: noMentions(),
		}
		err := a.withRetry(ctx, func(opts ...discordgo.RequestOption) error {
			data.Files = m.files()
			_, err := a.session.ChannelMessageSendComplex(channelID, data, opts...)
			return err
		})
		if err != nil {
			a.apiFailed(ctx, "send", err)
			return fmt.Errorf("discord send to channel %s: message %d of %d: %s", channelID, i+1, len(msgs), describe(err))
		}
	}
	return nil
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
		a.log.WarnContext(ctx, "rate limited by Discord; retrying", "retry_after", rl.RetryAfter, "attempt", attempt)
		t := time.NewTimer(rl.RetryAfter)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
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
		return r.a.session.InteractionRespond(r.in.Interaction, resp, opts...)
	}
	endpoint := discordgo.EndpointInteractionResponse(r.in.ID, r.in.Token)
	_, err := r.a.session.RequestWithBucketID("POST", endpoint, body, endpoint, opts...)
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
