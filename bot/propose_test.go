package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/internal/testenv"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// communityBot is a bot over the test dataset with its index and the
// community's commands, over the same real store.
func communityBot(t testing.TB, opts Options) (*Bot, *store.DB) {
	t.Helper()
	db := realdata.Store(t, "", nil, testDataset())
	opts.Index = realdata.Index(t, db)
	opts.Community = db
	b, _ := newBot(t, db, opts)
	return b, db
}

// Requests of the tests: a user and a moderator on the console (no
// forms) and on a platform with five-field forms.
var (
	consoleUser = Request{Platform: PlatformConsole, UserID: "u1", ChannelID: "C1"}
	consoleMod  = Request{Platform: PlatformConsole, UserID: "m1", ChannelID: "C1", CanManageChannel: true}
	formUser    = Request{Platform: PlatformDiscord, UserID: "u1", ChannelID: "C1", FormFields: 5, ActionRoom: 100}
	formMod     = Request{Platform: PlatformDiscord, UserID: "m1", ChannelID: "C1", FormFields: 5, ActionRoom: 100, CanManageChannel: true}
)

// goodProposal is a whole valid /propose line but for its words.
const goodProposal = `/propose person:"Yann LeCun" strategy:pause stance:opposes fidelity:"direct quote" ` +
	`url:https://example.org/lecun-pause title:"On the pause letter" publisher:Example date:2023-04 type:interview `

func line(t *testing.T, b *Bot, from Request, l string) Reply {
	t.Helper()
	return b.HandleLine(context.Background(), l, from)
}

// TestProposeValidation: every refused value is answered with its
// field's error (Reply.Invalid) and a readable card, and nothing is queued.
func TestProposeValidation(t *testing.T) {
	b, db := communityBot(t, Options{})
	long := strings.Repeat("word ", 201)
	for _, tc := range []struct {
		name, line, field, msg string
	}{
		{"missing source", `/propose person:"Yann LeCun" strategy:pause stance:opposes fidelity:direct A pause would be a mistake.`,
			"url", "A source is required"},
		{"not http", strings.Replace(goodProposal, "https://example.org/lecun-pause", "ftp://example.org/x", 1) + "Words.", "url", "http or https"},
		{"javascript url", strings.Replace(goodProposal, "https://example.org/lecun-pause", "javascript:alert(1)", 1) + "Words.", "url", "http or https"},
		{"future date", strings.Replace(goodProposal, "date:2023-04", "date:2027-01", 1) + "Words.", "date", "in the future"},
		{"future day", strings.Replace(goodProposal, "date:2023-04", "date:2026-11-23", 1) + "Words.", "date", "in the future"},
		{"bad date", strings.Replace(goodProposal, "date:2023-04", "date:April", 1) + "Words.", "date", "YYYY"},
		{"unknown strategy", strings.Replace(goodProposal, "strategy:pause", "strategy:teleportation", 1) + "Words.", "strategy", "teleportation"},
		{"text over the limit", goodProposal + long, "text", "Too long: 1004 characters; at most 1000."},
		{"control characters", goodProposal + "Words\x1b[31m in red.", "text", "control characters"},
		{"control characters in a title", strings.Replace(goodProposal, `title:"On the pause letter"`, "title:\"On\x07 the pause\"", 1) + "Words.", "title", "control characters"},
		{"unknown stance", strings.Replace(goodProposal, "stance:opposes", "stance:loves", 1) + "Words.", "stance", "Must be one of"},
		{"unknown fidelity", strings.Replace(goodProposal, `fidelity:"direct quote"`, "fidelity:vibes", 1) + "Words.", "fidelity", "Must be one of"},
		{"missing words", goodProposal, "text", "Required."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := line(t, b, consoleUser, tc.line)
			if r.Error != EINVALID || len(r.Invalid) == 0 {
				t.Fatalf("reply %+v, want per-field errors", r)
			}
			e := r.Invalid[0]
			if e.Field != tc.field || !strings.Contains(e.Message, tc.msg) {
				t.Errorf("invalid %+v, want %s: %q", r.Invalid, tc.field, tc.msg)
			}
			if len(r.Cards) != 1 || len(r.Cards[0].Fields) != len(r.Invalid) || !strings.Contains(r.Cards[0].Fields[0].Value, tc.msg) {
				t.Errorf("card %+v does not list the errors", r.Cards)
			}
		})
	}
	if ps, err := db.Proposals(context.Background(), ProposalPending); err != nil || len(ps) != 0 {
		t.Errorf("queued %+v, %v", ps, err)
	}
}

// TestProposeDuplicate: a proposal already on record, word for word or
// nearly, is answered with the quote on record, not queued.
func TestProposeDuplicate(t *testing.T) {
	b, db := communityBot(t, Options{})
	for _, words := range []string{
		"The real risk is if regulation effectively bans open source.", // on record
		"The real risk is if regulation effectively bans open-source!", // the same words
	} {
		l := `/propose person:"Andrew Ng" strategy:"open source" stance:endorses fidelity:loose url:https://example.org/ng ` + words
		r := line(t, b, consoleUser, l)
		if r.Error != "" || len(r.Cards) != 1 || r.Cards[0].Title != "Already on record" ||
			r.Cards[0].Quotes[0].QuoteID != QuoteID("andrew-ng", "open-source", "The real risk is if regulation effectively bans open source.") {
			t.Errorf("%s: %+v", words, r)
		}
	}
	if ps, _ := db.Proposals(context.Background(), ProposalPending); len(ps) != 0 {
		t.Errorf("queued %+v", ps)
	}
	// Other words of the same person are new.
	r := line(t, b, consoleUser, `/propose person:"Andrew Ng" strategy:"open source" stance:endorses fidelity:loose url:https://example.org/ng Open models help small companies compete.`)
	if r.Error != "" || !strings.Contains(r.Cards[0].Title, "queued for review") {
		t.Errorf("new words: %+v", r)
	}
}

// TestProposeLimit: a user may submit ProposalsPerDay proposals a day;
// another user is not held back.
func TestProposeLimit(t *testing.T) {
	b, _ := communityBot(t, Options{ProposalsPerDay: 2})
	for i, words := range []string{"First new words here.", "Second new words there.", "Third new words anywhere."} {
		r := line(t, b, consoleUser, goodProposal+words)
		want := ""
		if i == 2 {
			want = ERATELIMITED
		}
		if r.Error != want {
			t.Errorf("proposal %d: %+v, want error %q", i+1, r, want)
		}
	}
	if r := line(t, b, consoleMod, goodProposal+"Third new words anywhere."); r.Error != "" {
		t.Errorf("another user: %+v", r)
	}
}

