package discord

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
	"github.com/stancebot/stancebot/bot"
)

const digestChannel = "310000000000000001"

func TestSend(t *testing.T) {
	t.Parallel()
	f := startFake(t, fakediscord.Options{})
	a, _ := newAdapter(t, testBot(t), f, nil)
	ctx := ctxFor(t, 10*time.Second)
	reply := bot.Reply{Cards: []bot.Card{{Title: "Daily digest", Text: "2 new positions", Footer: "since yesterday"}}}
	if err := a.Send(ctx, digestChannel, reply); err != nil {
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
	if err := a.Send(ctxFor(t, 10*time.Second), digestChannel, reply); err != nil {
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
		if err := a.Send(ctxFor(t, 10*time.Second), digestChannel, bot.Reply{Cards: []bot.Card{{Title: "digest"}}}); err != nil {
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
	err := a.Send(ctxFor(t, 10*time.Second), digestChannel, bot.Reply{Cards: []bot.Card{{Title: "digest"}}})
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
	if err := a.Send(ctx, digestChannel, bot.Reply{Cards: []bot.Card{{Title: "digest"}}}); err == nil {
		t.Fatal("Send outlived its context")
	}
}

func TestSendNeedsToken(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	a, _ := newAdapter(t, testBot(t), f, func(o *Options) { o.Token = "" })
	if err := a.Send(context.Background(), digestChannel, bot.Reply{Cards: []bot.Card{{Title: "x"}}}); err == nil {
		t.Fatal("Send without a token: want an error")
	}
}
