package discord

import (
	"bytes"
	"context"
	"fmt"
	"github.com/stancebot/stancebot/adapters/internal/gridpng"
	"image/png"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
	"github.com/stancebot/stancebot/bot"
)

// answerOf waits for the full first answer to an interaction: the callback,
// or for a deferred one the edit (or follow-up) that completes it.
func (e *gatewayEnv) answerOf(t *testing.T, id string) (fakediscord.Record, fakediscord.MessageData) {
	t.Helper()
	rec := e.callback(t, id)
	switch rec.Type {
	case discordgo.InteractionResponseDeferredChannelMessageWithSource, discordgo.InteractionResponseDeferredMessageUpdate:
		done, err := e.fake.WaitRecord(ctxFor(t, 5*time.Second),
			fakediscord.ForInteraction(id, fakediscord.KindEditOriginal, fakediscord.KindFollowup))
		if err != nil {
			t.Fatalf("deferred interaction %s never completed: %v", id, err)
		}
		return rec, done.Data
	}
	return rec, rec.Data
}

func isErrorMessage(d fakediscord.MessageData) bool {
	return len(d.Embeds) > 0 && d.Embeds[0].Color == colorError
}

// TestGatewayEveryCommand runs every example of every registered command
// through the fake gateway and checks each gets a real answer.
func TestGatewayEveryCommand(t *testing.T) {
	t.Parallel()
	e := startGateway(t, fakediscord.Options{}, nil)
	b := testBot(t)
	n := 0
	for _, c := range b.Commands() {
		for _, ex := range c.Examples {
			t.Run(ex, func(t *testing.T) {
				req, err := b.ParseCommandLine(ex)
				if err != nil {
					t.Fatalf("example does not parse: %v", err)
				}
				i := e.inject(t, fakediscord.Slash(req.Command, req.Options).WithPermissions(discordgo.PermissionManageChannels))
				rec, data := e.answerOf(t, i.ID)
				if rec.Type != discordgo.InteractionResponseChannelMessageWithSource &&
					rec.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
					t.Fatalf("callback type %d", rec.Type)
				}
				if isErrorMessage(data) || len(data.Embeds) == 0 {
					t.Fatalf("no answer, or an error:\n%s", allText(data))
				}
				if data.AllowedMentions == nil || len(data.AllowedMentions.Parse) != 0 {
					t.Errorf("allowed_mentions %+v: the bot must never ping", data.AllowedMentions)
				}
			})
			n++
		}
	}
	if n < 12 {
		t.Fatalf("only %d examples in the registry", n)
	}
}

