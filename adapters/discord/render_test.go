package discord

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/internal/contract"
	"github.com/stancebot/stancebot/bot"
)

// renderCases are hand-made replies at the edges of what rendering meets.
func renderCases() map[string]bot.Reply {
	direct := bot.QuoteBlock{
		QuoteID: "q1", PersonID: "joelle-pineau", Speaker: "Joëlle Pineau", Role: "Cohere Chief AI Officer",
		Stance: bot.StanceMixed, StrategyID: "open-source", Strategy: "Open source",
		Summary: "Open research accelerates the field.",
		Text:    "Science advances more quickly when we share our knowledge.",
		// "Science" and "share our knowledge", plus an overlapping and an out-of-range span.
		Highlights: []bot.Span{{Start: 0, End: 7}, {Start: 38, End: 57}, {Start: 42, End: 50}, {Start: 200, End: 300}},
		Fidelity:   bot.FidelityDirect,
		Source: bot.Source{Type: "podcast", Title: "Building Connections Through Open Research",
			Publisher: "MIT Sloan Management Review", Date: bot.Date{Year: 2024}, URL: "https://example.org/pineau_2024?a=1&b=2"},
	}
	paraphrase := bot.QuoteBlock{
		QuoteID: "q2", PersonID: "andrew-ng", Speaker: "Andrew Ng", Stance: bot.StanceEndorses, Strategy: "Open source",
		Text:     "The real risk is if regulation *effectively* bans open_source ~~models~~ — see `policy` || spoilers ||.",
		Fidelity: bot.FidelityLoose,
		Source:   bot.Source{Type: "blog", Title: "Andrew Ng on open source AI", Publisher: "The Batch", Date: bot.Date{Year: 2023}},
		Context:  "Written after the EU AI Act draft.",
	}
	markdown := bot.QuoteBlock{
		QuoteID: "q3", Speaker: "@everyone <@123> [link](https://evil.example)", Fidelity: bot.FidelityFaithful,
		Text: "# not a heading\n> not a quote\n- not a list\n1. not numbered\n\\escaped already\\",
		Note: "recorded wording: **bold claim**", Source: bot.Source{URL: "javascript:alert(1)"},
	}
	grid := &bot.TierGrid{
		Rows: []bot.Expertise{bot.ExpertiseFrontierBuilder, bot.ExpertiseDeepTechnical, bot.ExpertiseCommentator},
		Cols: []bot.Recognition{bot.RecognitionHouseholdName, bot.RecognitionFieldLeading},
		Cells: [][][]bot.Face{
			{{{PersonID: "yann-lecun", Name: "Yann LeCun"}}, nil},
			{{{PersonID: "andrew-ng", Name: "Andrew Ng"}, {PersonID: "yoshua-bengio", Name: "Yoshua Bengio", Opposer: true}},
				{{PersonID: "joelle-pineau", Name: "Joëlle Pineau"}}},
			{nil, nil},
		},
	}
	long := strings.Repeat("Open weights let anyone audit the model. ", 260)
	manyFields := bot.Card{Title: "Thirty fields"}
	for i := range 30 {
		manyFields.Fields = append(manyFields.Fields, bot.Field{Name: fmt.Sprintf("Field %d", i+1), Value: fmt.Sprint(i + 1), Inline: true})
	}
	var manyActions []bot.Action
	for i := range 27 {
		manyActions = append(manyActions, bot.Action{Label: fmt.Sprintf("page %d", i+1), Command: fmt.Sprintf("/strategies page:%d", i+1)})
	}
	return map[string]bot.Reply{
		"strategy_card": {Page: 2, Pages: 3, Cards: []bot.Card{{
			Title: "Open source", Subtitle: "Release weights widely; transparency beats closed safety",
			Text: "Also known as: open weights", URL: "https://example.org/board/open-source",
			Fields: []bot.Field{{Name: "Stated endorsers", Value: "38", Inline: true}, {Name: "Opposers", Value: "4", Inline: true},
				{Name: "Principal voices", Value: "Yann LeCun — Household name\nAndrew Ng — Household name"}, {Name: "Empty", Value: ""}},
			Grid:   grid,
			Footer: "People on the record: 42 · page 2 of 3",
		}}, Actions: []bot.Action{{Label: "previous page", Command: "/whoendorses open-source page:1"},
			{Label: "next page", Command: "/whoendorses open-source page:3"}}},
		"quote_cards":    {Cards: []bot.Card{{Title: "Quotes on open source", Quotes: []bot.QuoteBlock{direct, paraphrase}}}},
		"markdown_data":  {Cards: []bot.Card{{Title: "*Not* _emphasis_", Text: "`code` and ||spoiler||", Quotes: []bot.QuoteBlock{markdown}}}},
		"error":          bot.ErrorReply(bot.Errorf(bot.ENOTFOUND, "No strategy called **x**.")),
		"long_text":      {Cards: []bot.Card{{Title: strings.Repeat("Very long title ", 20), Text: long, Fields: []bot.Field{{Name: "Long field", Value: long[:3000]}}}}},
		"many_fields":    {Cards: []bot.Card{manyFields}},
		"many_actions":   {Cards: []bot.Card{{Title: "Strategies"}}, Actions: manyActions},
		"many_cards":     bigReply(14),
		"empty":          {},
		"ephemeral_help": {Visibility: bot.Ephemeral, Cards: []bot.Card{{Title: "Commands", Fields: []bot.Field{{Name: "/help", Value: "The commands"}}}}},
	}
}

