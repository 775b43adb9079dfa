package digest

import (
	"strings"
	"testing"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv"
)

func TestCommandSubscribeStatusPreview(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	r := e.command(bot.PlatformDiscord, "D1", true, "/digest subscribe 08:30 Europe/Paris open weights")
	text := replyText(r)
	for _, want := range []string{"Daily digest subscribed", "Time: 08:30 Europe/Paris", "Strategies: Open source",
		"Next digest: Sun 2026-11-22 08:30 CET"} {
		if !strings.Contains(text, want) {
			t.Errorf("subscribe reply lacks %q:\n%s", want, text)
		}
	}
	if r.Visibility != bot.Public || r.Error != "" {
		t.Errorf("subscribe reply: visibility %v, error %q", r.Visibility, r.Error)
	}
	sub, err := e.db.DigestSubscription(e.ctx, bot.PlatformDiscord, "D1")
	if err != nil {
		t.Fatal(err)
	}

	status := replyText(e.command(bot.PlatformDiscord, "D1", false, "/digest status"))
	if !strings.Contains(status, "Nothing new since the last digest.") || !strings.Contains(status, "Last digest: none yet") {
		t.Errorf("status of a new subscription:\n%s", status)
	}
	preview := e.command(bot.PlatformDiscord, "D1", false, "/digest preview")
	if preview.Error != "" || !strings.Contains(replyText(preview), "Nothing new since the last digest") {
		t.Errorf("preview of a new subscription:\n%s", replyText(preview))
	}

	e.record("open-source", 1)
	e.record("pause", 2) // filtered out
	status = replyText(e.command(bot.PlatformDiscord, "D1", false, "/digest"))
	if !strings.Contains(status, "1 new position, on 1 strategy.") {
		t.Errorf("status with something pending:\n%s", status)
	}
	preview = e.command(bot.PlatformDiscord, "D1", false, "/digest preview")
	if preview.Visibility != bot.Ephemeral || findQuote(preview, "person-1") == nil || findQuote(preview, "person-2") != nil {
		t.Errorf("preview:\n%s", replyText(preview))
	}
	if title := preview.Cards[0].Title; title != "Preview of the next digest · Sun 2026-11-22 08:30 CET" {
		t.Errorf("preview title %q", title)
	}

	// Subscribing again changes only the settings given and keeps what is pending.
	for _, step := range []struct{ line, time, strategies string }{
		{"/digest subscribe 7pm", "Time: 19:00 Europe/Paris", "Strategies: Open source"},
		{"/digest subscribe time:07:00", "Time: 07:00 Europe/Paris", "Strategies: Open source"},
		{"/digest subscribe UTC", "Time: 07:00 UTC", "Strategies: Open source"},
		{"/digest subscribe all", "Time: 07:00 UTC", "Strategies: All"},
	} {
		r = e.command(bot.PlatformDiscord, "D1", true, step.line)
		if text := replyText(r); !strings.Contains(text, "Daily digest updated") || !strings.Contains(text, step.time) ||
			!strings.Contains(text, step.strategies) {
			t.Errorf("%s: reply\n%s", step.line, text)
		}
	}
	again, _ := e.db.DigestSubscription(e.ctx, bot.PlatformDiscord, "D1")
	if again.Watermark != sub.Watermark {
		t.Errorf("resubscribing moved the watermark from %d to %d", sub.Watermark, again.Watermark)
	}

	r = e.command(bot.PlatformDiscord, "D1", true, "/digest unsubscribe")
	if r.Error != "" || !strings.Contains(replyText(r), "Daily digest unsubscribed") {
		t.Errorf("unsubscribe:\n%s", replyText(r))
	}
	if r := e.command(bot.PlatformDiscord, "D1", true, "/digest unsubscribe"); r.Error != bot.ENOTFOUND {
		t.Errorf("unsubscribing twice: error %q", r.Error)
	}
	if text := replyText(e.command(bot.PlatformDiscord, "D1", false, "/digest status")); !strings.Contains(text, "No daily digest in this channel") {
		t.Errorf("status after unsubscribing:\n%s", text)
	}
	if r := e.command(bot.PlatformDiscord, "D1", false, "/digest preview"); r.Error != bot.ENOTFOUND {
		t.Errorf("preview without a subscription: error %q", r.Error)
	}
}

