package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
)

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