// TestRenderGolden keeps the messages of real replies in testdata/render.
func TestRenderGolden(t *testing.T) {
	contract.Golden(t, filepath.Join("testdata", "render"), *update, bot.Request{Platform: bot.PlatformDiscord, ActionRoom: actionRoom}, func(r bot.Reply) ([]byte, error) {
		msgs, err := render(r)
		if err != nil {
			return nil, err
		}
		got, err := json.MarshalIndent(msgs, "", "  ")
		return append(got, '\n'), err
	})
}

// TestRenderEdgeCases renders replies the dataset does not hold (long
// texts, many fields, cards and buttons, markdown in the data) within
// Discord's limits.
func TestRenderEdgeCases(t *testing.T) {
	for name, reply := range renderCases() {
		t.Run(name, func(t *testing.T) {
			msgs, err := render(reply)
			if err != nil {
				t.Fatal(err)
			}
			checkLimits(t, msgs)
		})
	}
}

// checkLimits fails the test when a message breaks one of Discord's limits.
func checkLimits(t *testing.T, msgs []message) {
	t.Helper()
	if len(msgs) == 0 {
		t.Fatal("no message")
	}
	for i, m := range msgs {
		if runes(m.Content) > maxContent {
			t.Errorf("message %d: content of %d characters", i, runes(m.Content))
		}
		if m.Content == "" && len(m.Embeds) == 0 && len(m.Components) == 0 {
			t.Errorf("message %d is empty", i)
		}
		if len(m.Embeds) > maxEmbeds {
			t.Errorf("message %d: %d embeds", i, len(m.Embeds))
		}
		total := 0
		for j, e := range m.Embeds {
			total += embedSize(e)
			if runes(e.Title) > maxTitle || runes(e.Description) > maxDescription || len(e.Fields) > maxFields {
				t.Errorf("message %d embed %d: title %d, description %d, %d fields", i, j, runes(e.Title), runes(e.Description), len(e.Fields))
			}
			if e.Title == "" && e.Description == "" && len(e.Fields) == 0 {
				t.Errorf("message %d embed %d is empty", i, j)
			}
			for _, f := range e.Fields {
				if f.Name == "" || f.Value == "" || runes(f.Name) > maxFieldName || runes(f.Value) > maxFieldValue {
					t.Errorf("message %d embed %d: field %q of %d characters", i, j, f.Name, runes(f.Value))
				}
			}
			if e.Footer != nil && runes(e.Footer.Text) > maxFooter {
				t.Errorf("message %d embed %d: footer of %d characters", i, j, runes(e.Footer.Text))
			}
		}
		if total > maxEmbedsTotal {
			t.Errorf("message %d: %d characters across its embeds", i, total)
		}
		if len(m.Components) > maxRows {
			t.Errorf("message %d: %d rows", i, len(m.Components))
		}
		for _, c := range m.Components {
			row, ok := c.(discordgo.ActionsRow)
			if !ok || len(row.Components) > maxButtonsPerRow {
				t.Errorf("message %d: bad row %#v", i, c)
				continue
			}
			for _, b := range row.Components {
				btn := b.(discordgo.Button)
				if len(btn.CustomID) > maxCustomID || runes(btn.Label) > maxLabel || btn.Label == "" {
					t.Errorf("message %d: button %q %q", i, btn.Label, btn.CustomID)
				}
			}
		}
	}
}

