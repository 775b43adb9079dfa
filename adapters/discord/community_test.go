package discord

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/digest"
	"github.com/stancebot/stancebot/internal/testenv"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// button returns the button of d whose label starts with prefix.
func button(t *testing.T, d fakediscord.MessageData, prefix string) fakediscord.Button {
	t.Helper()
	return findButton(t, d, prefix, strings.HasPrefix)
}

// findButton returns the first button of d whose label matches want.
func findButton(t *testing.T, d fakediscord.MessageData, want string, match func(label, want string) bool) fakediscord.Button {
	t.Helper()
	for _, b := range d.Buttons() {
		if match(b.Label, want) {
			return b
		}
	}
	t.Fatalf("no button %q on:\n%s\nbuttons %+v", want, allText(d), d.Buttons())
	return fakediscord.Button{}
}

// notice waits for a direct message to the user that says want.
func (e modeEnv) notice(t *testing.T, userID, want string) {
	t.Helper()
	ctx := ctxFor(t, 5*time.Second)
	for n := 1; ; n++ {
		recs, err := e.fake.WaitRecords(ctx, n, fakediscord.OfKind(fakediscord.KindChannelMessage))
		if err != nil {
			t.Fatalf("no direct message to %s saying %q: %v", userID, want, err)
		}
		r := recs[n-1]
		if r.ChannelID == e.fake.DMChannel(userID) && strings.Contains(r.Data.Content, want) {
			return
		}
	}
}