func TestCommandBadInput(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	tests := []struct {
		line, code, says string
	}{
		{"/digest subscribe 25:00", bot.EINVALID, "not a time of day"},
		{"/digest subscribe 09:00 Europe/Pariss", bot.EINVALID, "Unknown time zone"},
		{"/digest subscribe Local/Time", bot.EINVALID, "Unknown time zone"},
		{"/digest subscribe open sauce", bot.ENOTFOUND, "open sauce"},
		{"/digest subscribe open source, nonsense", bot.ENOTFOUND, "nonsense"},
		{"/digest status 09:00", bot.EINVALID, "only /digest subscribe"},
		{"/digest resubscribe", bot.EINVALID, "action"},
	}
	for _, tt := range tests {
		r := e.command(bot.PlatformSlack, "C1", true, tt.line)
		if r.Error != tt.code || !strings.Contains(r.Cards[0].Title, tt.says) {
			t.Errorf("%s: error %q %q; want %s mentioning %q", tt.line, r.Error, r.Cards[0].Title, tt.code, tt.says)
		}
	}
	if _, err := e.db.DigestSubscription(e.ctx, bot.PlatformSlack, "C1"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("bad input left a subscription: %v", err)
	}
	req := bot.Request{Platform: bot.PlatformSlack, Command: "digest", Options: map[string]string{"action": "subscribe"}, CanManageChannel: true}
	if r := e.bot.Handle(e.ctx, req); r.Error != bot.EINVALID {
		t.Errorf("subscribe without a channel: error %q", r.Error)
	}
}

func TestCommandPermission(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	const refusal = "Only people who can manage this channel may change its daily digest."
	r := e.command(bot.PlatformSlack, "C1", false, "/digest subscribe 08:00")
	if r.Error != bot.EUNAUTHORIZED || r.Cards[0].Title != refusal {
		t.Fatalf("subscribe without permission: %q %q", r.Error, r.Cards[0].Title)
	}
	if _, err := e.db.DigestSubscription(e.ctx, bot.PlatformSlack, "C1"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("a refused subscribe subscribed: %v", err)
	}
	e.subscribe(bot.PlatformSlack, "C1", "")
	if r := e.command(bot.PlatformSlack, "C1", false, "/digest unsubscribe"); r.Error != bot.EUNAUTHORIZED || r.Cards[0].Title != refusal {
		t.Fatalf("unsubscribe without permission: %q %q", r.Error, r.Cards[0].Title)
	}
	if _, err := e.db.DigestSubscription(e.ctx, bot.PlatformSlack, "C1"); err != nil {
		t.Fatalf("a refused unsubscribe unsubscribed: %v", err)
	}
	for _, line := range []string{"/digest status", "/digest preview"} {
		if r := e.command(bot.PlatformSlack, "C1", false, line); r.Error != "" {
			t.Errorf("%s without permission: %q", line, r.Error)
		}
	}
}

func TestConfiguredDefaults(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	paris, err := LoadZone("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(Options{Store: e.db, Finder: e.bot, Clock: e.clk, Logger: testenv.Logger(), Zone: paris, Time: "07:15"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := svc.Command().Run(e.ctx, bot.Request{Platform: bot.PlatformSlack, ChannelID: "C1", CanManageChannel: true,
		Options: map[string]string{"action": "subscribe"}})
	if err != nil {
		t.Fatal(err)
	}
	if text := replyText(r); !strings.Contains(text, "Time: 07:15 Europe/Paris") {
		t.Errorf("subscribe with the configured defaults:\n%s", text)
	}
	if _, err := New(Options{Store: e.db, Finder: e.bot, Time: "7"}); err == nil {
		t.Error("a bad default time was accepted")
	}
	if _, err := New(Options{Store: e.db}); err == nil {
		t.Error("a service without a strategy finder was built")
	}
}
