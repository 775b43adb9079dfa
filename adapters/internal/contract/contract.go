// Package contract is the test suite every adapter's rendering passes, run
// over replies of the real bot on the embedded dataset (modelled on
// litestream's RunWithReplicaClient): every quote's words shown exactly,
// fidelity always shown, quotation marks only on direct quotes, hostile
// text escaped, every button running its command, every message within the
// platform's limits, and nothing cut without a mark.
package contract

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/adapters/internal/golden"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/testenv/realdata"
)

// Message is one rendered platform message, as the suite inspects it.
type Message struct {
	// Markup is every text of the message that the platform reads as
	// markup, as it is sent (escapes in place), one text a line.
	Markup string
	// Text is what a reader sees: Markup with the platform's markup and
	// escapes undone.
	Text string
	// Commands are the commands the message's buttons run, decoded from
	// the platform's ids as the adapter decodes a click.
	Commands []string
	// Over names the platform limit the message breaks; "" when it keeps
	// to all of them.
	Over string
}

// Platform is an adapter's rendering, as the suite drives it.
type Platform struct {
	Name string
	// ActionRoom is the longest command a button carries (bot.Request.ActionRoom).
	ActionRoom int
	// Render renders a reply into the messages the adapter would send.
	Render func(bot.Reply) ([]Message, error)
	// Unescapable, when set, is what a reader sees of data text where the
	// platform cannot escape all of its markup (Slack's mrkdwn has no
	// escape for * and _): a text shown so also counts as shown. Never for
	// a quote's words: those are shown exactly on every platform.
	Unescapable func(string) string
	// Forbidden are pieces of live markup that the hostile text contains
	// and that must never reach a message unescaped (a mention, a link).
	Forbidden []string
}

// Hostile is text an attacker could put in the data: mentions, markup and
// entities of every platform. It is written into every text of a reply.
const Hostile = "<@123456789012345678> <@&42> <!channel> <#C01> @everyone **bold** __u__ `code` [link](https://evil.example) <https://evil.example|click> &amp; # heading"

// Marked is a quote whose every character is markup somewhere: emphasis,
// strike, code, quotation, entities, and mention-like text. A quote's words
// are never altered, so every platform shows it exactly as written here.
const Marked = "We said *this* and _that_, ~not this~, `x < y > z` & &amp; > 1 <@U012AB3CD> <!here> @here ** __"

// Lines are the command lines whose real replies the suite renders.
var Lines = []string{
	"/whoendorses open source",
	"/whoendorses open source page:2",
	"/whoendorses open source page:5",
	"/whoendorses open source stance:endorses",
	"/person Yann LeCun",
	"/person Joëlle Pineau",
	"/strategies",
	"/quote regulation bans open source",
	"/sources Andrew Ng said \"the danger is regulation banning open source\"",
	"/help",
	"/help whoendorses",
	"/whoendorses no such strategy",
}

// Run runs the contract suite against p.
func Run(t *testing.T, p Platform) {
	b := realdata.Bot(t)
	if p.Unescapable == nil {
		p.Unescapable = func(s string) string { return s }
	}
	visible := func(s string) string { return bot.OneLine(p.Unescapable(s)) }
	ctx := context.Background()
	for _, line := range Lines {
		t.Run(line, func(t *testing.T) {
			r := b.HandleLine(ctx, line, bot.Request{Platform: bot.Platform(p.Name), ActionRoom: p.ActionRoom})
			msgs := render(t, p, r)
			checkQuotes(t, r, msgs)
			checkComplete(t, r, msgs, visible)
			checkLimits(t, msgs)
			checkActions(t, b, r, msgs)
			checkOnePage(t, r, msgs)
		})
	}
	t.Run("a page of people with many quotes", func(t *testing.T) {
		r := manyQuotes(b.HandleLine(ctx, Lines[0], bot.Request{Platform: bot.Platform(p.Name), ActionRoom: p.ActionRoom}), 6)
		msgs := render(t, p, r)
		checkQuotes(t, r, msgs)
		checkComplete(t, r, msgs, visible)
		checkLimits(t, msgs)
		checkOnePage(t, r, msgs)
	})
	t.Run("quotes with markup characters", func(t *testing.T) {
		for _, line := range []string{Lines[0], "/person Yann LeCun"} {
			r := marked(b.HandleLine(ctx, line, bot.Request{Platform: bot.Platform(p.Name), ActionRoom: p.ActionRoom}))
			msgs := render(t, p, r)
			checkForbidden(t, p, line, msgs)
			checkQuotes(t, r, msgs)
			checkLimits(t, msgs)
		}
	})
	t.Run("hostile text", func(t *testing.T) {
		for _, line := range Lines[:5] {
			r := hostile(b.HandleLine(ctx, line, bot.Request{Platform: bot.Platform(p.Name), ActionRoom: p.ActionRoom}))
			msgs := render(t, p, r)
			checkForbidden(t, p, line, msgs)
			checkQuotes(t, r, msgs)
			checkComplete(t, r, msgs, visible)
			checkLimits(t, msgs)
		}
	})
}

