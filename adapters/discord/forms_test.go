package discord

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/adapters/internal/kept"
	"github.com/stancebot/stancebot/bot"
)

// modeEnv is an adapter served in one mode, gateway or HTTP interactions.
type modeEnv struct {
	fake *fakediscord.Server
	obs  *recObserver
	// first sends an interaction and returns it with its first response,
	// which Discord accepted.
	first func(t *testing.T, i fakediscord.Interaction) (fakediscord.Interaction, fakediscord.Record)
}

// bothModes starts an adapter of b in each mode, each on a fake of its own.
func bothModes(t *testing.T, b *bot.Bot, adjust func(*Options)) map[string]modeEnv {
	t.Helper()
	g := startGatewayFor(t, b, fakediscord.Options{}, adjust)
	f, url, obs := startHTTPFor(t, b, adjust)
	return map[string]modeEnv{
		"gateway": gatewayMode(g),
		"http": {fake: f, obs: obs, first: func(t *testing.T, i fakediscord.Interaction) (fakediscord.Interaction, fakediscord.Record) {
			t.Helper()
			i, rec, err := f.PostInteraction(ctxFor(t, 10*time.Second), url, i)
			if err != nil || rec.Status != http.StatusOK {
				t.Fatalf("HTTP answer %d: %s, %v", rec.Status, rec.Body, err)
			}
			return i, rec
		}},
	}
}

// gatewayMode is the gateway adapter g as a modeEnv.
func gatewayMode(g *gatewayEnv) modeEnv {
	return modeEnv{fake: g.fake, obs: g.obs, first: func(t *testing.T, i fakediscord.Interaction) (fakediscord.Interaction, fakediscord.Record) {
		t.Helper()
		i = g.inject(t, i)
		return i, g.callback(t, i.ID)
	}}
}

// modalOf returns the modal a first response opens.
func modalOf(t *testing.T, rec fakediscord.Record) fakediscord.ModalData {
	t.Helper()
	if rec.Type != discordgo.InteractionResponseModal || rec.Modal == nil {
		t.Fatalf("response type %d, want a modal (9): %s", rec.Type, rec.Body)
	}
	return *rec.Modal
}

// submit sends the modal's submission with the values typed in.
func (e modeEnv) submit(t *testing.T, m fakediscord.ModalData, values map[string]string) fakediscord.Record {
	t.Helper()
	return e.submitAs(t, asIs, m, values)
}

// submitAs sends the modal's submission with the values typed in, as the
// user that as makes it.
func (e modeEnv) submitAs(t *testing.T, as func(fakediscord.Interaction) fakediscord.Interaction, m fakediscord.ModalData, values map[string]string) fakediscord.Record {
	t.Helper()
	i, err := fakediscord.Submit(m, values)
	if err != nil {
		t.Fatal(err)
	}
	_, rec := e.first(t, as(i))
	return rec
}

// asIs leaves an interaction as it is: by fakediscord.DefaultUserID.
func asIs(i fakediscord.Interaction) fakediscord.Interaction { return i }

// click presses the button labelled label on the message d of record rec.
func (e modeEnv) click(t *testing.T, rec fakediscord.Record, d fakediscord.MessageData, label string) fakediscord.Record {
	t.Helper()
	b := findButton(t, d, label, func(l, want string) bool { return l == want })
	_, got := e.first(t, fakediscord.Click(b.CustomID, rec.MessageID))
	return got
}

// inputs returns a modal's text inputs by custom_id.
func inputs(m fakediscord.ModalData) map[string]fakediscord.TextInput {
	out := map[string]fakediscord.TextInput{}
	for _, in := range m.Inputs() {
		out[in.CustomID] = in
	}
	return out
}

