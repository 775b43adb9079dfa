package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/stancebot/stancebot/adapters/internal/reqtime"
)

// HTTP endpoints served by Handler, relative to where it is mounted.
const (
	PathCommands      = "/slack/commands"
	PathEvents        = "/slack/events"
	PathInteractivity = "/slack/interactivity"
)

// maxBody bounds the size of a request body Slack sends.
const maxBody = 1 << 20

// Handler serves HTTP mode: slash commands at PathCommands, the Events API
// at PathEvents and interactivity (shortcuts, buttons) at PathInteractivity.
// Every request's signature is verified with the signing secret before
// anything in it is read; a bad or stale one gets 401. Without a signing
// secret every request gets 404.
func (a *Adapter) Handler() http.Handler {
	if a.opts.SigningSecret == "" {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "slack HTTP mode is not configured (no signing secret)", http.StatusNotFound)
		})
	}
	mux := http.NewServeMux()
	mux.Handle("POST "+PathCommands, a.verified(a.serveCommand))
	mux.Handle("POST "+PathEvents, a.verified(a.serveEvent))
	mux.Handle("POST "+PathInteractivity, a.verified(a.serveInteraction))
	return mux
}

// verified reads the body of a request and passes it on only when its
// signature is valid.
func (a *Adapter) verified(next func(http.ResponseWriter, *http.Request, []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			http.Error(w, "request body too large or unreadable", http.StatusRequestEntityTooLarge)
			return
		}
		if err := verifySignature(r.Header, body, a.opts.SigningSecret, a.opts.Now()); err != nil {
			a.log.Warn("slack request refused", "path", r.URL.Path, "error", err)
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		next(w, r, body)
	})
}

// Errors of signature verification.
var (
	errNoSignature  = errors.New("missing signature or timestamp")
	errStale        = errors.New("timestamp too far from now")
	errBadSignature = errors.New("signature does not match")
)

// verifySignature checks Slack's v0 request signature: the hex HMAC-SHA256,
// keyed with the signing secret, of "v0:" + timestamp + ":" + body, with a
// timestamp within five minutes of now.
func verifySignature(h http.Header, body []byte, secret string, now time.Time) error {
	ts, sig := h.Get("X-Slack-Request-Timestamp"), h.Get("X-Slack-Signature")
	if ts == "" || sig == "" {
		return errNoSignature
	}
	fresh, err := reqtime.Fresh(ts, now)
	if err != nil {
		return fmt.Errorf("%w: %w", errBadSignature, err)
	}
	if !fresh {
		return errStale
	}
	got, err := hex.DecodeString(strings.TrimPrefix(sig, "v0="))
	if err != nil || !strings.HasPrefix(sig, "v0=") {
		return errBadSignature
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return errBadSignature
	}
	return nil
}

// serveCommand answers a slash command: with the answer when it is ready in
// time, with an empty acknowledgement otherwise (the answer then goes
// through the response URL).
func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	sc := slackapi.SlashCommand{
		TeamID: form.Get("team_id"), ChannelID: form.Get("channel_id"), UserID: form.Get("user_id"),
		Command: form.Get("command"), Text: form.Get("text"), ResponseURL: form.Get("response_url"),
		TriggerID: form.Get("trigger_id"), APIAppID: form.Get("api_app_id"),
	}
	a.slashCommand(r.Context(), sc, func(m *ackMessage) bool {
		if m == nil || r.Context().Err() != nil {
			// No answer in time, or Slack hung up: an empty 200 (if
			// anyone still reads it), the answer through the response URL.
			w.WriteHeader(http.StatusOK)
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		return json.NewEncoder(w).Encode(m) == nil
	})
}

// serveEvent answers the URL verification challenge and acknowledges events
// at once, handling them in the background.
func (a *Adapter) serveEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		// An event type this bot does not handle: acknowledge so Slack does not retry.
		a.log.Debug("slack event ignored", "error", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	if ev.Type == slackevents.URLVerification {
		if uv, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent); ok {
			w.Header().Set("Content-Type", "application/json")
			// slackevents.ChallengeResponse has no JSON tag ("Challenge"):
			// answer as Slack documents it.
			_ = json.NewEncoder(w).Encode(map[string]string{"challenge": uv.Challenge})
			return
		}
	}
	w.WriteHeader(http.StatusOK)
	a.event(r.Context(), ev)
}

// serveInteraction acknowledges a shortcut or button click at once and
// handles it in the background. A view submission is answered in the
// response: with errors, the next form, or the modal cleared.
func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	var cb slackapi.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	if cb.Type == slackapi.InteractionTypeViewSubmission {
		a.submission(r.Context(), cb, func(res *slackapi.ViewSubmissionResponse) bool {
			if res == nil || r.Context().Err() != nil {
				w.WriteHeader(http.StatusOK)
				return false
			}
			w.Header().Set("Content-Type", "application/json")
			return json.NewEncoder(w).Encode(res) == nil
		})
		return
	}
	w.WriteHeader(http.StatusOK)
	a.interaction(r.Context(), cb)
}