// TestRenderKeepsEverything renders random replies of every size and checks
// the limits hold and that every word of the data is in the messages.
func TestRenderKeepsEverything(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 0
	word := func() string { n++; return fmt.Sprintf("w%d", n) }
	words := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = word()
		}
		return strings.Join(ws, " ")
	}
	for iter := range 40 {
		var reply bot.Reply
		var all []string
		add := func(s string) string { all = append(all, strings.Fields(s)...); return s }
		for range 1 + rng.IntN(6) {
			c := bot.Card{Title: add(words(1 + rng.IntN(3))), Text: add(words(rng.IntN(900))), Footer: add(words(rng.IntN(5)))}
			for range rng.IntN(40) {
				c.Fields = append(c.Fields, bot.Field{Name: add(words(1)), Value: add(words(1 + rng.IntN(250))), Inline: rng.IntN(2) == 0})
			}
			for range rng.IntN(8) {
				c.Quotes = append(c.Quotes, bot.QuoteBlock{Speaker: add(words(2)), Text: add(words(1 + rng.IntN(300))),
					Fidelity: bot.Fidelities[rng.IntN(3)], Source: bot.Source{Title: add(words(3))}})
			}
			reply.Cards = append(reply.Cards, c)
		}
		msgs, err := render(reply)
		if err != nil {
			t.Fatal(err)
		}
		checkLimits(t, msgs)
		out, err := json.Marshal(msgs)
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for _, w := range strings.FieldsFunc(string(out), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		}) {
			have[w] = true
		}
		for _, w := range all {
			if !have[w] {
				t.Fatalf("iteration %d: word %s of the reply is missing from the %d messages", iter, w, len(msgs))
			}
		}
	}
}

func TestRenderRejectsOverlongActions(t *testing.T) {
	_, err := render(bot.Reply{Cards: []bot.Card{{Title: "x"}}, Actions: []bot.Action{{Label: "next", Command: strings.Repeat("x", 98)}}})
	if err == nil {
		t.Fatal("an action longer than a custom_id allows must be an error, not a broken button")
	}
}

func TestRenderDropsRepeatedActions(t *testing.T) {
	msgs, err := render(bot.Reply{Cards: []bot.Card{{Title: "t"}}, Actions: []bot.Action{
		{Label: "A", Command: "/a"}, {Label: "B", Command: "/b"}, {Label: "A again", Command: "/a"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, c := range msgs[0].Components {
		for _, b := range c.(discordgo.ActionsRow).Components {
			labels = append(labels, b.(discordgo.Button).Label)
		}
	}
	if strings.Join(labels, ",") != "A,B" {
		t.Errorf("buttons %v, want A,B: one button per command", labels)
	}
}

func TestValidURL(t *testing.T) {
	for u, want := range map[string]bool{
		"https://example.org/a_b": true, "http://x.org": true, "": false, "javascript:alert(1)": false,
		"https://": false, "https://exa mple.org": false, "ftp://x.org": false, "https://x.org/<b>": false,
	} {
		if validURL(u) != want {
			t.Errorf("validURL(%q) = %v", u, !want)
		}
	}
}