// TestCommunityPositions drives a position recorded from the chat through
// Discord, in both modes: "Propose as a position" on a message, the
// proposal's forms in turn (a field error fixed on the way), /review by a
// moderator by role, approval (the proposer told by DM; the position then
// in /person and in the channel's next digest), a dispute from
// the quote card's button, its resolution (the disputer told by DM); the
// audit log lists each step, by whom on Discord, in order.
func TestCommunityPositions(t *testing.T) {
	t.Parallel()
	const modRole = "500000000000000009"
	proposer := fakediscord.DefaultUserID
	mod := discordgo.User{ID: "300000000000000050", Username: "moderator"}
	critic := discordgo.User{ID: "300000000000000060", Username: "critic"}
	data, err := realdata.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { data.Close() })
	b := data.Bot(t)
	clock := testenv.NewClock(testenv.Epoch, 0)
	digests, err := digest.New(digest.Options{Store: digest.NewStore(data.Store), Finder: b, Clock: clock, Logger: discard})
	if err == nil {
		err = b.Register(digests.Command())
	}
	if err != nil {
		t.Fatal(err)
	}
	for mode, e := range bothModes(t, b, func(o *Options) { o.ModeratorRoles = []string{modRole} }) {
		t.Run(mode, func(t *testing.T) {
			logged, err := data.Store.Audit(context.Background(), time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			asMod := func(i fakediscord.Interaction) fakediscord.Interaction { return i.ByUser(mod).WithRoles(modRole) }
			asCritic := func(i fakediscord.Interaction) fakediscord.Interaction { return i.ByUser(critic) }
			clickAs := func(u func(fakediscord.Interaction) fakediscord.Interaction, rec fakediscord.Record, prefix string) fakediscord.Record {
				t.Helper()
				_, got := e.first(t, u(fakediscord.Click(button(t, rec.Data, prefix).CustomID, rec.MessageID)))
				return got
			}

			channel := map[string]string{"gateway": "300000000000000071", "http": "300000000000000072"}[mode]
			inChannel := func(i fakediscord.Interaction) fakediscord.Interaction {
				i.ChannelID, i.Channel = channel, &fakediscord.Channel{ID: channel, Type: discordgo.ChannelTypeGuildText}
				return i
			}
			if _, rec := e.first(t, inChannel(asMod(fakediscord.Slash("digest", map[string]string{"action": "subscribe"})))); isErrorMessage(rec.Data) {
				t.Fatalf("/digest subscribe:\n%s", allText(rec.Data))
			}

			// One bot serves both modes: each proposes other words, or the
			// second would be answered as already on record.
			said := map[string]string{
				"gateway": "Open weights make AI safer, LeCun said: https://example.org/talk",
				"http":    "Releasing model weights spreads power widely, per LeCun: https://example.org/talk",
			}[mode]
			_, rec := e.first(t, fakediscord.MessageCommand(ProposeCommand, "700000000000000001", said))
			m := modalOf(t, rec)
			if inputs(m)["text"].Value != said {
				t.Fatalf("the first form is not filled in with the message: %+v", m.Inputs())
			}
			rec = e.submit(t, m, map[string]string{"person": "Yann LeCun", "strategy": "open source",
				"stance": "endorses", "fidelity": "faithful paraphrase"})
			m = modalOf(t, clickAs(asIs, rec, "Continue"))
			if inputs(m)["url"].Value != "https://example.org/talk" {
				t.Fatalf("the second form lacks the message's link: %+v", m.Inputs())
			}
			rec = e.submit(t, m, map[string]string{"date": "2099"})
			if n := strings.Count(allText(rec.Data), "future"); n != 1 || !rec.Data.Ephemeral() {
				t.Fatalf("the future date's error shown %d times:\n%s", n, allText(rec.Data))
			}
			m = modalOf(t, clickAs(asIs, rec, "Fix"))
			if inputs(m)["date"].Value != "2099" {
				t.Fatalf("the form to fix is not filled in as submitted: %+v", m.Inputs())
			}
			rec = e.submit(t, m, map[string]string{"date": "2024-06"})
			for len(rec.Data.Buttons()) > 0 && strings.HasPrefix(rec.Data.Buttons()[0].Label, "Continue") {
				rec = e.submit(t, modalOf(t, clickAs(asIs, rec, "Continue")), nil)
			}
			if !strings.Contains(allText(rec.Data), "queued for review") {
				t.Fatalf("the proposal is not queued:\n%s", allText(rec.Data))
			}

			_, rec = e.first(t, asMod(fakediscord.Slash("review", nil)))
			rec = clickAs(asMod, rec, "Approve")
			if !strings.Contains(allText(rec.Data), "approved") {
				t.Fatalf("approval:\n%s", allText(rec.Data))
			}
			e.notice(t, proposer, "approved")

			// A day later, the channel's digest is posted by the adapter (the
			// other mode's channel gets one too when it subscribed before).
			sender, _ := newAdapter(t, b, e.fake, nil)
			s, err := digest.NewScheduler(digests, digest.SchedulerOptions{Senders: map[bot.Platform]bot.Sender{bot.PlatformDiscord: sender}, Holder: "test"})
			if err != nil {
				t.Fatal(err)
			}
			clock.Add(24 * time.Hour)
			if rep, err := s.RunDue(context.Background()); err != nil || rep.Failed != 0 {
				t.Fatalf("digest pass: %v, %v", rep, err)
			}
			posted := e.fake.Records(fakediscord.InChannel(channel))
			if len(posted) != 1 {
				t.Fatalf("%d digest messages in the channel, want 1", len(posted))
			}
			if !strings.Contains(allText(posted[0].Data), said[:20]) {
				t.Errorf("the channel's digest lacks the position:\n%s", allText(posted[0].Data))
			}

			_, rec = e.first(t, asCritic(fakediscord.Slash("person", map[string]string{"name": "Yann LeCun"})))
			if !strings.Contains(allText(rec.Data), "Recorded by this community") {
				t.Fatalf("/person does not show the community's position:\n%s", allText(rec.Data))
			}
			m = modalOf(t, clickAs(asCritic, rec, "Dispute"))
			rec = e.submitAs(t, asCritic, m, map[string]string{"reason": "The talk says the opposite at 12:30."})
			if !strings.Contains(allText(rec.Data), "disputed") {
				t.Fatalf("dispute:\n%s", allText(rec.Data))
			}

			_, rec = e.first(t, asMod(fakediscord.Slash("review", nil)))
			m = modalOf(t, clickAs(asMod, rec, "Dismiss"))
			rec = e.submitAs(t, asMod, m, map[string]string{"reason": "The talk says this at 12:30."})
			if !strings.Contains(allText(rec.Data), "resolved") {
				t.Fatalf("resolution:\n%s", allText(rec.Data))
			}
			e.notice(t, critic.ID, "resolved")

			audit, err := data.Store.Audit(context.Background(), time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			var steps []string
			for _, a := range audit[len(logged):] {
				steps = append(steps, string(a.Action)+" by "+a.By.String())
			}
			// The draft is made when the first form opens and edited by
			// each form submitted: the first, the second refused, the
			// second fixed; the last submits the proposal.
			edited := "proposal-edited by discord:" + proposer
			want := []string{"proposal-drafted by discord:" + proposer, edited, edited, edited,
				"proposal-submitted by discord:" + proposer, "proposal-approved by discord:" + mod.ID,
				"dispute-opened by discord:" + critic.ID, "dispute-resolved by discord:" + mod.ID}
			if strings.Join(steps, "\n") != strings.Join(want, "\n") {
				t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(steps, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