// TestFormsInSequence: a form opens as a modal; the next form, answering
// the submission, cannot: it comes as a button opening it; the last
// submission's answer is public and its notice a DM.
func TestFormsInSequence(t *testing.T) {
	t.Parallel()
	for mode, e := range bothModes(t, testBot(t), nil) {
		t.Run(mode, func(t *testing.T) {
			_, rec := e.first(t, fakediscord.Slash("survey", nil))
			m := modalOf(t, rec)
			in := inputs(m)
			if m.Title != "Survey" || m.CustomID != "sb:/survey" || len(in) != 2 {
				t.Fatalf("modal %+v", m)
			}
			name, mood := in["name"], in["mood"]
			if name.Label != "Your name" || name.Style != discordgo.TextInputShort || !name.IsRequired() || *name.MaxLength != 40 {
				t.Errorf("name input %+v", name)
			}
			if mood.IsRequired() || mood.Placeholder != "good, bad" || *mood.MaxLength != maxInputLength {
				t.Errorf("mood input %+v: optional, its choices as the placeholder", mood)
			}

			rec = e.submit(t, m, map[string]string{"name": "Ada", "mood": "good"})
			if rec.Type != discordgo.InteractionResponseChannelMessageWithSource || !rec.Data.Ephemeral() ||
				!strings.Contains(allText(rec.Data), "Survey, part 2") {
				t.Fatalf("a form answering a submission: type %d, ephemeral %v:\n%s", rec.Type, rec.Data.Ephemeral(), allText(rec.Data))
			}
			m2 := modalOf(t, e.click(t, rec, rec.Data, openFormLabel))
			answer := inputs(m2)["answer"]
			if m2.CustomID != "sb:/survey name:Ada" || answer.Style != discordgo.TextInputParagraph || answer.Placeholder != "Say it all" {
				t.Fatalf("second modal %+v", m2)
			}

			rec = e.submit(t, m2, map[string]string{"answer": "Forms work"})
			text := allText(rec.Data)
			if rec.Type != discordgo.InteractionResponseChannelMessageWithSource || rec.Data.Ephemeral() ||
				!strings.Contains(text, "Thanks, Ada") || !strings.Contains(text, "Forms work") {
				t.Fatalf("the answer: type %d, ephemeral %v:\n%s", rec.Type, rec.Data.Ephemeral(), text)
			}
			dm, err := e.fake.WaitRecord(ctxFor(t, 5*time.Second), fakediscord.OfKind(fakediscord.KindDMChannel))
			if err != nil || dm.Status != http.StatusOK {
				t.Fatalf("no DM channel opened: %+v, %v", dm, err)
			}
			sent, err := e.fake.WaitRecord(ctxFor(t, 5*time.Second), fakediscord.InChannel(dm.ChannelID))
			if err != nil || sent.Status != http.StatusOK || sent.Data.Content != "Your survey was recorded: Forms work" {
				t.Fatalf("the notice: %+v, %v", sent, err)
			}
			if dm.ChannelID != e.fake.DMChannel(fakediscord.DefaultUserID) {
				t.Errorf("the notice went to channel %s, not the user's DM", dm.ChannelID)
			}
			if len(e.fake.Records(fakediscord.InChannel(fakediscord.DefaultChannelID))) != 0 {
				t.Error("a notice was posted in the channel")
			}
		})
	}
}

// TestFormFieldErrors: a refused submission lists its field errors by
// label, for the user alone, with a button re-opening the form filled in.
func TestFormFieldErrors(t *testing.T) {
	t.Parallel()
	for mode, e := range bothModes(t, testBot(t), nil) {
		t.Run(mode, func(t *testing.T) {
			_, rec := e.first(t, fakediscord.Slash("survey", nil))
			m := modalOf(t, rec)
			rec = e.submit(t, m, map[string]string{"name": "bad", "mood": "meh"})
			text := allText(rec.Data)
			for _, want := range []string{card.InvalidTitle, "Your name", "That is not a name.", "Mood", "Say good or bad."} {
				if !strings.Contains(text, want) {
					t.Errorf("the errors lack %q:\n%s", want, text)
				}
			}
			if !rec.Data.Ephemeral() || !isErrorMessage(rec.Data) {
				t.Errorf("field errors must be an error for the user alone: ephemeral %v", rec.Data.Ephemeral())
			}
			fix := modalOf(t, e.click(t, rec, rec.Data, fixFormLabel))
			in := inputs(fix)
			if fix.CustomID != m.CustomID || fix.Title != m.Title || in["name"].Value != "bad" || in["mood"].Value != "meh" ||
				in["name"].Label != "Your name" || *in["name"].MaxLength != 40 {
				t.Fatalf("the form re-opened: %+v", fix)
			}
			rec = e.submit(t, fix, map[string]string{"name": "Ada"})
			if !strings.Contains(allText(rec.Data), "Survey, part 2") {
				t.Fatalf("the fixed submission:\n%s", allText(rec.Data))
			}
		})
		t.Run(mode+"/a form this adapter did not open", func(t *testing.T) {
			// Opened before a restart: the form is made of what was submitted.
			max := 40
			m := fakediscord.ModalData{CustomID: "sb:/survey", Title: "Survey", Components: []fakediscord.ModalRow{{
				Type: discordgo.ActionsRowComponent, Components: []fakediscord.TextInput{{
					Type: discordgo.TextInputComponent, CustomID: "name", Style: discordgo.TextInputShort, Label: "Name", MaxLength: &max,
				}}}}}
			i, err := fakediscord.Submit(m, map[string]string{"name": "bad"})
			if err != nil {
				t.Fatal(err)
			}
			_, rec := e.first(t, i.ByUser(discordgo.User{ID: "300000000000000077", Username: "other"}))
			fix := modalOf(t, e.click(t, rec, rec.Data, fixFormLabel))
			if in := inputs(fix)["name"]; fix.CustomID != "sb:/survey" || in.Value != "bad" || in.Label != "name" {
				t.Fatalf("the form re-opened: %+v", fix)
			}
		})
	}
}

