package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/slack/fakeslack"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/digest"
	"github.com/stancebot/stancebot/internal/testenv"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// communityEnv is a test environment in the mode over a store of its own,
// with the bot as stancebot serves it: the store as its Community and the
// /digest command, whose service is returned with its clock (at
// testenv.Epoch, the store's fixed time, until the test moves it).
func communityEnv(t *testing.T, m mode, adjust func(*Options)) (*testEnv, *store.DB, *digest.Service, *testenv.Clock) {
	t.Helper()
	data, err := realdata.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := data.Close(); err != nil {
			t.Error(err)
		}
	})
	b := data.Bot(t)
	clock := testenv.NewClock(testenv.Epoch, 0)
	svc, err := digest.New(digest.Options{Store: digest.NewStore(data.Store), Finder: b, Clock: clock, Logger: testenv.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Register(svc.Command()); err != nil {
		t.Fatal(err)
	}
	return envIn(t, m, envOptions{bot: b, adjust: adjust}), data.Store, svc, clock
}

// ackBlocks returns the blocks of an answer carried by an acknowledgement.
func ackBlocks(t *testing.T, ack []byte) json.RawMessage {
	t.Helper()
	var m struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(ack, &m); err != nil || len(m.Blocks) == 0 {
		t.Fatalf("the acknowledgement %s carries no message (%v)", ack, err)
	}
	return m.Blocks
}

// buttonPrefixed returns the button of the blocks whose label starts with prefix.
func buttonPrefixed(t *testing.T, raw json.RawMessage, prefix string) *slackapi.ButtonBlockElement {
	t.Helper()
	return buttonWhere(t, raw, prefix, func(l string) bool { return strings.HasPrefix(l, prefix) })
}

// clickAs clicks the button labelled from prefix on the blocks, as user,
// and returns the name its response URL is recorded under.
func (e *testEnv) clickAs(user string, raw json.RawMessage, prefix string) string {
	e.t.Helper()
	name := user + ":" + prefix
	e.send(e.formClick(e.fs.ResponseURL(name), user, buttonPrefixed(e.t, raw, prefix)))
	return name
}

// waitResponse waits for the first answer to the response URL recorded
// under name.
func (e *testEnv) waitResponse(name string) fakeslack.Response {
	e.t.Helper()
	ctx := e.ctx()
	for n := 1; ; n++ {
		rs, err := e.fs.WaitResponses(ctx, n)
		if err != nil {
			e.t.Fatalf("no answer to the response URL %s: %v", name, err)
		}
		if rs[n-1].Name == name {
			return rs[n-1]
		}
	}
}

// waitPost waits for a post of the method to the user (for an ephemeral
// message; "" for any) in the channel that says want, and returns it.
func (e *testEnv) waitPost(method, channel, user, want string) fakeslack.Post {
	e.t.Helper()
	ctx := e.ctx()
	for n := 1; ; n++ {
		ps, err := e.fs.WaitPosts(ctx, n)
		if err != nil {
			e.t.Fatalf("no %s to %s in %s saying %q: %v\n%v", method, user, channel, want, err, ps)
		}
		p := ps[n-1]
		if p.Method == method && p.Channel == channel && p.User == user &&
			(strings.Contains(p.Text, want) || strings.Contains(blocksText(e.t, p.Blocks), want)) {
			return p
		}
	}
}

// auditSteps returns the store's audit log, and its entries as "who
// action" lines.
func auditSteps(t *testing.T, db *store.DB) ([]bot.AuditEntry, []string) {
	t.Helper()
	entries, err := db.Audit(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	steps := make([]string, len(entries))
	for i, en := range entries {
		steps[i] = en.By.String() + " " + string(en.Action)
	}
	return entries, steps
}

// TestCommunityPositions drives a position recorded from the chat through
// Slack, in both modes, with the core's /propose, /review, /dispute and
// /resolve: "Propose as a position" on a message, its modal (a field error
// shown beside its input, then fixed), /review by a workspace admin (HTTP)
// or a configured admin (Socket Mode), the approve button, the proposer
// told, the position in /person, /quote and the channel's next digest, a
// dispute from the quote card's button, its resolution (the disputer
// told); the store's audit log lists every step in order.
func TestCommunityPositions(t *testing.T) {
	const (
		proposer = "U1"
		critic   = "U3"
		mod      = "U5"
		said     = "Open weights make AI safer &amp; fairer, LeCun said in <https://example.org/talk|this talk>."
		words    = "Open weights make AI safer & fairer, LeCun said in this talk https://example.org/talk."
		msgTS    = "1700000005.000500"
	)
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e, db, svc, clock := communityEnv(t, m, func(o *Options) {
				if m.socket {
					o.AdminUserIDs = []string{mod}
				}
			})
			if !m.socket {
				e.fs.SetAdmin(mod)
			}
			if ack := e.slashAs(mod, "subscribe", "/digest", "subscribe 18:00"); !strings.Contains(blocksText(t, ackBlocks(t, ack)), "Daily digest subscribed") {
				t.Fatalf("/digest subscribe: %s", ack)
			}

			sc := shortcut(e.fs.ResponseURL("propose"), said, msgTS, "")
			sc["callback_id"], sc["trigger_id"] = shortcutPropose, e.fs.Trigger(proposer)
			if ack := e.send(sc); len(ack) != 0 {
				t.Errorf("the shortcut acknowledged with %s", ack)
			}
			v := e.waitView(1)
			if got := input(t, v, "text").Element.(*slackapi.PlainTextInputBlockElement).InitialValue; got != words {
				t.Errorf("text pre-filled as %q, want %q", got, words)
			}
			if got := input(t, v, "url").Element.(*slackapi.PlainTextInputBlockElement).InitialValue; got != "https://example.org/talk" {
				t.Errorf("url pre-filled as %q", got)
			}
			if meta, _ := decodeMeta(v.PrivateMetadata); meta.Channel != "C1" || meta.Thread != msgTS {
				t.Errorf("the form answers in %+v, want the message's thread", meta)
			}
			out := e.submit(v.ID, map[string]string{"person": "Yann LeCun", "strategy": "open source", "stance": "endorses",
				"fidelity": "faithful paraphrase", "title": "A talk on open models", "date": "2099"})
			if out.Action != "errors" || len(out.Errors) != 1 || !strings.Contains(out.Errors["date"], "future") {
				t.Fatalf("a future date: %+v, want its error beside the date alone", out)
			}
			if out := e.submit(v.ID, map[string]string{"date": "2024-06"}); out.Action != "clear" {
				t.Fatalf("the fixed proposal: %+v, want the modal cleared", out)
			}
			if p := e.waitPost("chat.postEphemeral", "C1", proposer, "queued for review"); p.ThreadTS != msgTS {
				t.Errorf("the proposal's answer in thread %q, want the message's", p.ThreadTS)
			}

			review := ackBlocks(t, e.slashAs(mod, "review", "/review", ""))
			if r := e.waitResponse(e.clickAs(mod, review, "Approve")); !strings.Contains(blocksText(t, r.Blocks), "approved") {
				t.Fatalf("approval: %v", r)
			}
			e.waitPost("chat.postEphemeral", "C1", proposer, "was approved")
			props, err := db.Proposals(e.ctx(), bot.ProposalApproved)
			if err != nil || len(props) != 1 {
				t.Fatalf("approved proposals %+v, %v", props, err)
			}
			quoteID := props[0].QuoteID

			person := blocksText(t, ackBlocks(t, e.slashAs(critic, "person", "/person", "Yann LeCun")))
			if !strings.Contains(person, words) || !strings.Contains(person, "Recorded by this community") {
				t.Errorf("/person does not show the community's position:\n%s", person)
			}
			quote := ackBlocks(t, e.slashAs(critic, "quote", "/quote", `open weights safer person:"Yann LeCun"`))
			if !strings.Contains(blocksText(t, quote), "LeCun said in this talk") {
				t.Errorf("/quote does not find the community's position:\n%s", blocksText(t, quote))
			}

			s, err := digest.NewScheduler(svc, digest.SchedulerOptions{Senders: map[bot.Platform]bot.Sender{bot.PlatformSlack: e.a}, Holder: m.name})
			if err != nil {
				t.Fatal(err)
			}
			if rep, err := s.RunDue(e.ctx()); err != nil || len(rep.Sent)+rep.Empty != 0 {
				t.Fatalf("a digest pass before 18:00: %v, %v", rep, err)
			}
			clock.Add(9 * time.Hour)
			if rep, err := s.RunDue(e.ctx()); err != nil || len(rep.Sent) != 1 {
				t.Fatalf("the digest pass at 18:00: %v, %v", rep, err)
			}
			if p := e.waitPost("chat.postMessage", "C1", "", "Daily digest"); !strings.Contains(blocksText(t, p.Blocks), words) ||
				!strings.Contains(blocksText(t, p.Blocks), "Recorded by this community") {
				t.Errorf("the digest lacks the community's position:\n%s", blocksText(t, p.Blocks))
			}

			dispute := buttonPrefixed(t, quote, "Dispute Yann LeCun")
			if dispute.Value != "/dispute "+quoteID {
				t.Fatalf("the first Dispute button disputes %q, want quote %s", dispute.Value, quoteID)
			}
			e.clickAs(critic, quote, "Dispute Yann LeCun")
			v = e.waitView(2)
			if v.User != critic {
				t.Fatalf("the dispute form opened for %s", v.User)
			}
			if out := e.submit(v.ID, map[string]string{"reason": "The talk says the opposite at 12:30."}); out.Action != "clear" {
				t.Fatalf("the dispute: %+v, want the modal cleared", out)
			}
			e.waitPost("chat.postEphemeral", "C1", critic, "disputed, under review")

			review = ackBlocks(t, e.slashAs(mod, "review again", "/review", ""))
			e.clickAs(mod, review, "Dismiss")
			v = e.waitView(3)
			if out := e.submit(v.ID, map[string]string{"reason": "The talk says this at 12:30."}); out.Action != "clear" {
				t.Fatalf("the resolution: %+v, want the modal cleared", out)
			}
			e.waitPost("chat.postEphemeral", "C1", mod, "resolved")
			e.waitPost("chat.postEphemeral", "C1", critic, "was resolved")

			entries, got := auditSteps(t, db)
			// The refused submission is kept as a draft (Reply.Resubmit);
			// the modal stays open beside its errors, and its fixed
			// submission submits that same draft: one proposal, no draft left.
			want := []string{
				"slack:" + proposer + " " + string(bot.AuditDrafted),
				"slack:" + proposer + " " + string(bot.AuditSubmitted),
				"slack:" + mod + " " + string(bot.AuditApproved),
				"slack:" + critic + " " + string(bot.AuditDisputed),
				"slack:" + mod + " " + string(bot.AuditResolved),
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if p := entries[1].ProposalID; p != props[0].ID || entries[0].ProposalID != p || entries[2].ProposalID != p || entries[2].QuoteID != quoteID ||
				entries[3].QuoteID != quoteID || entries[4].DisputeID != entries[3].DisputeID {
				t.Errorf("the audit entries are not about the proposal, its quote and the dispute: %+v", entries)
			}
		})
	}
}

