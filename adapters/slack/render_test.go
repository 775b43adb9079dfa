package slack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/internal/contract"
	"github.com/stancebot/stancebot/adapters/internal/golden"
	"github.com/stancebot/stancebot/bot"
)

func directQuote() bot.QuoteBlock {
	text := "The real risk is if regulation effectively bans open source & <open> research."
	return bot.QuoteBlock{
		QuoteID: "q1", PersonID: "andrew-ng", Speaker: "Andrew Ng", Role: "Coursera & DeepLearning.AI founder",
		Stance: bot.StanceEndorses, StrategyID: "open-source", Strategy: "Open source", Summary: "Warns against regulatory capture.",
		Text:       text,
		Highlights: []bot.Span{{Start: strings.Index(text, "regulation"), End: strings.Index(text, "regulation") + len("regulation")}, {Start: strings.Index(text, "open source"), End: strings.Index(text, "open source") + len("open source")}},
		Fidelity:   bot.FidelityDirect,
		Source:     bot.Source{Type: "blog", Title: "Open source AI", Publisher: "The Batch", Date: bot.Date{Year: 2023}, URL: "https://example.org/batch?issue=1&page=2|x"},
		Context:    "Written after the <EU AI Act> vote.",
	}
}

func paraphrase() bot.QuoteBlock {
	return bot.QuoteBlock{
		QuoteID: "q2", PersonID: "yoshua-bengio", Speaker: "Yoshua Bengio", Role: "Mila founder",
		Stance: bot.StanceOpposes, StrategyID: "open-source", Strategy: "Open source",
		Text: "Releasing frontier weights is irreversible.", Fidelity: bot.FidelityFaithful,
		Source: bot.Source{Type: "testimony", Title: "Senate hearing", Publisher: "US Senate"},
		Note:   "The message says \"reversible\"; the recorded wording is \"irreversible\".",
	}
}

// renderFixtures are hand-made replies at the edges of what rendering meets.
func renderFixtures() map[string]bot.Reply {
	grid := &bot.TierGrid{
		Rows: []bot.Expertise{bot.ExpertiseFrontierBuilder, bot.ExpertiseDeepTechnical, bot.ExpertiseCommentator},
		Cols: []bot.Recognition{bot.RecognitionHouseholdName, bot.RecognitionFieldLeading},
		Cells: [][][]bot.Face{
			{{{PersonID: "yann-lecun", Name: "Yann LeCun"}}, nil},
			{{{PersonID: "andrew-ng", Name: "Andrew Ng"}, {PersonID: "yoshua-bengio", Name: "Yoshua Bengio", Opposer: true}}, nil},
			{nil, nil},
		},
	}
	long := make([]bot.QuoteBlock, 60)
	for i := range long {
		q := paraphrase()
		q.QuoteID = fmt.Sprintf("q%d", i)
		q.Text = fmt.Sprintf("Paraphrase number %d of a long answer.", i)
		q.Note = ""
		long[i] = q
	}
	return map[string]bot.Reply{
		"strategy": {
			Visibility: bot.Public, Page: 1, Pages: 3,
			Cards: []bot.Card{{
				Title: "Open source", Subtitle: "Release weights widely; transparency beats closed safety",
				URL:  "https://example.org/board/open-source",
				Text: "3 stated endorsers & 1 opposer.",
				Fields: []bot.Field{
					{Name: "Stated endorsers", Value: "3", Inline: true},
					{Name: "Opposers", Value: "1", Inline: true},
					{Name: "Principal voices", Value: "Yann LeCun, Andrew Ng"},
				},
				Grid:   grid,
				Quotes: []bot.QuoteBlock{directQuote(), paraphrase()},
				Footer: "AGI Strategies · 3 of 248 profiled",
			}},
			Actions: []bot.Action{{Label: "Next ›", Command: "/whoendorses open-source page:2"}},
		},
		"quote": {Visibility: bot.Public, Cards: []bot.Card{{Title: "Quotes for “open source”", Quotes: []bot.QuoteBlock{directQuote()}}}},
		"error": bot.ErrorReply(bot.Errorf(bot.ENOTFOUND, "No strategy matches \"opne <source>\". Did you mean Open source?")),
		"long": {
			Visibility: bot.Public,
			Cards: []bot.Card{
				{Title: strings.Repeat("A very long title ", 12), Text: strings.Repeat("word ", 700) + "end."},
				{Title: "Many quotes", Quotes: long},
			},
		},
		"empty": {Visibility: bot.Ephemeral},
	}
}

// TestRenderGolden keeps the messages of real replies in testdata/render.
func TestRenderGolden(t *testing.T) {
	contract.Golden(t, filepath.Join("testdata", "render"), *update, bot.Request{Platform: bot.PlatformSlack, ActionRoom: maxButtonValue}, func(r bot.Reply) ([]byte, error) {
		return goldenJSON(t, render(r)), nil
	})
}