func TestGateway(t *testing.T) {
	t.Parallel()
	e := startGateway(t, fakediscord.Options{}, nil)

	t.Run("request in a thread", func(t *testing.T) {
		i := e.inject(t, fakediscord.Slash("echo", map[string]string{"text": "hi"}).
			InThread("500000000000000001", "500000000000000002").WithPermissions(discordgo.PermissionManageChannels))
		_, data := e.answerOf(t, i.ID)
		text := allText(data)
		for _, want := range []string{"platform=discord", "user=" + fakediscord.DefaultUserID,
			"channel=500000000000000002", "thread=500000000000000001", "manage=true", "text=hi"} {
			if !strings.Contains(text, want) {
				t.Errorf("answer lacks %q:\n%s", want, text)
			}
		}
		if data.Ephemeral() {
			t.Error("a command's answer in a thread must be public")
		}
	})

	t.Run("permissions", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			i    fakediscord.Interaction
			want string
		}{
			{"member", fakediscord.Slash("echo", nil), "manage=false"},
			{"admin", fakediscord.Slash("echo", nil).WithPermissions(discordgo.PermissionAdministrator), "manage=true"},
			{"dm", fakediscord.Slash("echo", nil).InDM("600000000000000001"), "manage=true"},
		} {
			i := e.inject(t, tc.i)
			if _, data := e.answerOf(t, i.ID); !strings.Contains(allText(data), tc.want) {
				t.Errorf("%s: want %s in\n%s", tc.name, tc.want, allText(data))
			}
		}
		i := e.inject(t, fakediscord.Slash("manage", nil))
		if _, data := e.answerOf(t, i.ID); !data.Ephemeral() || !isErrorMessage(data) {
			t.Errorf("a manage-only command without Manage Channels: want an ephemeral error, got\n%s", allText(data))
		}
	})

	t.Run("quote in a thread is public with fidelity", func(t *testing.T) {
		i := e.inject(t, fakediscord.Slash("quote", map[string]string{"words": "regulation bans open source"}).
			InThread("500000000000000003", "500000000000000002"))
		rec, data := e.answerOf(t, i.ID)
		if rec.Type != discordgo.InteractionResponseChannelMessageWithSource || data.Ephemeral() {
			t.Fatalf("type %d ephemeral %v: want a public answer", rec.Type, data.Ephemeral())
		}
		// The quote is a field showing its fidelity; only a direct quote is in quotation marks.
		var value, fidelity string
		for _, em := range data.Embeds {
			for _, f := range em.Fields {
				for _, fid := range bot.Fidelities {
					if strings.Contains(f.Value, "*"+string(fid)+"*") || strings.Contains(f.Value, "*"+string(fid)+" · ") {
						value, fidelity = f.Value, string(fid)
					}
				}
			}
		}
		if fidelity == "" {
			t.Fatalf("no quote with its fidelity:\n%s", allText(data))
		}
		if quoted := strings.Contains(value, "“"); quoted != (fidelity == string(bot.FidelityDirect)) {
			t.Errorf("fidelity %s but quotation marks %v:\n%s", fidelity, quoted, value)
		}
	})

	t.Run("errors are ephemeral", func(t *testing.T) {
		i := e.inject(t, fakediscord.Slash("whoendorses", map[string]string{"strategy": "no such strategy at all"}))
		if _, data := e.answerOf(t, i.ID); !data.Ephemeral() || !isErrorMessage(data) {
			t.Errorf("want an ephemeral error, got\n%s", allText(data))
		}
	})

	t.Run("slow answer is deferred within the deadline", func(t *testing.T) {
		i := e.inject(t, fakediscord.Slash("slow", nil))
		sent := time.Now()
		rec := e.callback(t, i.ID)
		if rec.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("callback type %d, want a deferral", rec.Type)
		}
		if took := rec.At.Sub(sent); took > discordgo.InteractionDeadline {
			t.Errorf("deferral after %s", took)
		}
		edit, err := e.fake.WaitRecord(ctxFor(t, 3*time.Second), fakediscord.ForInteraction(i.ID, fakediscord.KindEditOriginal))
		if err != nil || edit.Status != 200 || !strings.Contains(allText(edit.Data), "slow answer") {
			t.Fatalf("edit %+v, %v", edit, err)
		}
	})

	t.Run("slow error replaces the placeholder ephemerally", func(t *testing.T) {
		i := e.inject(t, fakediscord.Slash("slowfail", nil))
		if rec := e.callback(t, i.ID); rec.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("callback type %d", rec.Type)
		}
		ctx := ctxFor(t, 3*time.Second)
		fu, err := e.fake.WaitRecord(ctx, fakediscord.ForInteraction(i.ID, fakediscord.KindFollowup))
		if err != nil || !fu.Data.Ephemeral() || !strings.Contains(allText(fu.Data), "Nothing by that name") {
			t.Fatalf("follow-up %+v, %v", fu.Data, err)
		}
		del, err := e.fake.WaitRecord(ctx, fakediscord.ForInteraction(i.ID, fakediscord.KindDeleteOriginal))
		if err != nil {
			t.Fatalf("the public placeholder was not deleted: %v", err)
		}
		// The first follow-up after a deferral would take the placeholder's
		// place (and its public visibility): deleting the placeholder must
		// not delete the answer.
		if fu.MessageID == del.MessageID {
			t.Fatalf("the answer (message %s) was posted as the public placeholder, then deleted", fu.MessageID)
		}
	})

	t.Run("long answer is split into follow-ups", func(t *testing.T) {
		want, err := render(bigReply(14))
		if err != nil || len(want) < 2 {
			t.Fatalf("render: %d messages, %v", len(want), err)
		}
		i := e.inject(t, fakediscord.Slash("big", nil))
		e.callback(t, i.ID)
		fus, err := e.fake.WaitRecords(ctxFor(t, 3*time.Second), len(want)-1, fakediscord.ForInteraction(i.ID, fakediscord.KindFollowup))
		if err != nil {
			t.Fatalf("follow-ups: %d, %v", len(fus), err)
		}
	})

	t.Run("pagination", func(t *testing.T) {
		i := e.inject(t, fakediscord.Slash("whoendorses", map[string]string{"strategy": "open source"}))
		rec, data := e.answerOf(t, i.ID)
		var pages int
		if _, err := fmt.Sscanf(pageLine(data), "Page 1 of %d", &pages); err != nil || pages < 2 {
			t.Fatalf("page line %q: want the first of several pages", pageLine(data))
		}
		checkGridUpload(t, e, i.ID, data)
		next := buttonLabelled(t, data, "next page")
		click := e.inject(t, fakediscord.Click(next.CustomID, rec.MessageID))
		up := e.callback(t, click.ID)
		if up.Type != discordgo.InteractionResponseUpdateMessage || up.MessageID != rec.MessageID {
			t.Fatalf("click answered with type %d on message %s, want an update of %s", up.Type, up.MessageID, rec.MessageID)
		}
		if len(up.Files) != 0 || !strings.Contains(string(up.Body), `"attachments":[]`) {
			t.Errorf("page 2 uploads %d files and does not clear page 1's grid: %s", len(up.Files), up.Body)
		}
		if want := fmt.Sprintf("Page 2 of %d", pages); pageLine(up.Data) != want {
			t.Fatalf("after next: %q, want %q", pageLine(up.Data), want)
		}
		// The card now shows page 2: its own "next page" is the button there.
		other := fakediscord.Click(buttonLabelled(t, up.Data, "next page").CustomID, rec.MessageID).ByUser(discordgo.User{ID: "300000000000000077", Username: "other"})
		if mine := e.callback(t, e.inject(t, other).ID); mine.Type != discordgo.InteractionResponseChannelMessageWithSource || !mine.Data.Ephemeral() {
			t.Errorf("a click on someone else's card answered with type %d (ephemeral %v), want the page for the clicker alone", mine.Type, mine.Data.Ephemeral())
		}
		prev := buttonLabelled(t, up.Data, "previous page")
		back := e.callback(t, e.inject(t, fakediscord.Click(prev.CustomID, rec.MessageID)).ID)
		if pageLine(back.Data) != pageLine(data) || len(back.Data.Embeds) != len(data.Embeds) {
			t.Fatalf("after previous: %q with %d embeds, want page 1 again", pageLine(back.Data), len(back.Data.Embeds))
		}
	})

	t.Run("unknown button", func(t *testing.T) {
		rec := e.callback(t, e.inject(t, fakediscord.Click("someone-else:thing", withButton(e.fake, "someone-else:thing"))).ID)
		if rec.Type != discordgo.InteractionResponseChannelMessageWithSource || !rec.Data.Ephemeral() {
			t.Fatalf("type %d ephemeral %v", rec.Type, rec.Data.Ephemeral())
		}
	})

	t.Run("autocomplete", func(t *testing.T) {
		for _, tc := range []struct {
			cmd, opt, partial, want string
		}{
			{"whoendorses", "strategy", "open", "open-source"},
			{"person", "name", "joe", "joelle-pineau"},
			{"whoendorses", "stance", "opp", "opposes"},
		} {
			i := e.inject(t, fakediscord.Autocomplete(tc.cmd, map[string]string{tc.opt: tc.partial}, tc.opt))
			rec := e.callback(t, i.ID)
			if rec.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
				t.Fatalf("type %d", rec.Type)
			}
			found := false
			for _, c := range rec.Data.Choices {
				found = found || c.Value == tc.want
			}
			if !found || len(rec.Data.Choices) > 25 {
				t.Errorf("%s %s %q: choices %+v, want %s", tc.cmd, tc.opt, tc.partial, rec.Data.Choices, tc.want)
			}
		}
		i := e.inject(t, fakediscord.Autocomplete("person", map[string]string{"name": "zzzzzzzz"}, "name"))
		if rec := e.callback(t, i.ID); !strings.Contains(string(rec.Body), `"choices":[]`) {
			t.Errorf("no match must still send an empty choices list: %s", rec.Body)
		}
	})

	t.Run("find sources message command", func(t *testing.T) {
		i := e.inject(t, fakediscord.MessageCommand(FindSourcesCommand, "800000000000000001",
			`Andrew Ng said "the danger is regulation banning open source"`).InThread("500000000000000004", "500000000000000002"))
		_, data := e.answerOf(t, i.ID)
		if data.Ephemeral() || isErrorMessage(data) || !strings.Contains(allText(data), "Andrew Ng") {
			t.Fatalf("want a public quote card of Andrew Ng:\n%s", allText(data))
		}
		i = e.inject(t, fakediscord.MessageCommand(FindSourcesCommand, "800000000000000002", "   "))
		if _, data := e.answerOf(t, i.ID); !data.Ephemeral() || !isErrorMessage(data) {
			t.Fatalf("an empty message: want an ephemeral error:\n%s", allText(data))
		}
	})

	t.Run("never answers bots or itself", func(t *testing.T) {
		botUser := discordgo.User{ID: "900000000000000001", Username: "otherbot", Bot: true}
		self := discordgo.User{ID: e.fake.BotUserID(), Username: "stancebot"}
		a := e.inject(t, fakediscord.Slash("echo", nil).ByUser(botUser))
		b := e.inject(t, fakediscord.Slash("echo", nil).ByUser(self))
		// A human's interaction sent after them is answered; theirs never are.
		c := e.inject(t, fakediscord.Slash("echo", nil))
		e.callback(t, c.ID)
		time.Sleep(2 * testDeferAfter)
		for _, id := range []string{a.ID, b.ID} {
			if recs := e.fake.Records(fakediscord.ForInteraction(id)); len(recs) > 0 {
				t.Errorf("answered interaction %s: %+v", id, recs)
			}
		}
	})

	t.Run("a second answer is reported", func(t *testing.T) {
		i := e.inject(t, fakediscord.Slash("echo", nil))
		e.callback(t, i.ID)
		// Discord delivering it again (or another instance answering first)
		// makes the callback fail with 40060.
		if err := e.fake.Dispatch("INTERACTION_CREATE", i); err != nil {
			t.Fatal(err)
		}
		e.obs.waitKind(t, "already_answered", 3*time.Second)
	})
}