// TestFieldErrorsReopenTheFormSubmitted: the button fixing a refused
// submission re-opens the form as it was opened, even when the adapter
// dropped that form while the command ran (a full store, or its lifetime
// over): the submission is read once, when it arrives.
func TestFieldErrorsReopenTheFormSubmitted(t *testing.T) {
	t.Parallel()
	var forms atomic.Pointer[kept.Store[bot.Form]] // the adapter's, once it is made
	b := bareBot(t, bot.Command{Name: "ask", Description: "A form", Options: []bot.Option{{Name: "a"}},
		Run: func(_ context.Context, req bot.Request) (bot.Reply, error) {
			if req.Option("a") == "" {
				return bot.Reply{Form: &bot.Form{Command: "/ask", Title: "Ask", Fields: []bot.FormField{{Name: "a", Label: "An answer"}}}}, nil
			}
			forms.Load().Delete(openedKey(fakediscord.DefaultUserID, "sb:/ask"))
			reply := bot.ErrorReply(bot.Errorf(bot.EINVALID, "Some answers are not valid."))
			reply.Invalid = []bot.FieldError{{Field: "a", Message: "Not that."}}
			return reply, nil
		}})
	g := startGatewayFor(t, b, fakediscord.Options{}, nil)
	forms.Store(g.a.forms)
	e := gatewayMode(g)
	_, rec := e.first(t, fakediscord.Slash("ask", nil))
	rec = e.submit(t, modalOf(t, rec), map[string]string{"a": "this"})
	fix := modalOf(t, e.click(t, rec, rec.Data, fixFormLabel))
	if in := inputs(fix)["a"]; fix.Title != "Ask" || in.Label != "An answer" || in.Value != "this" {
		t.Fatalf("the form re-opened: %+v", fix)
	}
}

// TestFieldErrorsWithTheirForm: field errors that come with a form, in
// answer to a command or a submission, are listed (a modal cannot show
// them) with a button opening that form.
func TestFieldErrorsWithTheirForm(t *testing.T) {
	t.Parallel()
	for mode, e := range bothModes(t, testBot(t), nil) {
		t.Run(mode, func(t *testing.T) {
			check := func(t *testing.T, rec fakediscord.Record) {
				t.Helper()
				text := allText(rec.Data)
				if rec.Type != discordgo.InteractionResponseChannelMessageWithSource || !rec.Data.Ephemeral() ||
					!strings.Contains(text, "Another name") || !strings.Contains(text, "That name is taken.") {
					t.Fatalf("type %d, ephemeral %v:\n%s", rec.Type, rec.Data.Ephemeral(), text)
				}
				m := modalOf(t, e.click(t, rec, rec.Data, fixFormLabel))
				if m.Title != "Survey again" || inputs(m)["name"].Value != "taken" {
					t.Errorf("the form re-opened: %+v", m)
				}
			}
			_, rec := e.first(t, fakediscord.Slash("survey", map[string]string{"name": "taken"}))
			check(t, rec)
			_, rec = e.first(t, fakediscord.Slash("survey", nil))
			check(t, e.submit(t, modalOf(t, rec), map[string]string{"name": "taken"}))
		})
	}
}