// checkLimits fails the test when a message breaks one of Slack's limits.
func checkLimits(t *testing.T, msgs []message) {
	t.Helper()
	for i, m := range msgs {
		if len(m.Blocks) == 0 || len(m.Blocks) > maxBlocks {
			t.Errorf("message %d: %d blocks", i, len(m.Blocks))
		}
		if m.Text == "" {
			t.Errorf("message %d: no fallback text", i)
		}
		for _, b := range m.Blocks {
			switch b := b.(type) {
			case *slackapi.HeaderBlock:
				if n := runeLen(b.Text.Text); n > maxHeaderText {
					t.Errorf("message %d: header of %d characters", i, n)
				}
			case *slackapi.SectionBlock:
				if b.Text != nil && runeLen(b.Text.Text) > maxSectionText {
					t.Errorf("message %d: section text of %d characters", i, runeLen(b.Text.Text))
				}
				if len(b.Fields) > maxFields {
					t.Errorf("message %d: %d fields", i, len(b.Fields))
				}
				for _, f := range b.Fields {
					if runeLen(f.Text) > maxFieldText {
						t.Errorf("message %d: field of %d characters", i, runeLen(f.Text))
					}
				}
			case *slackapi.ContextBlock:
				if n := len(b.ContextElements.Elements); n > maxContextElements {
					t.Errorf("message %d: context of %d elements", i, n)
				}
			case *slackapi.ActionBlock:
				if n := len(b.Elements.ElementSet); n > maxButtons {
					t.Errorf("message %d: %d buttons", i, n)
				}
			}
		}
	}
}

func TestRenderKeepsSlackLimits(t *testing.T) {
	for name, reply := range renderFixtures() {
		t.Run(name, func(t *testing.T) { checkLimits(t, render(reply)) })
	}
}

func TestRenderSplitsInsteadOfTruncating(t *testing.T) {
	reply := renderFixtures()["long"]
	msgs := render(reply)
	if len(msgs) < 2 {
		t.Fatalf("a reply of 60 quotes and a 3500-character text fits %d message(s)", len(msgs))
	}
	var all strings.Builder
	for _, m := range msgs {
		raw, err := json.Marshal(m.Blocks)
		if err != nil {
			t.Fatal(err)
		}
		all.WriteString(blocksText(t, raw))
	}
	text := strings.Join(strings.Fields(all.String()), " ")
	for _, q := range reply.Cards[1].Quotes {
		if !strings.Contains(text, q.Text) {
			t.Errorf("quote %q is missing from the messages", q.Text)
		}
	}
	if got, want := strings.Count(text, "word"), 700; got != want {
		t.Errorf("the long text has %d words in the messages, want %d", got, want)
	}
	if !strings.Contains(text, strings.TrimSpace(reply.Cards[0].Title)) {
		t.Error("the long title is missing")
	}
	if !strings.HasPrefix(msgs[1].Text, "(continued) ") {
		t.Errorf("fallback of the second message = %q, want it marked as continued", msgs[1].Text)
	}
}

// richTexts is the text of every rich_text_quote and of every
// rich_text_section of the messages' rich_text blocks, and the mrkdwn of
// their other blocks.
func richTexts(t *testing.T, msgs []message) (quotes, sections []string, mrkdwn string) {
	t.Helper()
	var md []slackapi.Block
	for _, m := range msgs {
		for _, b := range m.Blocks {
			rb, ok := b.(*slackapi.RichTextBlock)
			if !ok {
				md = append(md, b)
				continue
			}
			for _, e := range rb.Elements {
				var sb strings.Builder
				for _, el := range richElements(e) {
					_, shown := richParts(el)
					sb.WriteString(shown)
				}
				if _, isQuote := e.(*slackapi.RichTextQuote); isQuote {
					quotes = append(quotes, sb.String())
				} else {
					sections = append(sections, sb.String())
				}
			}
		}
	}
	raw, err := json.Marshal(md)
	if err != nil {
		t.Fatal(err)
	}
	return quotes, sections, blocksText(t, raw)
}

