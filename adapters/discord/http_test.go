package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"github.com/stancebot/stancebot/adapters/internal/gridpng"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
	"github.com/stancebot/stancebot/bot"
)

// startHTTP serves the interactions endpoint of an adapter of the shared
// bot on 127.0.0.1, with its REST calls going to a fake Discord.
func startHTTP(t *testing.T, adjust func(*Options)) (*fakediscord.Server, string) {
	t.Helper()
	f, url, _ := startHTTPFor(t, testBot(t), adjust)
	return f, url
}

// startHTTPFor serves the interactions endpoint of an adapter of b, as startHTTP.
func startHTTPFor(t *testing.T, b *bot.Bot, adjust func(*Options)) (*fakediscord.Server, string, *recObserver) {
	t.Helper()
	f := startFake(t, fakediscord.Options{})
	a, obs := newAdapter(t, b, f, adjust)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return f, srv.URL + "/discord/interactions", obs
}

func post(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

func TestHTTPInteractions(t *testing.T) {
	t.Parallel()
	f, url := startHTTP(t, nil)
	ctx := ctxFor(t, 10*time.Second)

	t.Run("ping", func(t *testing.T) {
		_, rec, err := f.PostInteraction(ctx, url, fakediscord.Ping())
		if err != nil || rec.Status != http.StatusOK || rec.Type != discordgo.InteractionResponsePong {
			t.Fatalf("status %d type %d body %s, %v", rec.Status, rec.Type, rec.Body, err)
		}
	})

	t.Run("command", func(t *testing.T) {
		_, rec, err := f.PostInteraction(ctx, url, fakediscord.Slash("echo", map[string]string{"text": "over http"}))
		if err != nil || rec.Status != http.StatusOK || rec.Type != discordgo.InteractionResponseChannelMessageWithSource {
			t.Fatalf("status %d type %d body %s, %v", rec.Status, rec.Type, rec.Body, err)
		}
		if !strings.Contains(allText(rec.Data), "text=over http") {
			t.Errorf("answer:\n%s", allText(rec.Data))
		}
	})

	t.Run("the grid picture follows the first answer", func(t *testing.T) {
		i, rec, err := f.PostInteraction(ctx, url, fakediscord.Slash("whoendorses", map[string]string{"strategy": "open source"}))
		if err != nil || rec.Type != discordgo.InteractionResponseChannelMessageWithSource {
			t.Fatalf("status %d type %d, %v", rec.Status, rec.Type, err)
		}
		for _, e := range rec.Data.Embeds {
			if e.Image != nil {
				t.Errorf("the JSON answer shows an image it cannot upload: %s", e.Image.URL)
			}
		}
		edit, err := f.WaitRecord(ctxFor(t, 3*time.Second), fakediscord.ForInteraction(i.ID, fakediscord.KindEditOriginal))
		if err != nil || edit.Status != http.StatusOK || len(edit.Files) != 1 || edit.Files[0].Name != gridpng.FileName {
			t.Fatalf("edit %d with %d files, %v", edit.Status, len(edit.Files), err)
		}
	})

	t.Run("slow command is deferred then edited", func(t *testing.T) {
		start := time.Now()
		i, rec, err := f.PostInteraction(ctx, url, fakediscord.Slash("slow", nil))
		if err != nil || rec.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("status %d type %d, %v", rec.Status, rec.Type, err)
		}
		if took := time.Since(start); took > discordgo.InteractionDeadline {
			t.Errorf("HTTP answer after %s", took)
		}
		edit, err := f.WaitRecord(ctxFor(t, 3*time.Second), fakediscord.ForInteraction(i.ID, fakediscord.KindEditOriginal))
		if err != nil || edit.Status != http.StatusOK || !strings.Contains(allText(edit.Data), "slow answer") {
			t.Fatalf("edit %+v, %v", edit, err)
		}
	})

	t.Run("autocomplete", func(t *testing.T) {
		_, rec, err := f.PostInteraction(ctx, url, fakediscord.Autocomplete("person", map[string]string{"name": "yann"}, "name"))
		if err != nil || rec.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(rec.Data.Choices) == 0 {
			t.Fatalf("type %d choices %+v, %v", rec.Type, rec.Data.Choices, err)
		}
	})

	t.Run("bots get no answer", func(t *testing.T) {
		bot := discordgo.User{ID: "900000000000000001", Bot: true}
		_, rec, err := f.PostInteraction(ctx, url, fakediscord.Slash("echo", nil).ByUser(bot))
		if err != nil || rec.Status != http.StatusNoContent {
			t.Fatalf("status %d, %v", rec.Status, err)
		}
	})
}