// TestFieldErrorsShownByTheCommand: errors the reply's cards already show
// are not listed again, and a reply with buttons of its own gets no other.
func TestFieldErrorsShownByTheCommand(t *testing.T) {
	t.Parallel()
	for mode, e := range bothModes(t, testBot(t), nil) {
		t.Run(mode, func(t *testing.T) {
			_, rec := e.first(t, fakediscord.Slash("survey", nil))
			rec = e.submit(t, modalOf(t, rec), map[string]string{"name": "listed"})
			text := allText(rec.Data)
			if n := strings.Count(text, "That name is listed."); n != 1 || !rec.Data.Ephemeral() {
				t.Errorf("the error shown %d times, ephemeral %v:\n%s", n, rec.Data.Ephemeral(), text)
			}
			if b := rec.Data.Buttons(); len(b) != 1 || b[0].Label != "Fix" {
				t.Fatalf("buttons %+v, want the reply's own", b)
			}
			modalOf(t, e.click(t, rec, rec.Data, "Fix"))
		})
	}
}

// TestFormAfterDeferral: a form ready only after the interaction was
// deferred cannot be a modal; it comes as a button for the asker alone.
func TestFormAfterDeferral(t *testing.T) {
	t.Parallel()
	for mode, e := range bothModes(t, testBot(t), nil) {
		t.Run(mode, func(t *testing.T) {
			i, rec := e.first(t, fakediscord.Slash("survey", map[string]string{"slow": "yes"}))
			if rec.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
				t.Fatalf("first response type %d, want a deferral", rec.Type)
			}
			fu, err := e.fake.WaitRecord(ctxFor(t, 5*time.Second), fakediscord.ForInteraction(i.ID, fakediscord.KindFollowup))
			if err != nil || fu.Status/100 != 2 || !fu.Data.Ephemeral() || !strings.Contains(allText(fu.Data), "Survey") {
				t.Fatalf("follow-up %+v, %v", fu, err)
			}
			if _, err := e.fake.WaitRecord(ctxFor(t, 5*time.Second), fakediscord.ForInteraction(i.ID, fakediscord.KindDeleteOriginal)); err != nil {
				t.Errorf("the public placeholder stays: %v", err)
			}
			for _, r := range e.fake.Records(fakediscord.ForInteraction(i.ID, fakediscord.KindCallback)) {
				if r.Type == discordgo.InteractionResponseModal {
					t.Errorf("a modal was sent after the deferral: %s", r.Body)
				}
			}
			modalOf(t, e.click(t, fu, fu.Data, openFormLabel))
		})
		t.Run(mode+"/a button", func(t *testing.T) {
			_, rec := e.first(t, fakediscord.Click("sb:/survey", withButton(e.fake, "sb:/survey")))
			if m := modalOf(t, rec); m.CustomID != "sb:/survey" {
				t.Errorf("a button's form: %+v", m)
			}
			i, rec := e.first(t, fakediscord.Click("sb:/survey slow:yes", withButton(e.fake, "sb:/survey slow:yes")))
			if rec.Type != discordgo.InteractionResponseDeferredMessageUpdate {
				t.Fatalf("first response type %d, want a deferred update", rec.Type)
			}
			fu, err := e.fake.WaitRecord(ctxFor(t, 5*time.Second), fakediscord.ForInteraction(i.ID, fakediscord.KindFollowup))
			if err != nil || !fu.Data.Ephemeral() {
				t.Fatalf("follow-up %+v, %v", fu, err)
			}
			if n := len(e.fake.Records(fakediscord.ForInteraction(i.ID, fakediscord.KindEditOriginal))); n != 0 {
				t.Errorf("the clicked message was replaced by the form's button (%d edits)", n)
			}
			modalOf(t, e.click(t, fu, fu.Data, openFormLabel))
		})
	}
}