// buttonLabelled returns the button with the label.
func buttonLabelled(t *testing.T, d fakediscord.MessageData, label string) fakediscord.Button {
	t.Helper()
	for _, b := range d.Buttons() {
		if strings.EqualFold(b.Label, label) {
			if !strings.HasPrefix(b.CustomID, customIDPrefix) || len(b.CustomID) > maxCustomID {
				t.Fatalf("custom_id %q", b.CustomID)
			}
			return b
		}
	}
	t.Fatalf("no %q button in %+v", label, d.Buttons())
	return fakediscord.Button{}
}

func TestGatewayResume(t *testing.T) {
	t.Parallel()
	e := startGateway(t, fakediscord.Options{HeartbeatInterval: 200 * time.Millisecond}, nil)
	e.fake.DropGateway()
	// Sent while the connection is down: delivered when the session resumes.
	i, err := e.fake.InjectInteraction(fakediscord.Slash("echo", map[string]string{"text": "after resume"}))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := e.fake.WaitRecord(ctxFor(t, 5*time.Second), fakediscord.ForInteraction(i.ID, fakediscord.KindCallback))
	if err != nil || rec.Status != 204 {
		t.Fatalf("callback after resume: %+v, %v", rec, err)
	}
	if rec.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource {
		// The interaction waited for the resume: its deadline runs from
		// when Discord made it, so the answer may come as a deferral and an edit.
		rec, err = e.fake.WaitRecord(ctxFor(t, 5*time.Second), fakediscord.ForInteraction(i.ID, fakediscord.KindEditOriginal))
		if err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(allText(rec.Data), "text=after resume") {
		t.Fatalf("answer after resume: %+v", rec)
	}
	waitFor(t, "the adapter to be ready again", 3*time.Second, e.a.Ready)
	if e.a.downFor() != 0 {
		t.Error("connected again, but the watchdog still counts the gateway as down")
	}
	if st := e.fake.Stats(); st.Identifies != 1 || st.Resumes < 1 || st.Heartbeats < 1 {
		t.Errorf("stats %+v: want one identify, then a resume", st)
	}
}

func TestGatewayLateAnswer(t *testing.T) {
	t.Parallel()
	// Discord forgets the interaction before the adapter defers it.
	e := startGateway(t, fakediscord.Options{InteractionDeadline: 50 * time.Millisecond}, nil)
	e.inject(t, fakediscord.Slash("slow", nil))
	e.obs.waitKind(t, "late_answer", 3*time.Second)
}

func TestGatewayWatchdog(t *testing.T) {
	t.Parallel()
	f := startFake(t, fakediscord.Options{HeartbeatInterval: 200 * time.Millisecond})
	a, _ := newAdapter(t, testBot(t), f, func(o *Options) { o.DeadAfter = 500 * time.Millisecond })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	waitFor(t, "the gateway to connect", 5*time.Second, func() bool { return f.Connected() && a.Ready() })
	f.SetGatewayDown(true)
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "disconnected") {
			t.Fatalf("Run returned %v, want a dead-gateway error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not give up on a dead gateway")
	}
}