func TestHTTPSignatures(t *testing.T) {
	t.Parallel()
	f, url := startHTTP(t, nil)
	ctx := ctxFor(t, 10*time.Second)
	body, err := json.Marshal(fakediscord.Ping())
	if err != nil {
		t.Fatal(err)
	}
	_, otherKey, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	signed := func(at time.Time, b []byte) *http.Request {
		req, err := f.SignedRequest(ctx, url, b, at)
		if err != nil {
			t.Fatal(err)
		}
		return req
	}
	now := time.Now()
	for _, tc := range []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"valid", func() *http.Request { return signed(now, body) }, http.StatusOK},
		{"four minutes old", func() *http.Request { return signed(now.Add(-4*time.Minute), body) }, http.StatusOK},
		{"stale", func() *http.Request { return signed(now.Add(-6*time.Minute), body) }, http.StatusUnauthorized},
		{"from the future", func() *http.Request { return signed(now.Add(6*time.Minute), body) }, http.StatusUnauthorized},
		{"forged signature", func() *http.Request {
			req := signed(now, body)
			ts := req.Header.Get("X-Signature-Timestamp")
			req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(otherKey, append([]byte(ts), body...))))
			return req
		}, http.StatusUnauthorized},
		{"tampered body", func() *http.Request {
			req := signed(now, body)
			tampered := bytes.Replace(body, []byte(`"type":1`), []byte(`"type":2`), 1)
			req.Body = io.NopCloser(bytes.NewReader(tampered))
			req.ContentLength = int64(len(tampered))
			return req
		}, http.StatusUnauthorized},
		{"tampered timestamp", func() *http.Request {
			req := signed(now, body)
			req.Header.Set("X-Signature-Timestamp", req.Header.Get("X-Signature-Timestamp")+"1")
			return req
		}, http.StatusUnauthorized},
		{"no signature", func() *http.Request {
			req := signed(now, body)
			req.Header.Del("X-Signature-Ed25519")
			return req
		}, http.StatusUnauthorized},
		{"no timestamp", func() *http.Request {
			req := signed(now, body)
			req.Header.Del("X-Signature-Timestamp")
			return req
		}, http.StatusUnauthorized},
		{"signed garbage", func() *http.Request { return signed(now, []byte("not json")) }, http.StatusBadRequest},
		{"unsigned garbage", func() *http.Request { // the signature is checked before the body is read
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader("not json"))
			return req
		}, http.StatusUnauthorized},
		{"GET", func() *http.Request {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			return req
		}, http.StatusMethodNotAllowed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, got := post(t, tc.req()); status != tc.want {
				t.Fatalf("status %d (%s), want %d", status, got, tc.want)
			}
		})
	}
}

func TestHTTPNotConfigured(t *testing.T) {
	_, url := startHTTP(t, func(o *Options) { o.PublicKey = "" })
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url, strings.NewReader(`{"type":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := post(t, req); status != http.StatusNotFound {
		t.Fatalf("status %d, want 404 without a public key", status)
	}
}

func TestHTTPWithoutToken(t *testing.T) {
	t.Parallel()
	// HTTP interactions need only the public key: deferred answers are
	// edited through the interaction's webhook, which needs no bot token.
	f, url := startHTTP(t, func(o *Options) { o.Token = "" })
	i, rec, err := f.PostInteraction(ctxFor(t, 5*time.Second), url, fakediscord.Slash("slow", nil))
	if err != nil || rec.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("status %d type %d, %v", rec.Status, rec.Type, err)
	}
	edit, err := f.WaitRecord(ctxFor(t, 3*time.Second), fakediscord.ForInteraction(i.ID, fakediscord.KindEditOriginal))
	if err != nil || edit.Status != http.StatusOK {
		t.Fatalf("edit %+v, %v", edit, err)
	}
}

// TestHTTPFollowUpsWaitForTheWebhook: Discord answers 10015 (Unknown
// Webhook) for a moment after an interaction was answered over HTTP; the
// edits and follow-ups that come right after are retried until it knows it.
func TestHTTPFollowUpsWaitForTheWebhook(t *testing.T) {
	t.Parallel()
	f := startFake(t, fakediscord.Options{WebhookWarmup: 700 * time.Millisecond})
	a, _ := newAdapter(t, testBot(t), f, nil)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	url := srv.URL + "/discord/interactions"
	ctx := ctxFor(t, 10*time.Second)
	for _, cmd := range []string{"slow", "big"} {
		i, rec, err := f.PostInteraction(ctx, url, fakediscord.Slash(cmd, nil))
		if err != nil || rec.Status != http.StatusOK {
			t.Fatalf("%s: status %d, %v", cmd, rec.Status, err)
		}
		kind := fakediscord.KindFollowup
		if cmd == "slow" {
			kind = fakediscord.KindEditOriginal
		}
		if _, err := f.WaitRecord(ctx, func(r fakediscord.Record) bool {
			return r.InteractionID == i.ID && r.Kind == kind && r.Status/100 == 2
		}); err != nil {
			t.Errorf("%s: no %s accepted: %v", cmd, kind, err)
		}
	}
}
