package digest

import (
	"os"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/seeds"
)

// TestThreadImportDigest is the "done when": a store holding the
// board export, with a Slack and a Discord channel subscribed, imports the
// thread export; at the next scheduled time each platform gets one digest
// with Thomas Wolf's new position, sourced to the story's headline, and a
// restart right after repeats nothing.
func TestThreadImportDigest(t *testing.T) {
	board, err := os.ReadFile("../seeds/raw/board-open-source.txt")
	if err != nil {
		t.Fatal(err)
	}
	thread, err := os.ReadFile("../seeds/raw/thread-open-models-resilience.txt")
	if err != nil {
		t.Fatal(err)
	}
	page, err := seeds.ParseBoard(board)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, at(21, 6, 0), page.Dataset)
	fs, slackAd := newSlack(t, e)
	fd, discordAd := newDiscord(t, e)
	const slackChannel, discordChannel = "C0OPENSOURCE", "300000000000000042"
	e.subscribe(bot.PlatformSlack, slackChannel, "09:00 UTC")
	e.subscribe(bot.PlatformDiscord, discordChannel, "10:00 Europe/Paris open source")

	e.clk.Set(at(21, 7, 0))
	ds, _, err := seeds.ParseThread(thread, seeds.ThreadOptions{PersonName: "Thomas Wolf", StrategyID: "open-source",
		Stance: bot.StanceEndorses, Date: bot.Date{Year: 2026, Month: 11, Day: 21}})
	if err != nil {
		t.Fatal(err)
	}
	e.importDS(ds)
	headline := ds.Stories[0].Headline

	s, err := NewScheduler(e.svc, SchedulerOptions{Holder: "first", Senders: map[bot.Platform]bot.Sender{
		bot.PlatformSlack: slackAd, bot.PlatformDiscord: discordAd}})
	if err != nil {
		t.Fatal(err)
	}
	if rep := e.runDue(s, at(21, 8, 59)); len(rep.Sent) != 0 {
		t.Fatalf("sent before the scheduled time: %v", rep)
	}
	rep := e.runDue(s, at(21, 9, 0)) // 09:00 UTC and 10:00 in Paris
	if len(rep.Sent) != 2 || rep.Failed != 0 {
		t.Fatalf("at the scheduled time: %v; want one digest per platform", rep)
	}

	posts := fs.Posts()
	var slackText strings.Builder
	for _, p := range posts {
		if p.Channel != slackChannel {
			t.Errorf("a Slack post to %s", p.Channel)
		}
		for _, txt := range slackBlockTexts(t, p.Blocks) {
			slackText.WriteString(txt + "\n")
		}
	}
	discordText := strings.Join(discordTexts(t, fd, discordChannel), "\n")
	if len(posts) != 1 || len(fd.Records(fakediscord.OfKind(fakediscord.KindChannelMessage))) != 1 {
		t.Errorf("%d Slack posts and %d Discord messages, want one digest message each", len(posts),
			len(fd.Records(fakediscord.OfKind(fakediscord.KindChannelMessage))))
	}
	for name, text := range map[string]string{"Slack": slackText.String(), "Discord": discordText} {
		for _, want := range []string{"Thomas Wolf", headline, "Open-source models will become a critical component",
			"38 stated endorsers, +1", "direct quote"} {
			if !strings.Contains(text, want) {
				t.Errorf("the %s digest lacks %q:\n%s", name, want, text)
			}
		}
	}

	// A restart right after: a new process over the same store repeats nothing.
	e.restart()
	s2, err := NewScheduler(e.svc, SchedulerOptions{Holder: "second", Senders: map[bot.Platform]bot.Sender{
		bot.PlatformSlack: newSlackOn(t, e, fs), bot.PlatformDiscord: newDiscordOn(t, e, fd)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []int{4, 5, 30} {
		e.runDue(s2, at(21, 9, m))
	}
	if n, m := len(fs.Posts()), len(fd.Records(fakediscord.OfKind(fakediscord.KindChannelMessage))); n != 1 || m != 1 {
		t.Errorf("after the restart: %d Slack posts and %d Discord messages, want 1 and 1", n, m)
	}
	status := replyText(e.command(bot.PlatformSlack, slackChannel, false, "/digest status"))
	if !strings.Contains(status, "Nothing new since the last digest.") {
		t.Errorf("status after the digest:\n%s", status)
	}
}