func TestRenderQuoteCard(t *testing.T) {
	d, p := directQuote(), paraphrase()
	msgs := render(bot.Reply{Cards: []bot.Card{{Title: "Quotes", Quotes: []bot.QuoteBlock{d, p}}}})
	quotes, sections, _ := richTexts(t, msgs)
	// Direct: in quotation marks and Slack's quotation styling, every
	// character as recorded; a paraphrase in neither.
	if want := []string{"“" + d.Text + "”"}; !slices.Equal(quotes, want) {
		t.Errorf("rich_text_quote texts %q, want %q", quotes, want)
	}
	section := strings.Join(sections, "\n")
	for _, want := range []string{
		p.Text + "\n",                                                   // the paraphrase, on its own line
		"direct quote · unverified", "faithful paraphrase · unverified", // fidelity and verification always shown
		"blog · Open source AI · The Batch · 2023 · link", // full citation
		"testimony · Senate hearing · US Senate",
		"Context: Written after the <EU AI Act> vote.",
		"Andrew Ng — Coursera & DeepLearning.AI founder",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("quote card lacks %q:\n%s", want, section)
		}
	}
	if strings.Contains(section, "“"+p.Text) {
		t.Error("a paraphrase is shown in quotation marks")
	}
	// The highlights in bold; the source's URL as a link element.
	var bolds, links []string
	for _, b := range msgs[0].Blocks {
		if rb, ok := b.(*slackapi.RichTextBlock); ok {
			for _, e := range rb.Elements {
				for _, el := range richElements(e) {
					switch x := el.(type) {
					case *slackapi.RichTextSectionTextElement:
						if x.Style != nil && x.Style.Bold {
							bolds = append(bolds, x.Text)
						}
					case *slackapi.RichTextSectionLinkElement:
						links = append(links, x.URL)
					}
				}
			}
		}
	}
	for _, want := range []string{"regulation", "open source"} {
		if !slices.Contains(bolds, want) {
			t.Errorf("highlight %q is not bold (bold: %q)", want, bolds)
		}
	}
	if want := "https://example.org/batch?issue=1&page=2%7Cx"; !slices.Contains(links, want) {
		t.Errorf("links %q, want %s", links, want)
	}
}

// TestRenderMarkedQuotes: a quote holding every character mrkdwn reads as
// markup, and mention-like text, is shown exactly and pings nobody, as a
// direct quote (in Slack's quotation styling) and as a paraphrase (never
// in it), on a card and in a list.
func TestRenderMarkedQuotes(t *testing.T) {
	d, p := directQuote(), paraphrase()
	d.Text, d.Highlights, p.Text = contract.Marked, nil, contract.Marked
	item := bot.Card{Title: "Andrew Ng", Subtitle: "founder", Item: true, Quotes: []bot.QuoteBlock{p}}
	r := bot.Reply{Cards: []bot.Card{{Title: "Quotes", Quotes: []bot.QuoteBlock{d, p}}, item}}
	msgs := render(r)
	quotes, sections, mrkdwn := richTexts(t, msgs)
	if want := []string{"“" + contract.Marked + "”"}; !slices.Equal(quotes, want) {
		t.Errorf("rich_text_quote texts %q, want only the direct quote's, exactly: %q", quotes, want)
	}
	if n := strings.Count(strings.Join(sections, "\n"), contract.Marked); n != 2 {
		t.Errorf("the paraphrase's words are shown exactly %d times in rich_text sections, want 2 (card and list item)", n)
	}
	for _, live := range []string{"<@U012AB3CD>", "<!here>", "U012AB3CD"} {
		if strings.Contains(mrkdwn, live) {
			t.Errorf("%s reached a mrkdwn text", live)
		}
	}
	for _, m := range msgs {
		for _, b := range m.Blocks {
			rb, ok := b.(*slackapi.RichTextBlock)
			if !ok {
				continue
			}
			for _, e := range rb.Elements {
				for _, el := range richElements(e) {
					if typ := el.RichTextSectionElementType(); typ != slackapi.RTSEText && typ != slackapi.RTSELink {
						t.Errorf("a %s element: live markup from data", typ)
					}
				}
			}
		}
	}
	golden.Check(t, filepath.Join("testdata", "richtext", "marked-quotes.json"), goldenJSON(t, msgs), *update)
}

func TestRenderButtonsCarryTheCommand(t *testing.T) {
	msgs := render(bot.Reply{
		Cards:   []bot.Card{{Title: "Open source"}},
		Actions: []bot.Action{{Label: "‹ Prev", Command: "/whoendorses open-source page:1"}, {Label: "Next ›", Command: "/whoendorses open-source page:3"}},
		Page:    2, Pages: 3,
	})
	last := msgs[len(msgs)-1].Blocks
	ab, ok := last[len(last)-1].(*slackapi.ActionBlock)
	if !ok {
		t.Fatalf("last block is %T, want the buttons", last[len(last)-1])
	}
	ids := map[string]bool{}
	for i, el := range ab.Elements.ElementSet {
		btn := el.(*slackapi.ButtonBlockElement)
		if !strings.HasPrefix(btn.ActionID, actionPrefix) || ids[btn.ActionID] {
			t.Errorf("button %d: action_id %q is not ours or not unique", i, btn.ActionID)
		}
		ids[btn.ActionID] = true
		if want := []string{"/whoendorses open-source page:1", "/whoendorses open-source page:3"}[i]; btn.Value != want {
			t.Errorf("button %d: value %q, want %q", i, btn.Value, want)
		}
	}
}

// goldenJSON is v as indented JSON without HTML escaping, for golden files.
func goldenJSON(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkRender(b *testing.B) {
	fx := renderFixtures()
	for _, name := range []string{"strategy", "long"} {
		reply := fx[name]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				render(reply)
			}
		})
	}
}