// checkForbidden: none of the platform's live markup reaches a message.
func checkForbidden(t *testing.T, p Platform, line string, msgs []Message) {
	t.Helper()
	all := joined(msgs, func(m Message) string { return m.Markup })
	for _, f := range p.Forbidden {
		if i := strings.Index(all, f); i >= 0 {
			t.Errorf("%s: live markup %q reached the message: %s", line, f, all[max(0, i-200):min(len(all), i+100)])
		}
	}
}

func render(t *testing.T, p Platform, r bot.Reply) []Message {
	t.Helper()
	msgs, err := p.Render(r)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	if len(msgs) == 0 {
		t.Fatal("render: no message")
	}
	return msgs
}

func joined(msgs []Message, part func(Message) string) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString(part(m))
		b.WriteByte('\n')
	}
	return b.String()
}

// checkQuotes: every quote's words are shown exactly (white space
// collapsed, so that line breaks a platform adds do not count), in the same
// message as their fidelity, in quotation marks exactly when they are a
// direct quote.
func checkQuotes(t *testing.T, r bot.Reply, msgs []Message) {
	t.Helper()
	for _, c := range r.Cards {
		for _, q := range c.Quotes {
			words := bot.OneLine(q.Text)
			found := false
			for _, m := range msgs {
				text := bot.OneLine(m.Text)
				i := strings.Index(text, words)
				if i < 0 {
					continue
				}
				found = true
				if !strings.Contains(text[i:], card.FidelityLabel(q.Fidelity)) {
					t.Errorf("quote %s: fidelity %q not shown after its words", q.QuoteID, card.FidelityLabel(q.Fidelity))
				}
				marked := strings.HasSuffix(text[:i], "“") && strings.HasPrefix(text[i+len(words):], "”")
				if marked != card.Quoted(q) {
					t.Errorf("quote %s (%s): in quotation marks %v, want %v", q.QuoteID, q.Fidelity, marked, card.Quoted(q))
				}
			}
			if !found && !strings.Contains(joined(msgs, func(m Message) string { return m.Text }), " more quotes") {
				t.Errorf("quote %s: words not shown exactly: %q\nin:\n%s", q.QuoteID, words, joined(msgs, func(m Message) string { return m.Text }))
			}
		}
	}
}

// checkComplete: every text of the reply is shown (exactly, or as visible
// says a reader sees it where the platform cannot escape its markup), or a
// "more" or continuation mark says where it was cut.
func checkComplete(t *testing.T, r bot.Reply, msgs []Message, visible func(string) string) {
	t.Helper()
	all := bot.OneLine(joined(msgs, func(m Message) string { return m.Text }))
	cut := strings.Contains(all, "…")
	for _, c := range r.Cards {
		texts := []string{c.Title, c.Subtitle, c.Text, c.Footer}
		for _, f := range c.Fields {
			texts = append(texts, f.Value)
			if !c.Item { // a list item shows its facts without their names
				texts = append(texts, f.Name)
			}
		}
		for _, s := range texts {
			for _, l := range strings.Split(s, "\n") {
				if l = bot.OneLine(l); l == "" || strings.Contains(all, l) || strings.Contains(all, visible(l)) {
					continue
				}
				if !cut {
					t.Errorf("%q is not shown and nothing marks a cut", l)
				}
			}
		}
	}
}

func checkLimits(t *testing.T, msgs []Message) {
	t.Helper()
	for i, m := range msgs {
		if m.Over != "" {
			t.Errorf("message %d breaks the platform's limit: %s", i+1, m.Over)
		}
	}
}

