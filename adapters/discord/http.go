package discord

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/internal/reqtime"
)

// maxInteractionBytes bounds an HTTP interaction's body.
const maxInteractionBytes = 1 << 20

// errClientGone is the outcome of a response Discord stopped waiting for.
var errClientGone = errors.New("discord closed the request before the answer")

// Handler returns the HTTP interactions endpoint, to mount at the URL set as
// the application's Interactions Endpoint URL. Every request's Ed25519
// signature is checked first; a bad or missing signature, or a timestamp
// more than 5 minutes off, gets 401. Without a public key it answers 404.
func (a *Adapter) Handler() http.Handler { return http.HandlerFunc(a.serveHTTP) }

func (a *Adapter) serveHTTP(w http.ResponseWriter, r *http.Request) {
	received := time.Now()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if a.pubKey == nil {
		http.Error(w, "HTTP interactions are not configured", http.StatusNotFound)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxInteractionBytes)
	if !discordgo.VerifyInteraction(r, a.pubKey) {
		a.log.Warn("refused an HTTP interaction: bad or missing signature", "remote", r.RemoteAddr)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	if fresh, err := reqtime.Fresh(r.Header.Get("X-Signature-Timestamp"), a.opts.Now()); err != nil || !fresh {
		a.log.Warn("refused an HTTP interaction: stale timestamp", "remote", r.RemoteAddr)
		http.Error(w, "stale request", http.StatusUnauthorized)
		return
	}
	raw, err := io.ReadAll(r.Body) // the verified body, buffered by VerifyInteraction
	if err != nil {
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}
	in, err := parseInteraction(raw)
	if err != nil {
		http.Error(w, "not an interaction", http.StatusBadRequest)
		return
	}
	if in.Type == discordgo.InteractionPing {
		writeResponse(w, []byte(`{"type":1}`))
		return
	}
	h := newHTTPResponder()
	finished := make(chan struct{})
	// Counted before this handler can return, so that a Drain after the
	// HTTP server has stopped waits for the answer.
	a.answers.Add()
	go func() {
		defer a.answers.Done()
		defer close(finished)
		// The answer may outlive this request (a deferred edit): it gets a
		// context of its own.
		a.serve(context.WithoutCancel(r.Context()), in, h, received)
	}()
	select {
	case body := <-h.first:
		h.result <- writeResponse(w, body)
	case <-finished:
		select {
		case body := <-h.first:
			h.result <- writeResponse(w, body)
		default:
			w.WriteHeader(http.StatusNoContent) // nothing to answer (a bot)
		}
	case <-r.Context().Done():
		h.result <- errClientGone
	}
}

// writeResponse writes an interaction response body.
func writeResponse(w http.ResponseWriter, body []byte) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(body)
	return err
}