// TestFormCommandTooLongForCustomID: a form whose command does not fit a
// custom_id is kept, and its submission still reaches the command; a kept
// form that is gone says so.
func TestFormCommandTooLongForCustomID(t *testing.T) {
	t.Parallel()
	for mode, e := range bothModes(t, testBot(t), nil) {
		t.Run(mode, func(t *testing.T) {
			_, rec := e.first(t, fakediscord.Slash("survey", map[string]string{"tag": strings.Repeat("t", 120)}))
			m := modalOf(t, rec)
			if !strings.HasPrefix(m.CustomID, formIDPrefix) {
				t.Fatalf("custom_id %q", m.CustomID)
			}
			rec = e.submit(t, m, map[string]string{"name": "Ada"})
			if !strings.Contains(allText(rec.Data), "Survey, part 2") {
				t.Fatalf("the submission:\n%s", allText(rec.Data))
			}
			m.CustomID = formIDPrefix + "gone"
			if rec = e.submit(t, m, map[string]string{"name": "Ada"}); !strings.Contains(allText(rec.Data), expiredForm) {
				t.Errorf("a submission of a form no longer kept:\n%s", allText(rec.Data))
			}
			_, rec = e.first(t, fakediscord.Click(formIDPrefix+"gone", withButton(e.fake, formIDPrefix+"gone")))
			if rec.Type != discordgo.InteractionResponseChannelMessageWithSource || !rec.Data.Ephemeral() ||
				!strings.Contains(allText(rec.Data), expiredForm) {
				t.Errorf("a button of a form no longer kept: type %d:\n%s", rec.Type, allText(rec.Data))
			}
		})
	}
}

// TestModeratorRoles: a configured role counts as Manage Channels.
func TestModeratorRoles(t *testing.T) {
	t.Parallel()
	const mod = "500000000000000001"
	for mode, e := range bothModes(t, testBot(t), func(o *Options) { o.ModeratorRoles = []string{mod} }) {
		t.Run(mode, func(t *testing.T) {
			for _, tc := range []struct {
				roles []string
				want  string
			}{{[]string{mod}, "manage=true"}, {[]string{"500000000000000002"}, "manage=false"}} {
				_, rec := e.first(t, fakediscord.Slash("echo", nil).WithRoles(tc.roles...))
				if !strings.Contains(allText(rec.Data), tc.want) {
					t.Errorf("roles %v: want %s in\n%s", tc.roles, tc.want, allText(rec.Data))
				}
			}
		})
	}
}

// TestOnlyShownFormsKept: a form Discord cannot show as a modal, or one
// whose modal Discord did not take, leaves nothing kept: a refused form
// whose command is too long for a custom_id pushes no other form out of a
// full store, and a refused modal's form is not kept for its submission.
func TestOnlyShownFormsKept(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("t", 120)
	b := bareBot(t, bot.Command{Name: "unshowable", Description: "A form no modal can show",
		Run: func(context.Context, bot.Request) (bot.Reply, error) {
			return bot.Reply{Form: &bot.Form{Command: "/unshowable " + long, Title: " ", Fields: []bot.FormField{{Name: "a"}}}}, nil
		}}, bot.Command{Name: "ask", Description: "A form",
		Run: func(context.Context, bot.Request) (bot.Reply, error) {
			return bot.Reply{Form: &bot.Form{Command: "/ask", Title: "Ask", Fields: []bot.FormField{{Name: "a"}}}}, nil
		}})
	e := startGatewayFor(t, b, fakediscord.Options{}, nil)

	e.a.forms = kept.New[bot.Form](1, formLifetime, time.Now)
	e.a.forms.Put("earlier", bot.Form{Command: "/earlier"})
	rec := e.callback(t, e.inject(t, fakediscord.Slash("unshowable", nil)).ID)
	if !strings.Contains(allText(rec.Data), unshowableForm) {
		t.Fatalf("an unshowable form:\n%s", allText(rec.Data))
	}
	if _, ok := e.a.forms.Get("earlier"); !ok {
		t.Error("a form that could not be shown was kept, pushing out another")
	}

	e.fake.ForceRateLimit(fakediscord.KindCallback, 1, time.Second, false)
	i := e.inject(t, fakediscord.Slash("ask", nil))
	if _, err := e.fake.WaitRecord(ctxFor(t, 3*time.Second), fakediscord.ForInteraction(i.ID, fakediscord.KindCallback)); err != nil {
		t.Fatal(err)
	}
	// The form was kept before the callback went; it must be dropped.
	waitFor(t, "the form of a modal Discord refused to be dropped", 2*time.Second, func() bool {
		_, ok := e.a.forms.Get(openedKey(fakediscord.DefaultUserID, "sb:/ask"))
		return !ok
	})
}