// checkActions: the buttons run exactly the reply's actions, and each of
// those commands gets an answer.
func checkActions(t *testing.T, b *bot.Bot, r bot.Reply, msgs []Message) {
	t.Helper()
	var got []string
	for _, m := range msgs {
		got = append(got, m.Commands...)
	}
	if len(got) != len(r.Actions) {
		t.Fatalf("buttons run %q, want the reply's %d actions", got, len(r.Actions))
	}
	for i, a := range r.Actions {
		if got[i] != a.Command {
			t.Errorf("button %d runs %q, want %q", i+1, got[i], a.Command)
		}
		if rr := b.HandleLine(context.Background(), got[i], bot.Request{}); rr.Error != "" {
			t.Errorf("button %d: %q fails: %s", i+1, got[i], rr.Error)
		}
	}
}

// checkOnePage: a page of a paginated answer is one message, so that its
// buttons replace the whole page.
func checkOnePage(t *testing.T, r bot.Reply, msgs []Message) {
	t.Helper()
	if r.Pages > 1 && len(msgs) != 1 {
		t.Errorf("page %d of %d takes %d messages, want one", r.Page, r.Pages, len(msgs))
	}
}

// manyQuotes returns r with each list item holding n quotes (its first,
// then variants of it), as a person with many quotes on record would.
func manyQuotes(r bot.Reply, n int) bot.Reply {
	cards := make([]bot.Card, len(r.Cards))
	for i, c := range r.Cards {
		if c.Item && len(c.Quotes) > 0 {
			qs := make([]bot.QuoteBlock, n)
			for k := range qs {
				qs[k] = c.Quotes[0]
				qs[k].QuoteID += fmt.Sprint("-", k)
				qs[k].Text += fmt.Sprintf(" (variant %d)", k)
			}
			c.Quotes = qs
		}
		cards[i] = c
	}
	r.Cards = cards
	return r
}

// EachQuote returns r with edit applied to every quote of its cards, j the
// quote's place in its card; r's own cards and quotes stay as they are.
func EachQuote(r bot.Reply, edit func(j int, q *bot.QuoteBlock)) bot.Reply {
	cards := make([]bot.Card, len(r.Cards))
	for i, c := range r.Cards {
		c.Quotes = append([]bot.QuoteBlock(nil), c.Quotes...)
		for j := range c.Quotes {
			edit(j, &c.Quotes[j])
		}
		cards[i] = c
	}
	r.Cards = cards
	return r
}

// marked returns r with its quotes' words replaced by Marked, the first of
// each card as a direct quote and the others as they are.
func marked(r bot.Reply) bot.Reply {
	return EachQuote(r, func(j int, q *bot.QuoteBlock) {
		q.Text, q.Highlights = Marked, nil
		if j == 0 {
			q.Fidelity = bot.FidelityDirect
		}
	})
}

// hostile returns r with Hostile written into every text a card shows.
func hostile(r bot.Reply) bot.Reply {
	h := func(s string) string {
		if s == "" {
			return s
		}
		return s + " " + Hostile
	}
	cards := make([]bot.Card, len(r.Cards))
	for i, c := range r.Cards {
		c.Title, c.Subtitle, c.Text, c.Footer = h(c.Title), h(c.Subtitle), h(c.Text), h(c.Footer)
		c.Fields = append([]bot.Field(nil), c.Fields...)
		for j := range c.Fields {
			c.Fields[j].Name, c.Fields[j].Value = h(c.Fields[j].Name), h(c.Fields[j].Value)
		}
		c.Quotes = append([]bot.QuoteBlock(nil), c.Quotes...)
		for j := range c.Quotes {
			q := &c.Quotes[j]
			q.Speaker, q.Text, q.Context = h(q.Speaker), h(q.Text), h(q.Context)
			q.Source.Title, q.Source.Publisher = h(q.Source.Title), h(q.Source.Publisher)
		}
		cards[i] = c
	}
	r.Cards = cards
	return r
}

// Golden renders the real reply of every line in Lines, asked as from,
// with render (the platform's payloads, as JSON) and compares it with dir/<slug>.json,
// rewriting the files when update is set.
func Golden(t *testing.T, dir string, update bool, from bot.Request, render func(bot.Reply) ([]byte, error)) {
	b := realdata.Bot(t)
	for _, line := range Lines {
		t.Run(line, func(t *testing.T) {
			got, err := render(b.HandleLine(context.Background(), line, from))
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join(dir, Slug(line)+".json"), got, update)
		})
	}
}

// Slug names a command line's golden file: "/whoendorses open source
// page:2" -> "whoendorses-open-source-page-2".
func Slug(line string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(line) {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
