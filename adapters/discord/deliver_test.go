package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
	"github.com/stancebot/stancebot/adapters/internal/sendtest"
	"github.com/stancebot/stancebot/bot"
)

const digestChannel = "310000000000000001"

func TestSend(t *testing.T) {
	t.Parallel()
	f := startFake(t, fakediscord.Options{})
	a, _ := newAdapter(t, testBot(t), f, nil)
	ctx := ctxFor(t, 10*time.Second)
	reply := bot.Reply{Cards: []bot.Card{{Title: "Daily digest", Text: "2 new positions", Footer: "since yesterday"}}}
	if err := sendtest.Send(ctx, a, digestChannel, reply); err != nil {
		t.Fatal(err)
	}
	recs := f.Records(fakediscord.InChannel(digestChannel))
	if len(recs) != 1 || recs[0].Status != http.StatusOK || !strings.Contains(allText(recs[0].Data), "Daily digest") {
		t.Fatalf("records %+v", recs)
	}
	if m := recs[0].Data.AllowedMentions; m == nil || len(m.Parse) != 0 {
		t.Errorf("allowed_mentions %+v: a digest must never ping", m)
	}
}

func TestSendSplitsLongDigests(t *testing.T) {
	t.Parallel()
	f := startFake(t, fakediscord.Options{})
	a, _ := newAdapter(t, testBot(t), f, nil)
	reply := bigReply(3)
	for range 5 {
		reply.Cards = append(reply.Cards, bigReply(3).Cards...)
	}
	want, err := render(reply)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 2 {
		t.Fatalf("test digest renders to %d message(s); want several", len(want))
	}
	if err := sendtest.Send(ctxFor(t, 10*time.Second), a, digestChannel, reply); err != nil {
		t.Fatal(err)
	}
	recs := f.Records(fakediscord.InChannel(digestChannel))
	if len(recs) != len(want) {
		t.Fatalf("%d messages posted, want %d", len(recs), len(want))
	}
	for i, r := range recs {
		if r.Status != http.StatusOK || len(r.Data.Embeds) != len(want[i].Embeds) {
			t.Errorf("message %d: status %d, %d embeds, want %d", i, r.Status, len(r.Data.Embeds), len(want[i].Embeds))
		}
	}
}

func TestSendRetriesAfterRateLimit(t *testing.T) {
	t.Parallel()
	for _, global := range []bool{false, true} {
		f := startFake(t, fakediscord.Options{})
		a, obs := newAdapter(t, testBot(t), f, nil)
		const retryAfter = 300 * time.Millisecond
		f.ForceRateLimit(fakediscord.KindChannelMessage, 1, retryAfter, global)
		start := time.Now()
		if err := sendtest.Send(ctxFor(t, 10*time.Second), a, digestChannel, bot.Reply{Cards: []bot.Card{{Title: "digest"}}}); err != nil {
			t.Fatalf("global=%v: %v", global, err)
		}
		if took := time.Since(start); took < retryAfter {
			t.Errorf("global=%v: retried after %s, before retry_after %s", global, took, retryAfter)
		}
		recs := f.Records(fakediscord.InChannel(digestChannel))
		if len(recs) != 2 || recs[0].Status != http.StatusTooManyRequests || recs[1].Status != http.StatusOK {
			t.Fatalf("global=%v: records %+v", global, recs)
		}
		if gap := recs[1].At.Sub(recs[0].At); gap < retryAfter {
			t.Errorf("global=%v: second try %s after the 429", global, gap)
		}
		obs.waitKind(t, "rate_limited", time.Second)
	}
}

