package slack

import (
	"context"
	"errors"
	"fmt"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// Run checks the bot token (auth.test) and, with an app token, serves
// Socket Mode until ctx is done: it reconnects whenever the connection
// drops, and returns an error when it stays disconnected longer than
// DeadAfter or the tokens are refused. Without an app token (HTTP mode) it
// only waits for ctx. Before returning it waits for the answers in
// progress: those that can no longer be sent in an acknowledgement once the
// socket is closed go through their response URL or chat.postMessage, each
// bounded by its own timeout.
func (a *Adapter) Run(ctx context.Context) error {
	// Every answer is bounded by handleTimeout, so this wait ends.
	defer func() { _ = a.answers.Wait(context.WithoutCancel(ctx)) }()
	if _, _, err := a.identity(ctx); err != nil {
		return err
	}
	if a.opts.AppToken == "" {
		<-ctx.Done()
		return nil
	}
	return a.runSocket(ctx)
}

func (a *Adapter) runSocket(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	sm := socketmode.New(slackapi.New(a.opts.BotToken, a.clientOptions()...), socketmode.OptionLog(slogOutput{a.log}))
	runErr := make(chan error, 1)
	go func() { runErr <- sm.RunContext(ctx) }()
	defer func() {
		cancel()
		a.connected.Store(false)
	}()

	check := time.NewTicker(min(a.opts.DeadAfter/4, time.Second))
	defer check.Stop()
	downSince := time.Now()
	for {
		select {
		case <-parent.Done():
			cancel()
			<-runErr
			return nil
		case err := <-runErr:
			if parent.Err() != nil {
				return nil
			}
			a.platformError("connection")
			return fmt.Errorf("slack socket mode: %w", err)
		case <-check.C:
			if !a.connected.Load() && time.Since(downSince) > a.opts.DeadAfter {
				a.platformError("connection")
				cancel()
				<-runErr
				return fmt.Errorf("slack socket mode: no connection for %s", time.Since(downSince).Round(time.Second))
			}
		case ev := <-sm.Events:
			switch ev.Type {
			case socketmode.EventTypeConnected, socketmode.EventTypeHello:
				if !a.connected.Swap(true) {
					a.log.Info("socket mode connected")
				}
			case socketmode.EventTypeConnecting, socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth:
				if a.connected.Swap(false) {
					downSince = time.Now()
					a.log.Warn("socket mode disconnected; reconnecting")
				}
				if ev.Type == socketmode.EventTypeConnectionError {
					a.platformError("connection")
					if ce, ok := ev.Data.(*slackapi.ConnectionErrorEvent); ok {
						a.log.Warn("socket mode connection failed", "attempt", ce.Attempt, "retry_in", ce.Backoff, "error", hideURL("Socket Mode URL", ce.ErrorObj))
					}
				}
			default:
				a.socketRequest(ctx, sm, ev)
			}
		}
	}
}

// socketRequest acknowledges and handles one request received over Socket
// Mode. ctx is the socket's context: it is done once Run stops, and an
// acknowledgement can no longer be sent then.
func (a *Adapter) socketRequest(ctx context.Context, sm *socketmode.Client, ev socketmode.Event) {
	if ev.Request == nil {
		return
	}
	// send sends the acknowledgement, with its payload unless that is an
	// untyped nil, and reports whether it was sent. It is not sent when the
	// socket is closing: slack-go would queue it for a connection that
	// never comes.
	send := func(payload any) bool {
		if ctx.Err() != nil {
			a.log.Debug("socket mode closing; not acknowledged", "envelope_id", ev.Request.EnvelopeID)
			return false
		}
		if err := sm.AckCtx(ctx, ev.Request.EnvelopeID, payload); err != nil {
			if !errors.Is(err, context.Canceled) {
				a.log.Error("socket mode ack failed", "envelope_id", ev.Request.EnvelopeID, "error", err)
			}
			return false
		}
		return true
	}
	ack := func() { send(nil) }
	switch ev.Type {
	case socketmode.EventTypeSlashCommand:
		sc, ok := ev.Data.(slackapi.SlashCommand)
		if !ok {
			ack()
			return
		}
		// Waiting for the answer stops when the socket closes (ctx); an
		// answer that misses the acknowledgement goes through the response
		// URL, with a context of its own that outlives the socket.
		a.spawn(ctx, func(context.Context) { a.slashCommand(ctx, sc, ackWithPayload[ackMessage](send)) })
	case socketmode.EventTypeEventsAPI:
		ack()
		if e, ok := ev.Data.(slackevents.EventsAPIEvent); ok {
			a.event(ctx, e)
		}
	case socketmode.EventTypeInteractive:
		cb, ok := ev.Data.(slackapi.InteractionCallback)
		if ok && cb.Type == slackapi.InteractionTypeViewSubmission {
			// As a slash command: the answer decides the acknowledgement.
			a.spawn(ctx, func(context.Context) { a.submission(ctx, cb, ackWithPayload[slackapi.ViewSubmissionResponse](send)) })
			return
		}
		ack()
		if ok {
			a.interaction(ctx, cb)
		}
	default:
		ack()
	}
}

// ackWithPayload adapts send to an acknowledgement whose payload is a *T,
// nil for none: a nil *T is sent as an untyped nil, which slack-go sends as
// no payload rather than "null".
func ackWithPayload[T any](send func(payload any) bool) func(*T) bool {
	return func(p *T) bool {
		if p == nil {
			return send(nil)
		}
		return send(p)
	}
}