// TestCommunityEditAndReject: a moderator edits a pending proposal in its
// modal (a field error shown beside its input), then rejects it, the
// reason asked in a modal; the proposer is told why.
func TestCommunityEditAndReject(t *testing.T) {
	const proposer, mod = "U1", "U5"
	e, db, _, _ := communityEnv(t, mode{name: "http"}, func(o *Options) { o.AdminUserIDs = []string{mod} })
	e.slashAs(proposer, "propose", "/propose", `person:"Yann LeCun" strategy:"open source" Open models let every lab check the others.`)
	v := e.waitView(1)
	if out := e.submit(v.ID, map[string]string{"stance": "endorses", "fidelity": "direct quote", "url": "https://example.org/a"}); out.Action != "clear" {
		t.Fatalf("the proposal: %+v", out)
	}
	e.waitPost("chat.postEphemeral", "C1", proposer, "queued for review")

	e.clickAs(mod, ackBlocks(t, e.slashAs(mod, "review", "/review", "")), "Edit")
	v = e.waitView(2)
	if v.User != mod || input(t, v, "text").Element.(*slackapi.PlainTextInputBlockElement).InitialValue != "Open models let every lab check the others." {
		t.Fatalf("the edit form: %s", v)
	}
	if out := e.submit(v.ID, map[string]string{"url": "ftp://example.org/a"}); out.Action != "errors" || out.Errors["url"] == "" {
		t.Fatalf("a refused edit: %+v, want the error beside the link", out)
	}
	if out := e.submit(v.ID, map[string]string{"url": "https://example.org/b"}); out.Action != "clear" {
		t.Fatalf("the edit: %+v", out)
	}
	e.waitPost("chat.postEphemeral", "C1", mod, "example.org/b")

	e.clickAs(mod, ackBlocks(t, e.slashAs(mod, "review again", "/review", "")), "Reject")
	v = e.waitView(3)
	if out := e.submit(v.ID, map[string]string{"reason": "The page does not say this."}); out.Action != "clear" {
		t.Fatalf("the rejection: %+v", out)
	}
	e.waitPost("chat.postEphemeral", "C1", proposer, "The page does not say this.")

	_, got := auditSteps(t, db)
	want := "slack:U1 proposal-submitted\nslack:U5 proposal-edited\nslack:U5 proposal-rejected"
	if strings.Join(got, "\n") != want {
		t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}