// TestFormKeysFit: a kept form's key fits a custom_id with its prefix
// (the store itself is tested in adapters/internal/kept).
func TestFormKeysFit(t *testing.T) {
	s := kept.New[bot.Form](formsKept, formLifetime, time.Now)
	if k := s.Add(bot.Form{Command: "/f"}); len(formIDPrefix+k) > maxCustomID {
		t.Errorf("key %q", k)
	}
}

func TestModal(t *testing.T) {
	long := strings.Repeat("é", 60)
	f := bot.Form{Command: "/x", Title: long, Fields: []bot.FormField{
		{Name: "a", Label: long, Value: strings.Repeat("v", 12), MaxLength: 10, Required: true},
		{Name: "b", Long: true, MaxLength: 9000, Placeholder: strings.Repeat("p", 150)},
	}}
	resp, err := modal(f)
	if err != nil {
		t.Fatal(err)
	}
	d := resp.Data
	if resp.Type != discordgo.InteractionResponseModal || runes(d.Title) != maxModalTitle {
		t.Fatalf("modal %+v", d)
	}
	a := d.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.TextInput)
	b := d.Components[1].(discordgo.ActionsRow).Components[0].(discordgo.TextInput)
	if runes(a.Label) != maxInputLabel || a.Value != strings.Repeat("v", 10) || a.MaxLength != 10 || !a.Required || a.Style != discordgo.TextInputShort {
		t.Errorf("a: %+v", a)
	}
	if b.Label != "b" || b.MaxLength != maxInputLength || runes(b.Placeholder) != maxInputHint || b.Required || b.Style != discordgo.TextInputParagraph {
		t.Errorf("b: %+v", b)
	}
	six := bot.Form{Title: "t"}
	for _, n := range []string{"1", "2", "3", "4", "5", "6"} {
		six.Fields = append(six.Fields, bot.FormField{Name: n})
	}
	for name, bad := range map[string]bot.Form{
		"no title":        {Title: " ", Fields: []bot.FormField{{Name: "a"}}},
		"no fields":       {Title: "t"},
		"six fields":      six,
		"a field twice":   {Title: "t", Fields: []bot.FormField{{Name: "a"}, {Name: "a"}}},
		"a nameless one":  {Title: "t", Fields: []bot.FormField{{Name: ""}}},
		"a name too long": {Title: "t", Fields: []bot.FormField{{Name: strings.Repeat("n", 101)}}},
	} {
		if _, err := modal(bad); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

// TestFormOverTheLimits: a form with more text than a modal takes opens,
// clipped to Discord's limits (which the fake enforces as Discord does).
func TestFormOverTheLimits(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ü", 5000)
	wide := bot.Form{Command: "/wide", Title: long[:200]}
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		wide.Fields = append(wide.Fields, bot.FormField{Name: n, Label: long[:200], Long: true, Value: long,
			Placeholder: long[:400], MaxLength: 6000})
	}
	b := bareBot(t, bot.Command{Name: "wide", Description: "An over-long form",
		Run: func(context.Context, bot.Request) (bot.Reply, error) { return bot.Reply{Form: &wide}, nil }})
	for mode, e := range bothModes(t, b, nil) {
		t.Run(mode, func(t *testing.T) {
			_, rec := e.first(t, fakediscord.Slash("wide", nil))
			m := modalOf(t, rec)
			if len(m.Inputs()) != 5 {
				t.Fatalf("%d inputs", len(m.Inputs()))
			}
			for _, in := range m.Inputs() {
				if *in.MaxLength != maxInputLength || len([]rune(in.Value)) != maxInputLength {
					t.Errorf("input %s: max_length %d, value of %d", in.CustomID, *in.MaxLength, len([]rune(in.Value)))
				}
			}
		})
	}
}