func TestRunWithoutToken(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	a, _ := newAdapter(t, testBot(t), f, func(o *Options) { o.Token = "" })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := a.Run(ctx); err != nil {
		t.Fatalf("HTTP-only Run: %v", err)
	}
	if !a.Ready() {
		t.Error("HTTP interactions configured: want Ready")
	}
	if st := f.Stats(); st.Connections != 0 {
		t.Errorf("HTTP-only Run opened the gateway: %+v", st)
	}
}

func TestNewOptions(t *testing.T) {
	b := testBot(t)
	for _, tc := range []struct {
		name string
		opts Options
		ok   bool
	}{
		{"nothing", Options{}, false},
		{"token", Options{Token: "x"}, true},
		{"key", Options{PublicKey: strings.Repeat("ab", 32)}, true},
		{"short key", Options{PublicKey: "abcd"}, false},
		{"not hex", Options{PublicKey: strings.Repeat("zz", 32)}, false},
	} {
		_, err := New(b, tc.opts)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err %v", tc.name, err)
		}
	}
	if _, err := New(nil, Options{Token: "x"}); err == nil {
		t.Error("no bot: want an error")
	}
}

func TestRunDrainsAnswers(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	held := bareBot(t, bot.Command{Name: "hold", Description: "Answers when released",
		Run: func(ctx context.Context, _ bot.Request) (bot.Reply, error) {
			<-release
			return bot.Reply{Cards: []bot.Card{{Title: "released"}}}, nil
		}})
	f := startFake(t, fakediscord.Options{})
	a, _ := newAdapter(t, held, f, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	waitFor(t, "the gateway to connect", 5*time.Second, func() bool { return f.Connected() && a.Ready() })
	i, err := f.InjectInteraction(fakediscord.Slash("hold", nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WaitRecord(ctxFor(t, 3*time.Second), fakediscord.ForInteraction(i.ID, fakediscord.KindCallback)); err != nil {
		t.Fatal(err)
	}
	cancel() // a shutdown while the answer is under way
	select {
	case err := <-done:
		t.Fatalf("Run returned with an answer under way: %v", err)
	case <-time.After(1500 * time.Millisecond): // past the gateway's close
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	recs := f.Records(fakediscord.ForInteraction(i.ID, fakediscord.KindEditOriginal))
	if len(recs) != 1 || !strings.Contains(allText(recs[0].Data), "released") {
		t.Fatalf("Run returned before the answer under way was delivered: %+v", recs)
	}
}

// TestGlobalRateLimitDoesNotStallAnswers: a digest post rate limited
// globally (Discord's 429 with X-RateLimit-Global) leaves the answers to
// interactions on time: they have a rate limiter of their own, which
// discordgo's global state does not stall.
func TestGlobalRateLimitDoesNotStallAnswers(t *testing.T) {
	t.Parallel()
	e := startGateway(t, fakediscord.Options{}, nil)
	msgs, err := e.a.Split(bot.Reply{Cards: []bot.Card{{Title: "Digest"}}})
	if err != nil {
		t.Fatal(err)
	}
	// Longer than an interaction's 3 s: an answer that waited for it would be refused.
	e.fake.ForceRateLimit(fakediscord.KindChannelMessage, 1, 4*time.Second, true)
	if err := e.a.Post(ctxFor(t, 10*time.Second), digestChannel, bot.Outgoing{Key: "K", Payload: msgs[0]}); err == nil {
		t.Fatal("a post rate limited for longer than MaxRetryWait succeeded")
	}
	i, err := e.fake.InjectInteraction(fakediscord.Slash("echo", map[string]string{"text": "now"}))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := e.fake.WaitRecord(ctxFor(t, 5*time.Second), fakediscord.ForInteraction(i.ID, fakediscord.KindCallback))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Type != discordgo.InteractionResponseChannelMessageWithSource || rec.Status != 204 {
		t.Errorf("the answer during a global rate limit: type %d status %d; want the answer itself, at once", rec.Type, rec.Status)
	}
}

// TestLateInteractionIsNotAnswered: the deadline runs from when Discord
// made the interaction (its id), so a replayed or delayed one is not taken
// for fresh.
func TestLateInteractionIsNotAnswered(t *testing.T) {
	t.Parallel()
	e := startGateway(t, fakediscord.Options{}, nil)
	old := fakediscord.Slash("echo", map[string]string{"text": "late"})
	old.ID = strconv.FormatInt((time.Now().Add(-10*time.Second).UnixMilli()-1420070400000)<<22, 10)
	if _, err := e.fake.InjectInteraction(old); err != nil {
		t.Fatal(err)
	}
	e.obs.waitKind(t, "late_answer", 3*time.Second)
	if recs := e.fake.Records(fakediscord.ForInteraction(old.ID, fakediscord.KindCallback)); len(recs) != 0 {
		t.Errorf("a 10-second-old interaction was answered: %+v", recs)
	}
}

// TestEditsOfDifferentInteractionsOverlap: the edits answering deferred
// interactions are not queued behind one another (discordgo files them
// under one rate-limit bucket).
func TestEditsOfDifferentInteractionsOverlap(t *testing.T) {
	t.Parallel()
	e := startGateway(t, fakediscord.Options{}, nil)
	e.fake.SetEditDelay(300 * time.Millisecond)
	var ids []string
	for range 5 {
		i, err := e.fake.InjectInteraction(fakediscord.Slash("slow", nil))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, i.ID)
	}
	for _, id := range ids {
		if _, err := e.fake.WaitRecord(ctxFor(t, 10*time.Second), fakediscord.ForInteraction(id, fakediscord.KindEditOriginal)); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.fake.MaxConcurrentEdits(); n < 2 {
		t.Errorf("at most %d edit at a time; the answers of different interactions were serialised", n)
	}
}

// pageLine is the "Page n of m" that ends the footer of a message's last embed.
func pageLine(m fakediscord.MessageData) string {
	if len(m.Embeds) == 0 || m.Embeds[len(m.Embeds)-1].Footer == nil {
		return ""
	}
	f := m.Embeds[len(m.Embeds)-1].Footer.Text
	if i := strings.LastIndex(f, "Page "); i >= 0 {
		return f[i:]
	}
	return ""
}

// checkGridUpload checks that an answer uploads the tier grid as a PNG and
// shows it in an embed.
func checkGridUpload(t *testing.T, e *gatewayEnv, id string, data fakediscord.MessageData) {
	t.Helper()
	rec, err := e.fake.WaitRecord(ctxFor(t, 5*time.Second), func(r fakediscord.Record) bool {
		return r.InteractionID == id && len(r.Files) > 0
	})
	if err != nil {
		t.Fatalf("no upload with the answer to %s: %v", id, err)
	}
	f := rec.Files[0]
	if _, err := png.Decode(bytes.NewReader(f.Data)); err != nil || f.Name != gridpng.FileName || f.ContentType != "image/png" {
		t.Errorf("upload %s (%s, %d bytes): not the grid picture: %v", f.Name, f.ContentType, len(f.Data), err)
	}
	shown := false
	for _, em := range data.Embeds {
		shown = shown || (em.Image != nil && em.Image.URL == "attachment://"+gridpng.FileName)
	}
	if !shown {
		t.Error("no embed shows the grid picture")
	}
}