// TestProposeForms: on a platform with five-field forms, /propose opens
// the first of three forms pre-filled; each submitted form is saved in a
// draft and answered with a Continue button that opens the next; the last
// one queues the proposal.
func TestProposeForms(t *testing.T) {
	b, db := communityBot(t, Options{})
	ctx := context.Background()
	r := b.HandleProposeMessage(ctx, formUser, "LeCun on the letter: A pause would be a mistake. https://example.org/lecun-pause.")
	if r.Form == nil {
		t.Fatalf("no form: %+v", r)
	}
	f := r.Form
	if f.Command != "/propose draft:1 submit:1" || f.Title != "Propose a position (1 of 3)" || len(f.Fields) != 5 {
		t.Fatalf("form %+v", f)
	}
	if f.Fields[4].Name != "text" || !strings.Contains(f.Fields[4].Value, "A pause would be a mistake.") || !f.Fields[4].Long {
		t.Errorf("text field %+v", f.Fields[4])
	}
	for _, fl := range f.Fields {
		if len([]rune(fl.Label)) > MaxFormLabel {
			t.Errorf("label %q is too long", fl.Label)
		}
	}
	// A message too long for the words field is not cut to fit it.
	long := b.HandleProposeMessage(ctx, formUser, strings.Repeat("Long words. ", 100))
	if long.Form == nil || long.Form.Fields[4].Value != "" || !strings.HasPrefix(long.Form.Fields[4].Placeholder, "Too long to fill in (1199 characters, at most 1000)") {
		t.Errorf("long message: %+v", long.Form)
	}
	// The first form, submitted with an unknown strategy: the error, and
	// a button to fix it.
	values := map[string]string{"person": "Yann LeCun", "strategy": "teleport", "stance": "opposes",
		"fidelity": "direct quote", "text": "A pause would be a mistake."}
	r = b.HandleForm(ctx, formUser, f.Command, values)
	if r.Error != EINVALID || len(r.Invalid) != 1 || r.Invalid[0].Field != "strategy" || len(r.Actions) != 1 ||
		r.Actions[0].Command != "/propose draft:1 open:1" {
		t.Fatalf("invalid first form: %+v", r)
	}
	r = b.HandleLine(ctx, r.Actions[0].Command, formUser)
	if r.Form == nil || r.Form.Fields[1].Value != "teleport" {
		t.Fatalf("fix: %+v", r)
	}
	values["strategy"] = "pause"
	r = b.HandleForm(ctx, formUser, r.Form.Command, values)
	// The message gave the link: every needed field is filled in.
	if r.Error != "" || r.Form != nil || len(r.Actions) != 2 || r.Actions[0].Command != "/propose draft:1 open:2" || r.Actions[1].Command != "/propose draft:1" {
		t.Fatalf("first form: %+v", r)
	}
	// The optional last form may be skipped: the draft submitted as it is.
	other2 := formUser
	other2.UserID = "u3"
	if r := b.HandleForm(ctx, other2, "/propose submit:1", map[string]string{"person": "Yann LeCun", "strategy": "pause",
		"stance": "opposes", "fidelity": "direct quote", "text": "Skipping the last form."}); r.Error != "" {
		t.Fatalf("u3 first form: %+v", r)
	}
	r2 := b.HandleForm(ctx, other2, "/propose draft:2 submit:2", map[string]string{"url": "https://example.org/x"})
	if len(r2.Actions) != 2 {
		t.Fatalf("u3 second form: %+v", r2)
	}
	if r2 = line(t, b, other2, r2.Actions[1].Command); r2.Error != "" || !strings.Contains(r2.Cards[0].Title, "#2 is queued for review") {
		t.Fatalf("submit now: %+v", r2)
	}
	if r2 := b.HandleForm(ctx, other2, "/propose submit:1", map[string]string{"person": "Yann LeCun", "strategy": "pause",
		"stance": "opposes", "fidelity": "direct quote", "text": "No link yet."}); r2.Error != "" || len(r2.Actions) != 1 {
		t.Errorf("no link yet: %+v", r2)
	}
	r = b.HandleLine(ctx, r.Actions[0].Command, formUser)
	if r.Form == nil || r.Form.Command != "/propose draft:1 submit:2" || r.Form.Fields[0].Name != "url" ||
		r.Form.Fields[0].Value != "https://example.org/lecun-pause" {
		t.Fatalf("second form: %+v", r.Form)
	}
	// Someone else cannot fill in the draft.
	other := formUser
	other.UserID = "u2"
	if r := b.HandleLine(ctx, "/propose draft:1 open:2", other); r.Error != ENOTFOUND {
		t.Errorf("another user's draft: %+v", r)
	}
	r = b.HandleForm(ctx, formUser, "/propose draft:1 submit:2", map[string]string{"url": "https://example.org/lecun-pause",
		"title": "On the pause letter", "publisher": "", "date": "2023-04", "type": "interview"})
	if r.Error != "" || len(r.Actions) != 2 || r.Actions[0].Command != "/propose draft:1 open:3" ||
		r.Actions[1].Label != "Submit now" || r.Actions[1].Command != "/propose draft:1" {
		t.Fatalf("second form submitted: %+v", r)
	}
	r = b.HandleForm(ctx, formUser, "/propose draft:1 submit:3", map[string]string{"context": ""})
	if r.Error != "" || !strings.Contains(r.Cards[0].Title, "#1 is queued for review") {
		t.Fatalf("last form: %+v", r)
	}
	p, err := db.Proposal(ctx, 1)
	if err != nil || p.Status != ProposalPending || p.PersonID != "yann-lecun" || p.StrategyID != "pause" || p.Values.Date != "2023-04" {
		t.Errorf("queued %+v, %v", p, err)
	}
	if r := b.HandleLine(ctx, "/propose draft:1 open:1", formUser); r.Error != EINVALID {
		t.Errorf("re-opening a submitted proposal: %+v", r)
	}
	// A whole valid proposal given as options needs no form; a whole
	// invalid one is answered with its errors and a button to fix them.
	r = b.HandleLine(ctx, goodProposal+"Different words altogether.", formUser)
	if r.Form != nil || r.Error != "" {
		t.Errorf("complete command: %+v", r)
	}
	r = b.HandleLine(ctx, strings.Replace(goodProposal, "date:2023-04", "date:2099", 1)+"Other words again.", formUser)
	if r.Error != EINVALID || r.Invalid[0].Field != "date" || len(r.Actions) != 1 || r.Actions[0].Command != "/propose draft:5 open:2" {
		t.Errorf("complete but invalid command: %+v", r)
	}
}

