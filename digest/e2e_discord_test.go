package digest

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	discordadapter "github.com/stancebot/stancebot/adapters/discord"
	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv"
)

// newDiscord starts a fake Discord and an adapter of e's bot posting to it.
func newDiscord(t *testing.T, e *env) (*fakediscord.Server, *discordadapter.Adapter) {
	t.Helper()
	fd, err := fakediscord.Start(fakediscord.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fd.Close)
	return fd, newDiscordOn(t, e, fd)
}

// newDiscordOn is an adapter of e's current bot posting to the fake Discord fd.
func newDiscordOn(t *testing.T, e *env, fd *fakediscord.Server) *discordadapter.Adapter {
	t.Helper()
	ad, err := discordadapter.New(e.bot, discordadapter.Options{
		Token: fd.Token(), AppID: fd.AppID(), HTTPClient: fd.Client(), Logger: testenv.Logger(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return ad
}

// discordTexts returns the texts of the messages posted to a channel, one
// string a message, checking each against Discord's limits.
func discordTexts(t *testing.T, fd *fakediscord.Server, channel string) []string {
	t.Helper()
	var out []string
	for _, r := range fd.Records(fakediscord.InChannel(channel)) {
		if r.Kind != fakediscord.KindChannelMessage {
			continue
		}
		d := r.Data
		if n := utf8.RuneCountInString(d.Content); n > 2000 {
			t.Errorf("message content of %d characters (Discord allows 2000)", n)
		}
		if len(d.Embeds) > 10 {
			t.Errorf("a message of %d embeds (Discord allows 10)", len(d.Embeds))
		}
		var b strings.Builder
		b.WriteString(d.Content + "\n")
		total := 0
		for _, em := range d.Embeds {
			parts := []string{em.Title, em.Description}
			if em.Footer != nil {
				parts = append(parts, em.Footer.Text)
			}
			if em.Author != nil {
				parts = append(parts, em.Author.Name)
			}
			if n := utf8.RuneCountInString(em.Description); n > 4096 {
				t.Errorf("an embed description of %d characters (Discord allows 4096)", n)
			}
			if len(em.Fields) > 25 {
				t.Errorf("an embed of %d fields (Discord allows 25)", len(em.Fields))
			}
			for _, f := range em.Fields {
				parts = append(parts, f.Name, f.Value)
			}
			for _, p := range parts {
				total += utf8.RuneCountInString(p)
				b.WriteString(p + "\n")
			}
		}
		if total > 6000 {
			t.Errorf("a message of %d embed characters (Discord allows 6000)", total)
		}
		out = append(out, b.String())
	}
	return out
}

// TestEndToEndDiscord60: a 60-position digest goes through the real Discord
// adapter to a fake Discord, split within Discord's limits, every position
// exactly once; a restart posts nothing more.
func TestEndToEndDiscord60(t *testing.T) {
	e := newEnv(t, at(21, 8, 0))
	fd, ad := newDiscord(t, e)
	e.subscribe(bot.PlatformDiscord, "300000000000000001", "")
	ids := make([]int, 60)
	for i := range ids {
		ids[i] = i + 1
	}
	e.record("pause", ids...)
	s, err := NewScheduler(e.svc, SchedulerOptions{Senders: map[bot.Platform]bot.Sender{bot.PlatformDiscord: ad}, Holder: "one"})
	if err != nil {
		t.Fatal(err)
	}
	if rep := e.runDue(s, at(21, 9, 0)); len(rep.Sent) != 1 || rep.Failed != 0 {
		t.Fatalf("pass: %v", rep)
	}
	msgs := discordTexts(t, fd, "300000000000000001")
	if len(msgs) < 2 {
		t.Fatalf("%d messages; a 60-position digest needs several Discord messages", len(msgs))
	}
	text := strings.Join(msgs, "\n")
	for i := 1; i <= 60; i++ {
		if n := strings.Count(text, fmt.Sprintf("Words of person %d on pause.", i)); n != 1 {
			t.Errorf("person %d's quote appears %d times in the Discord messages, want 1", i, n)
		}
	}
	if !strings.Contains(text, "60 stated endorsers, +60") {
		t.Errorf("the counts line is missing")
	}

	e.restart()
	s2, err := NewScheduler(e.svc, SchedulerOptions{
		Senders: map[bot.Platform]bot.Sender{bot.PlatformDiscord: newDiscordOn(t, e, fd)}, Holder: "two"})
	if err != nil {
		t.Fatal(err)
	}
	e.runDue(s2, at(21, 9, 5))
	if n := len(discordTexts(t, fd, "300000000000000001")); n != len(msgs) {
		t.Errorf("%d messages after a restart, want %d", n, len(msgs))
	}
}