func TestSendGivesUpOnLongRateLimit(t *testing.T) {
	t.Parallel()
	f := startFake(t, fakediscord.Options{})
	a, _ := newAdapter(t, testBot(t), f, func(o *Options) { o.MaxRetryWait = 100 * time.Millisecond })
	f.ForceRateLimit(fakediscord.KindChannelMessage, 1, time.Hour, false)
	start := time.Now()
	err := sendtest.Send(ctxFor(t, 10*time.Second), a, digestChannel, bot.Reply{Cards: []bot.Card{{Title: "digest"}}})
	if err == nil || !strings.Contains(err.Error(), "rate limited") {
		t.Fatalf("err %v, want a rate-limit error", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("waited %s on a retry_after beyond MaxRetryWait", took)
	}
}

func TestSendStopsWithContext(t *testing.T) {
	t.Parallel()
	f := startFake(t, fakediscord.Options{})
	a, _ := newAdapter(t, testBot(t), f, nil)
	f.ForceRateLimit(fakediscord.KindChannelMessage, 1, 1500*time.Millisecond, false)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := sendtest.Send(ctx, a, digestChannel, bot.Reply{Cards: []bot.Card{{Title: "digest"}}}); err == nil {
		t.Fatal("Send outlived its context")
	}
}

func TestSendNeedsToken(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	a, _ := newAdapter(t, testBot(t), f, func(o *Options) { o.Token = "" })
	if err := sendtest.Send(context.Background(), a, digestChannel, bot.Reply{Cards: []bot.Card{{Title: "x"}}}); err == nil {
		t.Fatal("Send without a token: want an error")
	}
}

// TestPostRetryFindsEarlierPost: a retried post whose earlier attempt
// reached Discord (its answer lost) is found in the channel's history and
// not posted again; a post carries its key as an enforced nonce.
func TestPostRetryFindsEarlierPost(t *testing.T) {
	t.Parallel()
	f := startFake(t, fakediscord.Options{})
	a, _ := newAdapter(t, testBot(t), f, nil)
	ctx := ctxFor(t, 10*time.Second)
	msgs, err := a.Split(bot.Reply{Cards: []bot.Card{{Title: "Digest", Text: "one"}}})
	if err != nil || len(msgs) != 1 {
		t.Fatalf("split: %d, %v", len(msgs), err)
	}
	began := time.Now()
	f.FailNext(fakediscord.KindChannelMessage, 1, fakediscord.Failure{Status: http.StatusInternalServerError, AfterCreate: true})
	if err := a.Post(ctx, digestChannel, bot.Outgoing{Key: "KEY1", Payload: msgs[0]}); err == nil {
		t.Fatal("the injected 500 was not reported")
	}
	if err := a.Post(ctx, digestChannel, bot.Outgoing{Key: "KEY1", Payload: msgs[0], Retry: began}); err != nil {
		t.Fatal(err)
	}
	got := f.Messages(digestChannel)
	if len(got) != 1 || got[0].Nonce != "KEY1" {
		t.Fatalf("messages %+v; want one, with nonce KEY1", got)
	}
	var body map[string]any
	if recs := f.Records(fakediscord.InChannel(digestChannel)); len(recs) == 0 {
		t.Fatal("no post recorded")
	} else if err := json.Unmarshal(recs[0].Body, &body); err != nil || body["enforce_nonce"] != true {
		t.Errorf("post body %s: want enforce_nonce true", recs[0].Body)
	}
	if n := len(f.Records(fakediscord.OfKind(fakediscord.KindChannelHistory))); n != 1 {
		t.Errorf("%d history look-ups, want 1", n)
	}
}

// TestPostPermanentErrors: missing access or permissions and an unknown
// channel wrap bot.ErrUndeliverable; a 500 does not.
func TestPostPermanentErrors(t *testing.T) {
	t.Parallel()
	f := startFake(t, fakediscord.Options{})
	a, _ := newAdapter(t, testBot(t), f, nil)
	ctx := ctxFor(t, 10*time.Second)
	msgs, err := a.Split(bot.Reply{Cards: []bot.Card{{Title: "Digest"}}})
	if err != nil {
		t.Fatal(err)
	}
	for i, code := range []int{10003, 50001, 50013} {
		ch := fmt.Sprintf("31000000000000010%d", i)
		f.FailChannel(ch, code)
		if err := a.Post(ctx, ch, bot.Outgoing{Key: "K", Payload: msgs[0]}); !errors.Is(err, bot.ErrUndeliverable) {
			t.Errorf("code %d: %v; want bot.ErrUndeliverable", code, err)
		}
	}
	f.FailNext(fakediscord.KindChannelMessage, 1, fakediscord.Failure{Status: http.StatusInternalServerError})
	if err := a.Post(ctx, digestChannel, bot.Outgoing{Key: "K", Payload: msgs[0]}); err == nil || errors.Is(err, bot.ErrUndeliverable) {
		t.Errorf("a 500: %v; want a transient error", err)
	}
}