// TestReview: moderators list pending proposals oldest first with their
// buttons, reject with a reason, edit, approve; the proposer is told; the
// approved quote is on record with its provenance, found by /quote,
// /person and /whoendorses.
func TestReview(t *testing.T) {
	b, db := communityBot(t, Options{})
	ctx := context.Background()
	for _, words := range []string{"A pause would be a mistake.", "Pausing only helps the careless labs."} {
		if r := line(t, b, consoleUser, goodProposal+words); r.Error != "" {
			t.Fatal(r)
		}
	}
	if r := line(t, b, consoleUser, `/propose person:"Grace Newcomer" strategy:"open source" stance:endorses fidelity:summary url:https://example.org/gn Open weights keep universities in the game.`); r.Error != "" {
		t.Fatal(r)
	}
	if r := line(t, b, consoleUser, "/review"); r.Error != EUNAUTHORIZED {
		t.Errorf("/review by a user: %+v", r)
	}
	r := line(t, b, formMod, "/review")
	if r.Error != "" || len(r.Cards) != 3 || !strings.HasPrefix(r.Cards[0].Title, "Proposal #1:") || r.Visibility != Ephemeral {
		t.Fatalf("review: %+v", r)
	}
	var cmds []string
	for _, a := range r.Actions {
		cmds = append(cmds, a.Command)
	}
	if strings.Join(cmds[:3], ",") != "/review approve:1,/review reject:1,/review edit:1" {
		t.Errorf("actions %v", cmds)
	}
	// Reject: a form asks the reason; the console needs it inline.
	r = line(t, b, formMod, "/review reject:2")
	if r.Form == nil || r.Form.Command != "/review reject:2" || r.Form.Fields[0].Name != "reason" || !r.Form.Fields[0].Required {
		t.Fatalf("reject form: %+v", r)
	}
	if r := line(t, b, consoleMod, "/review reject:2"); r.Error != EINVALID || r.Invalid[0].Field != "reason" {
		t.Errorf("reject without a reason: %+v", r)
	}
	r = b.HandleForm(ctx, formMod, "/review reject:2", map[string]string{"reason": "The interview says no such thing."})
	if r.Error != "" || len(r.Notices) != 0 {
		t.Errorf("a discord moderator cannot notify a console user: %+v", r)
	}
	// Edit on a platform with forms: the proposal's forms, pre-filled,
	// in turn.
	r = line(t, b, formMod, "/review edit:1")
	if r.Form == nil || r.Form.Command != "/review edit:1 submit:1" || r.Form.Fields[0].Value != "Yann LeCun" {
		t.Fatalf("edit form: %+v", r)
	}
	r = b.HandleForm(ctx, formMod, r.Form.Command, map[string]string{"person": "Yann LeCun", "strategy": "pause",
		"stance": "opposes", "fidelity": "direct quote", "text": "A pause would be a mistake."})
	if r.Error != "" || len(r.Actions) != 3 || r.Actions[0].Command != "/review edit:1 open:2" {
		t.Fatalf("edit form submitted: %+v", r)
	}
	if r := line(t, b, formMod, r.Actions[0].Command); r.Form == nil || r.Form.Command != "/review edit:1 submit:2" {
		t.Errorf("second edit form: %+v", r)
	}
	// Edit, then approve, on the console.
	r = line(t, b, consoleMod, "/review edit:1 date:2023-05 publisher:\"Example Weekly\"")
	if r.Error != "" || !strings.Contains(r.Cards[0].Footer, "Proposed by the console's operator on ") {
		t.Fatalf("edit: %+v", r)
	}
	if r := line(t, b, consoleMod, "/review edit:1 date:2099"); r.Error != EINVALID || r.Invalid[0].Field != "date" {
		t.Errorf("invalid edit: %+v", r)
	}
	r = line(t, b, consoleMod, "/review approve:1")
	if r.Error != "" || len(r.Cards[0].Quotes) != 1 || len(r.Notices) != 1 || r.Notices[0].UserID != "u1" ||
		!strings.Contains(r.Notices[0].Text, "approved") {
		t.Fatalf("approve: %+v", r)
	}
	qb := r.Cards[0].Quotes[0]
	if !strings.Contains(qb.Note, "Recorded by this community") || qb.Source.Publisher != "Example Weekly" || qb.Source.Date != (Date{2023, 5, 0}) {
		t.Errorf("approved quote %+v", qb)
	}
	if r := line(t, b, consoleMod, "/review approve:1"); r.Error != EINVALID {
		t.Errorf("second approval: %+v", r)
	}
	// A new person is recorded unprofiled.
	if r := line(t, b, consoleMod, "/review approve:3"); r.Error != "" {
		t.Fatal(r)
	}
	person := line(t, b, consoleUser, "/person Grace Newcomer")
	if person.Error != "" || !fieldHas(person.Cards[0], "Tiers", "not profiled") || !fieldHas(person.Cards[0], "Community record", "recorded from proposal #3 (approved by the console's operator)") {
		t.Errorf("new person: %+v", person.Cards[0])
	}
	// On record like any position.
	if top := line(t, b, consoleUser, "/quote pause would be a mistake"); top.Error != "" || top.Cards[0].Quotes[0].PersonID != "yann-lecun" {
		t.Errorf("/quote: %+v", top)
	}
	if who := line(t, b, consoleUser, "/whoendorses pause stance:opposes"); who.Error != "" || !strings.Contains(renderText(who), "Yann LeCun") {
		t.Errorf("/whoendorses: %+v", who)
	}
	if log, err := db.Audit(ctx, testenv.Epoch.AddDate(-1, 0, 0)); err != nil || len(log) != 7 {
		t.Errorf("audit %d entries, %v", len(log), err)
	}
}

// fieldHas reports whether the card has a field whose name starts with
// name and whose value holds want.
func fieldHas(c Card, name, want string) bool {
	for _, f := range c.Fields {
		if strings.HasPrefix(f.Name, name) && strings.Contains(f.Value, want) {
			return true
		}
	}
	return false
}

// renderText is every title, field and quote of a reply, for searching.
func renderText(r Reply) string {
	var b strings.Builder
	for _, c := range r.Cards {
		b.WriteString(c.Title + "\n" + c.Text + "\n")
		for _, f := range c.Fields {
			b.WriteString(f.Name + ": " + f.Value + "\n")
		}
		for _, q := range c.Quotes {
			b.WriteString(q.Speaker + ": " + q.Text + "\n")
		}
		if c.Grid != nil {
			for _, row := range c.Grid.Cells {
				for _, cell := range row {
					for _, f := range cell {
						b.WriteString(f.Name + "\n")
					}
				}
			}
		}
	}
	return b.String()
}

// TestDisputeAndResolve: every public quote card has a Dispute button; a
// dispute marks the card under review; a correction replaces the quote,
// and the disputer is told.
func TestDisputeAndResolve(t *testing.T) {
	b, db := communityBot(t, Options{})
	ctx := context.Background()
	r := line(t, b, consoleUser, "/quote regulation bans open source")
	ng := QuoteID("andrew-ng", "open-source", "The real risk is if regulation effectively bans open source.")
	if r.Error != "" || r.Actions[len(r.Actions)-1].Command != "/dispute "+ng || r.Actions[len(r.Actions)-1].Label != "Dispute Andrew Ng's 2023 blog" {
		t.Fatalf("dispute button: %+v", r.Actions)
	}
	r = line(t, b, formUser, "/dispute "+ng)
	if r.Form == nil || r.Form.Command != "/dispute "+ng {
		t.Fatalf("dispute form: %+v", r)
	}
	if r := line(t, b, consoleUser, "/dispute "+ng); r.Error != "" || !strings.HasPrefix(r.Cards[0].Title, "Say what is wrong") {
		t.Errorf("dispute without a reason, without forms: %+v", r)
	}
	if r := line(t, b, consoleUser, "/dispute "+ng+" \x07"); r.Error != EINVALID || r.Invalid[0].Field != "reason" {
		t.Errorf("dispute with control characters: %+v", r)
	}
	r = b.HandleForm(ctx, formUser, "/dispute "+ng, map[string]string{"reason": "The post says 'could', not 'is'."})
	if r.Error != "" || !strings.Contains(r.Cards[0].Quotes[0].Note, "⚠ Disputed, under review (since 2026-11-22): The post says 'could', not 'is'.") {
		t.Fatalf("dispute: %+v", r)
	}
	if r := line(t, b, consoleUser, "/dispute "+ng+" again"); r.Error != EINVALID {
		t.Errorf("second dispute: %+v", r)
	}
	review := line(t, b, formMod, "/review")
	if review.Error != "" || review.Cards[0].Title != "Dispute #1" || review.Actions[1].Command != "/resolve 1 as:corrected" {
		t.Fatalf("review lists the dispute: %+v", review)
	}
	// A correction on a platform with five-field forms: two forms in
	// turn, pre-filled from the quote, every field of the quote and its
	// source in one of them, the reason last.
	r = line(t, b, formMod, review.Actions[1].Command)
	if r.Form == nil || r.Form.Command != "/resolve 1 as:corrected submit:1" || r.Form.Title != "Correct dispute #1 (1 of 2)" ||
		len(r.Form.Fields) != 5 || r.Form.Fields[0].Name != "text" || r.Form.Fields[0].Value != "The real risk is if regulation effectively bans open source." {
		t.Fatalf("correction form: %+v", r.Form)
	}
	var names []string
	for _, f := range r.Form.Fields {
		names = append(names, f.Name)
	}
	first := map[string]string{}
	for _, f := range r.Form.Fields {
		first[f.Name] = f.Value
	}
	first["text"], first["fidelity"], first["date"] = "The real risk is if regulation could effectively ban open source.", "loose paraphrase", "2099"
	r = b.HandleForm(ctx, formMod, "/resolve 1 as:corrected submit:1", first)
	if r.Error != EINVALID || len(r.Invalid) != 1 || r.Invalid[0].Field != "date" || len(r.Actions) != 1 || r.Actions[0].Command != "/resolve 1 as:corrected open:1" {
		t.Fatalf("a future date: %+v", r)
	}
	r = line(t, b, formMod, r.Actions[0].Command)
	if r.Form == nil || r.Form.Fields[0].Value != first["text"] || r.Form.Fields[4].Value != "2099" {
		t.Fatalf("fix: %+v", r.Form)
	}
	first["date"] = "2023-06"
	r = b.HandleForm(ctx, formMod, r.Form.Command, first)
	if r.Error != "" || len(r.Actions) != 1 || r.Actions[0].Command != "/resolve 1 as:corrected open:2" || r.Actions[0].Label != "Continue (2 of 2)" {
		t.Fatalf("first correction form: %+v", r)
	}
	r = line(t, b, formMod, r.Actions[0].Command)
	if r.Form == nil || r.Form.Command != "/resolve 1 as:corrected submit:2" || len(r.Form.Fields) != 4 {
		t.Fatalf("second correction form: %+v", r.Form)
	}
	for _, f := range r.Form.Fields {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "text,fidelity,url,title,date,publisher,type,context,reason" {
		t.Errorf("correction fields %s", got)
	}
	values := map[string]string{"publisher": "The Batch", "type": "newsletter", "context": "On the EU AI Act.", "reason": ""}
	if r := b.HandleForm(ctx, formMod, "/resolve 1 as:corrected submit:2", values); r.Error != EINVALID || r.Invalid[0].Field != "reason" ||
		len(r.Actions) != 1 || r.Actions[0].Command != "/resolve 1 as:corrected open:2" {
		t.Errorf("no reason: %+v", r)
	}
	// Another moderator has not filled in the first form.
	other := formMod
	other.UserID = "m2"
	if r := b.HandleForm(ctx, other, "/resolve 1 as:corrected submit:2", values); r.Error != "" ||
		!strings.Contains(r.Cards[0].Title, "no longer kept") || r.Actions[0].Command != "/resolve 1 as:corrected open:1" {
		t.Errorf("another moderator: %+v", r)
	}
	values["reason"] = "The post's wording"
	r = b.HandleForm(ctx, formMod, "/resolve 1 as:corrected submit:2", values)
	if r.Error != "" || len(r.Cards[0].Quotes) != 1 || r.Cards[0].Quotes[0].Text != first["text"] ||
		r.Cards[0].Quotes[0].Verification != VerificationVerified || len(r.Notices) != 1 || r.Notices[0].UserID != "u1" {
		t.Fatalf("corrected: %+v", r)
	}
	if src := r.Cards[0].Quotes[0].Source; src.Publisher != "The Batch" || src.Type != "newsletter" || src.Date.String() != "2023-06" {
		t.Errorf("corrected source %+v", src)
	}
	if views, err := db.QuoteViews(ctx, []string{ng}); err != nil || len(views) != 0 {
		t.Errorf("the old version is still current: %+v, %v", views, err)
	}
	person := line(t, b, consoleUser, "/person Andrew Ng")
	if !fieldHas(person.Cards[0], "Community record", "dispute #1 of quote "+ng+" resolved by a moderator on Discord: The post's wording") || !fieldHas(person.Cards[0], "Community record", `text: "The real risk is if regulation effectively bans open source."`) {
		t.Errorf("person history: %+v", person.Cards[0].Fields)
	}
	if r := line(t, b, consoleMod, "/resolve 1 as:dismissed too late"); r.Error != EINVALID {
		t.Errorf("second resolution: %+v", r)
	}
}

// TestApproveKeepsTheHeldStance: approving a quote records its stance
// only when the person holds another kind on the strategy (keeping the
// summary) or none; the same kind is left as it is.
func TestApproveKeepsTheHeldStance(t *testing.T) {
	b, db := communityBot(t, Options{})
	ctx := context.Background()
	const src = `fidelity:"direct quote" url:https://example.org/lecun title:"Talk" publisher:Example date:2023-04 type:talk `
	for i, tc := range []struct {
		strategy, stance string
		want             Stance // kind and summary after the approval
	}{
		{"open-source", "endorses", Stance{Kind: StanceEndorses, Summary: "Pushed Meta toward open weights."}},
		{"open-source", "mixed", Stance{Kind: StanceMixed, Summary: "Pushed Meta toward open weights."}},
		{"pause", "opposes", Stance{Kind: StanceOpposes}},
	} {
		before, err := db.Stance(ctx, "yann-lecun", tc.strategy)
		if err != nil {
			t.Fatal(err)
		}
		prop := fmt.Sprintf(`/propose person:"Yann LeCun" strategy:%s stance:%s %sWords number %d.`, tc.strategy, tc.stance, src, i)
		if r := line(t, b, consoleUser, prop); r.Error != "" {
			t.Fatal(r)
		}
		if r := line(t, b, consoleMod, fmt.Sprintf("/review approve:%d", i+1)); r.Error != "" {
			t.Fatalf("approve %d: %+v", i+1, r)
		}
		got, err := db.Stance(ctx, "yann-lecun", tc.strategy)
		if err != nil || got == nil || got.Kind != tc.want.Kind || got.Summary != tc.want.Summary {
			t.Errorf("%s %s: stance %+v, %v; want %s %q", tc.strategy, tc.stance, got, err, tc.want.Kind, tc.want.Summary)
		}
		if unchanged := before != nil && before.Kind == tc.want.Kind; unchanged && !got.RecordedAt.Equal(before.RecordedAt) {
			t.Errorf("%s %s: the held stance was rewritten: %+v, was %+v", tc.strategy, tc.stance, got, before)
		}
	}
}

// TestApproveTwice: two proposals of the same words are both queued (the
// first is not on record yet); once one is approved, the other is
// refused as a duplicate, and an edit records its reason.
func TestApproveTwice(t *testing.T) {
	b, db := communityBot(t, Options{})
	for range 2 {
		if r := line(t, b, consoleUser, goodProposal+"The same words twice."); r.Error != "" {
			t.Fatal(r)
		}
	}
	if r := line(t, b, consoleMod, "/review edit:2 date:2023 the page is only dated by year"); r.Error != "" {
		t.Fatal(r)
	}
	if r := line(t, b, consoleMod, "/review approve:1"); r.Error != "" {
		t.Fatal(r)
	}
	if r := line(t, b, consoleMod, "/review approve:2"); r.Error != EINVALID || !strings.Contains(r.Cards[0].Title, "already on record") {
		t.Errorf("second approval: %+v", r)
	}
	log, err := db.Audit(context.Background(), testenv.Epoch.AddDate(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	var edit *AuditEntry
	for i := range log {
		if log[i].Action == AuditEdited {
			edit = &log[i]
		}
	}
	if edit == nil || edit.Reason != "the page is only dated by year" || edit.Changed != `date: "2023-04" → "2023"` || edit.By.UserID != "m1" {
		t.Errorf("edit audit %+v", edit)
	}
}

// FuzzPropose: whatever the values of a proposal, /propose on the console
// answers with per-field errors, a quote on record or a queued proposal,
// never an internal error; queued values are within the limits.
func FuzzPropose(f *testing.F) {
	f.Add("Yann LeCun", "pause", "opposes", "direct", "https://example.org/x", "2024-02", "A pause would be a mistake.")
	f.Add("New Person", "open weights", "evolved toward", "summary", "http://x.y/z?a=b", "", "Words\nover lines.")
	f.Add("", "", "", "", "mailto:x@y.z", "2026-11-23", "\x1b[2J")
	f.Add("Joëlle", "teleport", "x", "loose", "https://", "0000", "\u202e reversed")
	b, db := communityBot(f, Options{ProposalsPerDay: -1})
	f.Fuzz(func(t *testing.T, person, strategy, stance, fidelity, url, date, text string) {
		req := consoleUser
		req.Command = "propose"
		req.Options = map[string]string{"person": person, "strategy": strategy, "stance": stance,
			"fidelity": fidelity, "url": url, "date": date, "text": text}
		r := b.Handle(context.Background(), req)
		switch {
		case r.Error == EINVALID:
			return // per-field errors, or an option the registry refuses (not UTF-8)
		case r.Error != "":
			t.Fatalf("error %s: %+v", r.Error, r)
		case len(r.Cards) == 0:
			t.Fatalf("no card: %+v", r)
		case strings.Contains(r.Cards[0].Title, "queued"):
			ps, err := db.Proposals(context.Background(), ProposalPending)
			if err != nil || len(ps) == 0 {
				t.Fatalf("queued nothing: %v", err)
			}
			p := ps[len(ps)-1]
			if p.Values.URL == "" || p.StrategyID == "" || strings.ContainsRune(p.Values.Person, '\x1b') {
				t.Errorf("queued %+v", p)
			}
			for name, max := range ProposalFieldMax() {
				v := p.Values.Get(name)
				if n := utf8.RuneCountInString(v); max > 0 && n > max {
					t.Errorf("queued %s of %d runes, over its limit of %d", name, n, max)
				}
				if strings.ContainsRune(v, '\x1b') {
					t.Errorf("queued %s with a control character: %q", name, v)
				}
			}
		}
	})
}

// TestDisputeLimit: a user may dispute ProposalsPerDay quotes a day.
func TestDisputeLimit(t *testing.T) {
	b, _ := communityBot(t, Options{ProposalsPerDay: 1})
	ds := testDataset()
	if r := line(t, b, consoleUser, "/dispute "+ds.Quotes[0].ID+" not in the article"); r.Error != "" {
		t.Fatal(r)
	}
	if r := line(t, b, consoleUser, "/dispute "+ds.Quotes[1].ID+" not in the blog"); r.Error != ERATELIMITED {
		t.Errorf("second dispute: %+v", r)
	}
	if r := line(t, b, consoleMod, "/dispute "+ds.Quotes[1].ID+" not in the blog"); r.Error != "" {
		t.Errorf("another user: %+v", r)
	}
}

// TestResolveOnTheConsole: a dismissed dispute leaves the quote as it was
// and no longer under review; a verified one marks it verified; only a
// moderator resolves.
func TestResolveOnTheConsole(t *testing.T) {
	b, _ := communityBot(t, Options{})
	ds := testDataset()
	for i, tc := range []struct{ as, verification string }{{"dismissed", "unverified"}, {"verified", "verified"}} {
		id := ds.Quotes[i].ID
		if r := line(t, b, consoleUser, "/dispute "+id+" looks made up"); r.Error != "" {
			t.Fatal(r)
		}
		resolve := fmt.Sprintf("/resolve %d as:%s the source says exactly this", i+1, tc.as)
		if r := line(t, b, consoleUser, resolve); r.Error != EUNAUTHORIZED {
			t.Errorf("a user resolving: %+v", r)
		}
		if r := line(t, b, consoleMod, fmt.Sprintf("/resolve %d as:%s", i+1, tc.as)); r.Error != EINVALID || r.Invalid[0].Field != "reason" {
			t.Errorf("no reason: %+v", r)
		}
		r := line(t, b, consoleMod, resolve)
		if r.Error != "" || len(r.Cards[0].Quotes) != 1 {
			t.Fatalf("%s: %+v", tc.as, r)
		}
		qb := r.Cards[0].Quotes[0]
		if strings.Contains(qb.Note, "under review") || qb.Verification.String() != tc.verification {
			t.Errorf("%s: %s, note %q", tc.as, qb.Verification, qb.Note)
		}
		if len(r.Notices) != 1 || r.Notices[0].UserID != "u1" || !strings.Contains(r.Notices[0].Text, tc.as) ||
			!strings.HasPrefix(r.Notices[0].Text, fmt.Sprintf("Your dispute #%d of %s's quote on ", i+1, qb.Speaker)) {
			t.Errorf("%s: notices %+v", tc.as, r.Notices)
		}
	}
}

// TestProposeOverOptionLimit: a value over the registry's byte limit
// (Limits.MaxOptionBytes) is its field's error on /propose and /review
// edit, beside the other fields' errors, with the form's Fix button on a
// platform with forms; other commands keep the general error.
func TestProposeOverOptionLimit(t *testing.T) {
	b, db := communityBot(t, Options{})
	ctx := context.Background()
	huge := strings.Repeat("ab ", 700) // 2100 bytes, over the default 2000
	r := line(t, b, consoleUser, strings.Replace(goodProposal, "date:2023-04", "date:2099", 1)+huge)
	if r.Error != EINVALID || len(r.Invalid) != 2 || r.Invalid[0].Field != "text" ||
		r.Invalid[0].Message != "Too long: 2099 bytes; at most 2000." || r.Invalid[1].Field != "date" {
		t.Errorf("console: %+v", r)
	}
	r = line(t, b, consoleUser, goodProposal+`context:"`+huge+`" Some words.`)
	if r.Error != EINVALID || len(r.Invalid) != 1 || r.Invalid[0].Field != "context" || !strings.Contains(r.Cards[0].Fields[0].Value, "2099 bytes") {
		t.Errorf("console context: %+v", r)
	}
	// A message too long to keep opens the form with the link, saying so.
	r = b.HandleProposeMessage(ctx, formUser, huge+" https://example.org/long")
	if r.Form == nil || r.Form.Fields[4].Value != "" || r.Form.Fields[4].Placeholder != "Too long: 2125 bytes; at most 2000. Type the part you mean." {
		t.Fatalf("message action: %+v", r.Form)
	}
	if d, err := db.Proposal(ctx, 1); err != nil || d.Values.URL != "https://example.org/long" {
		t.Errorf("the link is not kept in the draft: %+v, %v", d, err)
	}
	// A form's submission keeps the other values in the draft and offers
	// to fix the field.
	r = line(t, b, formUser, "/propose")
	if r.Form == nil {
		t.Fatalf("no form: %+v", r)
	}
	r = b.HandleForm(ctx, formUser, r.Form.Command, map[string]string{"person": "Yann LeCun", "strategy": "pause",
		"stance": "opposes", "fidelity": "direct quote", "text": huge})
	if r.Error != EINVALID || len(r.Invalid) != 1 || r.Invalid[0].Field != "text" || len(r.Actions) != 1 {
		t.Fatalf("form: %+v", r)
	}
	r = line(t, b, formUser, r.Actions[0].Command)
	if r.Form == nil || r.Form.Fields[0].Value != "Yann LeCun" || r.Form.Fields[4].Value != "" {
		t.Errorf("fix: %+v", r.Form)
	}
	// A moderator's edit too.
	if r := line(t, b, consoleUser, goodProposal+"Words to edit later."); r.Error != "" {
		t.Fatal(r)
	}
	ps, err := db.Proposals(ctx, ProposalPending)
	if err != nil || len(ps) != 1 {
		t.Fatalf("pending %+v, %v", ps, err)
	}
	r = line(t, b, consoleMod, fmt.Sprintf(`/review edit:%d title:"%s"`, ps[0].ID, huge))
	if r.Error != EINVALID || len(r.Invalid) != 1 || r.Invalid[0].Field != "title" {
		t.Errorf("edit: %+v", r)
	}
	// Other commands keep the general limit.
	r = line(t, b, consoleUser, "/dispute "+testDataset().Quotes[0].ID+" "+huge)
	if r.Error != EINVALID || len(r.Invalid) != 0 || r.Cards[0].Title != "Option reason: is too long (2099 bytes; at most 2000)." {
		t.Errorf("dispute: %+v", r)
	}
}

// TestDraftExpiry: a draft not submitted within Options.DraftLifetime is
// marked expired (the store's clock, with an audit entry), another one
// is not; its proposer continuing it is told, and what they had typed,
// with the form they submit, is kept in a new draft whose forms open
// pre-filled; on the console the values are shown back.
func TestDraftExpiry(t *testing.T) {
	clock := testenv.NewClock(testenv.Epoch, 0)
	db := realdata.Store(t, "", clock.Now, testDataset())
	b, _ := newBot(t, db, Options{Index: realdata.Index(t, db), Community: db, Now: clock.Now, DraftLifetime: 72 * time.Hour})
	ctx := context.Background()
	first := map[string]string{"person": "Yann LeCun", "strategy": "pause", "stance": "opposes",
		"fidelity": "direct quote", "text": "A pause would be a mistake."}
	r := b.HandleForm(ctx, formUser, "/propose submit:1", first)
	if r.Error != "" || len(r.Actions) != 1 || r.Actions[0].Command != "/propose draft:1 open:2" {
		t.Fatalf("first form: %+v", r)
	}
	clock.Add(48 * time.Hour)
	other := formUser
	other.UserID = "u2"
	if r := b.HandleForm(ctx, other, "/propose submit:1", first); r.Error != "" {
		t.Fatalf("second draft: %+v", r)
	}
	clock.Add(25 * time.Hour) // the first draft is 73 hours old, the second 25
	// The second form of the first draft, submitted after its expiry.
	r = b.HandleForm(ctx, formUser, "/propose draft:1 submit:2", map[string]string{"url": "https://example.org/lecun-pause",
		"title": "On the pause letter", "publisher": "", "date": "2023-04", "type": ""})
	if r.Error != "" || r.Form != nil || len(r.Cards) != 1 ||
		r.Cards[0].Title != "Draft #1 expired (not submitted within 3 days); what you typed is kept in draft #3" ||
		len(r.Actions) != 1 || r.Actions[0].Command != "/propose draft:3 open:1" || r.Actions[0].Label != "Continue (1 of 3)" {
		t.Fatalf("expired draft: %+v", r)
	}
	if !fieldHas(r.Cards[0], "Their words, as proposed", "A pause would be a mistake.") || !fieldHas(r.Cards[0], "Source", "https://example.org/lecun-pause") {
		t.Errorf("the card does not show what was typed: %+v", r.Cards[0].Fields)
	}
	r = line(t, b, formUser, r.Actions[0].Command)
	if r.Form == nil || r.Form.Command != "/propose draft:3 submit:1" || r.Form.Fields[4].Value != "A pause would be a mistake." {
		t.Fatalf("renewed form: %+v", r)
	}
	r = line(t, b, formUser, "/propose draft:3 open:2")
	if r.Form == nil || r.Form.Fields[0].Value != "https://example.org/lecun-pause" || r.Form.Fields[3].Value != "2023-04" {
		t.Errorf("renewed second form: %+v", r.Form)
	}
	for id, want := range map[int64]ProposalStatus{1: ProposalExpired, 2: ProposalDraft, 3: ProposalDraft} {
		if p, err := db.Proposal(ctx, id); err != nil || p.Status != want {
			t.Errorf("proposal %d: %+v, %v; want %s", id, p, err, want)
		}
	}
	if ds, err := db.Proposals(ctx, ProposalDraft); err != nil || len(ds) != 2 {
		t.Errorf("drafts %+v, %v", ds, err)
	}
	if p, err := db.Proposal(ctx, 1); err == nil {
		p.Values.Date = "2024"
		if err := db.UpdateProposal(ctx, p, p.By, ""); ErrorCode(err) != EINVALID {
			t.Errorf("an expired draft updated: %v", err)
		}
	}
	log, err := db.Audit(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var expiry []AuditEntry
	for _, e := range log {
		if e.Action == AuditExpired {
			expiry = append(expiry, e)
		}
	}
	if len(expiry) != 1 || expiry[0].ProposalID != 1 || expiry[0].By != BotActor || !expiry[0].At.Equal(clock.Now()) ||
		expiry[0].Reason != "not submitted within 3 days" {
		t.Errorf("expiry audit %+v", expiry)
	}
	// On the console (whose drafts come only from the store), the values
	// are shown back.
	id, err := db.CreateProposal(ctx, Proposal{Status: ProposalDraft, Values: ProposalValues{Person: "Yann LeCun", Text: "Typed words."},
		By: Actor{Platform: PlatformConsole, UserID: "u1"}})
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(73 * time.Hour)
	r = line(t, b, consoleUser, fmt.Sprintf("/propose draft:%d", id))
	if r.Error != "" || len(r.Cards) != 1 || r.Cards[0].Title != fmt.Sprintf("Draft #%d expired (not submitted within 3 days)", id) ||
		!fieldHas(r.Cards[0], "Their words, as proposed", "Typed words.") {
		t.Errorf("console: %+v", r)
	}
}

// TestCorrectEveryField: on the console every field of a quote and its
// source is corrected as an option, the others kept; the audit entry
// says what changed; on a platform with twelve-field forms one form
// holds them all.
func TestCorrectEveryField(t *testing.T) {
	b, db := communityBot(t, Options{})
	ctx := context.Background()
	q := testDataset().Quotes[0]
	for i := range 2 {
		if r := line(t, b, consoleUser, "/dispute "+q.ID+" the source is misdescribed"); r.Error != "" {
			t.Fatal(r)
		}
		if i == 1 {
			break
		}
		if r := line(t, b, consoleMod, "/resolve 1 as:corrected the source"); r.Error != EINVALID || r.Invalid[0].Message != "Nothing corrected: give the new text or source." {
			t.Errorf("nothing corrected: %+v", r)
		}
		if r := line(t, b, consoleMod, `/resolve 1 as:corrected text:" " fidelity:vibes reason`); r.Error != EINVALID || len(r.Invalid) != 1 || r.Invalid[0].Field != "fidelity" {
			t.Errorf("bad fidelity: %+v", r)
		}
		r := line(t, b, consoleMod, `/resolve 1 as:corrected publisher:"Example Press" date:2021-02-03 type:talk title:"A talk" `+
			`url:https://example.org/talk context:"At a conference." the recording's page`)
		if r.Error != "" || len(r.Cards[0].Quotes) != 1 {
			t.Fatalf("corrected: %+v", r)
		}
		src := r.Cards[0].Quotes[0].Source
		if src.Publisher != "Example Press" || src.Date.String() != "2021-02-03" || src.Type != "talk" || src.Title != "A talk" ||
			src.URL != "https://example.org/talk" || r.Cards[0].Quotes[0].Text != q.Text {
			t.Errorf("corrected source %+v", src)
		}
		log, err := db.Audit(ctx, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		last := log[len(log)-1]
		for _, want := range []string{`publisher: "` + q.Source.Publisher + `" → "Example Press"`, `date: "` + q.Source.Date.String() + `" → "2021-02-03"`,
			`context: "` + q.Context + `" → "At a conference."`} {
			if last.Action != AuditResolved || !strings.Contains(last.Changed, want) {
				t.Errorf("audit %+v lacks %s", last, want)
			}
		}
	}
	slack := formMod
	slack.Platform, slack.FormFields, slack.ActionRoom = PlatformSlack, 12, 2000
	r := line(t, b, slack, "/resolve 2 as:corrected")
	if r.Form == nil || len(r.Form.Fields) != 9 || r.Form.Command != "/resolve 2 as:corrected submit:1" || r.Form.Title != "Correct dispute #2" {
		t.Fatalf("one form: %+v", r.Form)
	}
	values := map[string]string{}
	for _, f := range r.Form.Fields {
		values[f.Name] = f.Value
	}
	// A refused form, then the Correct button again: the quote's values.
	date := values["date"]
	values["date"], values["reason"] = "2099", "a date"
	if r := b.HandleForm(ctx, slack, r.Form.Command, values); r.Error != EINVALID || r.Invalid[0].Field != "date" {
		t.Fatalf("future date: %+v", r)
	}
	if r := line(t, b, slack, "/resolve 2 as:corrected"); r.Form == nil || r.Form.Fields[4].Name != "date" || r.Form.Fields[4].Value != date {
		t.Fatalf("started anew: %+v", r.Form)
	}
	values["date"] = date
	values["publisher"], values["reason"] = "", "no publisher is named"
	r = b.HandleForm(ctx, slack, r.Form.Command, values)
	if r.Error != "" || r.Cards[0].Quotes[0].Source.Publisher != "" || r.Cards[0].Quotes[0].Source.Type != "talk" {
		t.Errorf("one form submitted: %+v", r)
	}
}

// TestCommunityHelp: /help of the community's commands says what is
// needed, how the forms and drafts go and the day's limits, with the
// bot's own settings; the options the forms set are not shown.
func TestCommunityHelp(t *testing.T) {
	b, _ := communityBot(t, Options{ProposalsPerDay: 3, DraftLifetime: 48 * time.Hour})
	for _, tc := range []struct {
		command string
		want    []string
	}{
		{"propose", []string{"/propose person:<value> strategy:<value> stance:<value> fidelity:<value> <text> url:<value> [title:<value>]",
			"person (needed)", "url (needed)", "title (optional)", "a draft keeps what you typed for 2 days", "Propose as a position",
			"You may submit 3 proposals in 24 hours.", "answered with its quote"}},
		{"review", []string{"reject:N <reason>", "edit:N", "4 a page", "the proposer is told", "/help resolve"}},
		{"dispute", []string{"/dispute <quote> <reason>", "reason (needed", "You may dispute 3 quotes in 24 hours."}},
		{"resolve", []string{"/resolve <dispute> as:verified|corrected|misattributed|dismissed <reason> [text:<value>]",
			"publisher:, type:, context:", "the reason last", "The old version is kept"}},
	} {
		r := line(t, b, consoleUser, "/help "+tc.command)
		text := renderText(r)
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("/help %s lacks %q:\n%s", tc.command, w, text)
			}
		}
		for _, hidden := range []string{"draft:N", "open:N", "submit:N", "set by the"} {
			if strings.Contains(text, hidden) {
				t.Errorf("/help %s shows %q:\n%s", tc.command, hidden, text)
			}
		}
	}
}

// TestProposeLimitKeepsDraft: a draft whose last form comes once its
// proposer reached the day's limit (with another proposal meanwhile)
// keeps what every form gave, with a button to submit it later.
func TestProposeLimitKeepsDraft(t *testing.T) {
	b, db := communityBot(t, Options{ProposalsPerDay: 1})
	ctx := context.Background()
	first := map[string]string{"person": "Yann LeCun", "strategy": "pause", "stance": "opposes", "fidelity": "direct quote"}
	for i, words := range []string{"A pause would be a mistake.", "Pausing helps nobody."} {
		first["text"] = words
		if r := b.HandleForm(ctx, formUser, "/propose submit:1", first); r.Error != "" || r.Actions[0].Command != fmt.Sprintf("/propose draft:%d open:2", i+1) {
			t.Fatalf("draft %d: %+v", i+1, r)
		}
	}
	for _, id := range []int{2, 1} {
		if r := b.HandleForm(ctx, formUser, fmt.Sprintf("/propose draft:%d submit:2", id), map[string]string{"url": "https://example.org/lecun"}); r.Error != "" {
			t.Fatalf("draft %d, form 2: %+v", id, r)
		}
		r := b.HandleForm(ctx, formUser, fmt.Sprintf("/propose draft:%d submit:3", id), map[string]string{"context": "At a panel."})
		if id == 2 {
			if r.Error != "" || !strings.Contains(r.Cards[0].Title, "queued") {
				t.Fatalf("draft 2: %+v", r)
			}
			continue
		}
		if r.Error != ERATELIMITED || !strings.Contains(r.Cards[0].Text, "draft #1 keeps what you typed for 7 days") ||
			len(r.Actions) != 1 || r.Actions[0].Command != "/propose draft:1 open:3" {
			t.Errorf("over the limit: %+v", r)
		}
	}
	p, err := db.Proposal(ctx, 1)
	if err != nil || p.Status != ProposalDraft || p.Values.Context != "At a panel." || p.Values.URL != "https://example.org/lecun" {
		t.Errorf("draft 1: %+v, %v", p, err)
	}
}

// TestCorrectTooLongToShow: a quote's value too long for its correction
// field is not pre-filled, and left empty it is kept, not cleared.
func TestCorrectTooLongToShow(t *testing.T) {
	b, db := communityBot(t, Options{})
	ctx := context.Background()
	q := testDataset().Quotes[0]
	q.Source.Title = strings.TrimSpace(strings.Repeat("A very long title ", 15)) // 269 characters, over the field's 200
	if _, err := db.Import(ctx, Dataset{Quotes: []Quote{q}}); err != nil {
		t.Fatal(err)
	}
	if r := line(t, b, consoleUser, "/dispute "+q.ID+" the date is wrong"); r.Error != "" {
		t.Fatal(r)
	}
	r := line(t, b, formMod, "/resolve 1 as:corrected")
	if r.Form == nil || r.Form.Fields[3].Name != "title" || r.Form.Fields[3].Value != "" ||
		r.Form.Fields[3].Placeholder != "Too long to show here (269 characters): leave it empty to keep it" {
		t.Fatalf("form: %+v", r.Form)
	}
	values := map[string]string{}
	for _, f := range r.Form.Fields {
		values[f.Name] = f.Value
	}
	values["date"] = "2020"
	if r := b.HandleForm(ctx, formMod, r.Form.Command, values); r.Error != "" {
		t.Fatalf("first form: %+v", r)
	}
	r = b.HandleForm(ctx, formMod, "/resolve 1 as:corrected submit:2", map[string]string{"publisher": q.Source.Publisher,
		"type": q.Source.Type, "context": q.Context, "reason": "dated 2020"})
	if r.Error != "" || r.Cards[0].Quotes[0].Source.Title != q.Source.Title || r.Cards[0].Quotes[0].Source.Date.String() != "2020" {
		t.Errorf("corrected: %+v", r)
	}
}

// TestDisputeOfRetractedQuote: a disputed quote its source retracts
// since is listed with only the Dismiss button, and its dispute can be
// dismissed; the other resolutions say why not.
func TestDisputeOfRetractedQuote(t *testing.T) {
	b, db := communityBot(t, Options{})
	ctx := context.Background()
	q := testDataset().Quotes[0]
	q.ID, q.Text = QuoteID(q.PersonID, q.StrategyID, "Words the board later drops."), "Words the board later drops."
	if _, err := db.ImportFrom(ctx, Dataset{Quotes: []Quote{q}}, ImportOptions{Source: "atlas", Revision: "r1", Snapshot: true}); err != nil {
		t.Fatal(err)
	}
	if r := line(t, b, consoleUser, "/dispute "+q.ID+" not in the article"); r.Error != "" {
		t.Fatal(r)
	}
	if _, err := db.ImportFrom(ctx, Dataset{}, ImportOptions{Source: "atlas", Revision: "r2", Snapshot: true}); err != nil {
		t.Fatal(err)
	}
	r := line(t, b, consoleMod, "/review")
	if r.Error != "" || len(r.Actions) != 1 || r.Actions[0].Command != "/resolve 1 as:dismissed" ||
		!fieldHas(r.Cards[0], "Quote "+q.ID, "No longer on record") {
		t.Fatalf("review: %+v", r)
	}
	if r := line(t, b, consoleMod, "/resolve 1 as:verified it was said"); r.Error != EINVALID || !strings.Contains(r.Cards[0].Title, "/resolve 1 as:dismissed <reason>") {
		t.Errorf("verified: %+v", r)
	}
	r = line(t, b, consoleMod, "/resolve 1 as:dismissed the board dropped it")
	if r.Error != "" || len(r.Notices) != 1 || !strings.HasPrefix(r.Notices[0].Text, "Your dispute #1 was resolved (dismissed)") {
		t.Errorf("dismissed: %+v", r)
	}
	if ds, err := db.OpenDisputes(ctx); err != nil || len(ds) != 0 {
		t.Errorf("open disputes %+v, %v", ds, err)
	}
}

// TestEditFixKeepsValues: a moderator's refused edit form re-opens from
// its Fix button with what they typed, not what is on record; a new edit
// starts from the record.
func TestEditFixKeepsValues(t *testing.T) {
	b, db := communityBot(t, Options{})
	ctx := context.Background()
	if r := line(t, b, consoleUser, goodProposal+"Words to be edited."); r.Error != "" {
		t.Fatal(r)
	}
	r := line(t, b, formMod, "/review edit:1")
	if r.Form == nil || r.Form.Command != "/review edit:1 submit:1" {
		t.Fatalf("edit form: %+v", r)
	}
	values := map[string]string{}
	for _, f := range r.Form.Fields {
		values[f.Name] = f.Value
	}
	values["text"], values["strategy"] = "Edited words.", "teleport"
	r = b.HandleForm(ctx, formMod, r.Form.Command, values)
	if r.Error != EINVALID || len(r.Actions) != 1 || r.Actions[0].Command != "/review edit:1 open:1" {
		t.Fatalf("refused edit: %+v", r)
	}
	r = line(t, b, formMod, r.Actions[0].Command)
	if r.Form == nil || r.Form.Fields[1].Value != "teleport" || r.Form.Fields[4].Value != "Edited words." {
		t.Fatalf("fix: %+v", r.Form)
	}
	values["strategy"] = "pause"
	if r := b.HandleForm(ctx, formMod, r.Form.Command, values); r.Error != "" {
		t.Fatalf("fixed edit: %+v", r)
	}
	if p, err := db.Proposal(ctx, 1); err != nil || p.Values.Text != "Edited words." {
		t.Errorf("edited %+v, %v", p, err)
	}
	values["strategy"] = "teleport"
	if r := b.HandleForm(ctx, formMod, "/review edit:1 submit:1", values); r.Error != EINVALID {
		t.Fatalf("refused again: %+v", r)
	}
	if r := line(t, b, formMod, "/review edit:1"); r.Form == nil || r.Form.Fields[1].Value != "pause" {
		t.Errorf("a new edit: %+v", r.Form)
	}
}

// TestProposeResubmit: a refused one-form proposal is kept as a draft
// that Reply.Resubmit names, so a platform that keeps the form open
// beside its errors submits that draft when fixed: one proposal, no
// stray draft.
func TestProposeResubmit(t *testing.T) {
	b, db := communityBot(t, Options{})
	ctx := context.Background()
	slackUser := Request{Platform: PlatformSlack, UserID: "u1", ChannelID: "C1", FormFields: 12, ActionRoom: 2000}
	r := b.HandleLine(ctx, `/propose person:"Yann LeCun" strategy:pause`, slackUser)
	if r.Form == nil || len(r.Form.Fields) > 12 {
		t.Fatalf("no one-form proposal: %+v", r)
	}
	values := map[string]string{"person": "Yann LeCun", "strategy": "pause", "stance": "opposes", "fidelity": "direct quote",
		"text": "A pause would be a mistake.", "url": "ftp://example.org/x", "date": "2023-04"}
	r = b.HandleForm(ctx, slackUser, r.Form.Command, values)
	if r.Error != EINVALID || r.Resubmit == "" || !strings.Contains(r.Resubmit, "draft:") {
		t.Fatalf("refused: %+v, want errors and the draft to resubmit to", r)
	}
	values["url"] = "https://example.org/lecun-pause"
	if r = b.HandleForm(ctx, slackUser, r.Resubmit, values); r.Error != "" || !strings.Contains(r.Cards[0].Title, "queued for review") {
		t.Fatalf("fixed: %+v", r)
	}
	pending, err := db.Proposals(ctx, ProposalPending)
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending %+v, %v", pending, err)
	}
	if drafts, err := db.Proposals(ctx, ProposalDraft); err != nil || len(drafts) != 0 {
		t.Errorf("drafts left %+v, %v", drafts, err)
	}
}
