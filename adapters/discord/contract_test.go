package discord

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/internal/contract"
	"github.com/stancebot/stancebot/bot"
)

func TestContract(t *testing.T) {
	contract.Run(t, contract.Platform{
		Name:       "discord",
		ActionRoom: actionRoom,
		Render: func(r bot.Reply) ([]contract.Message, error) {
			msgs, err := render(r)
			if err != nil {
				return nil, err
			}
			out := make([]contract.Message, len(msgs))
			for i, m := range msgs {
				markup, footers := markupOf(m)
				out[i] = contract.Message{Markup: markup, Text: unmarkdown(markup) + footers, Commands: commandsOf(m), Over: overLimit(m)}
			}
			return out, nil
		},
		Forbidden: []string{"<@123456789012345678>", "<@&42>", "**bold**", "`code`", "[link]("},
	})
}

// markupOf is every markdown text of a message, one a line, and the
// footers (plain text: Discord shows no markdown there).
func markupOf(m message) (markup, footers string) {
	var b, f strings.Builder
	add := func(s string) {
		if s != "" {
			b.WriteString(s + "\n")
		}
	}
	add(m.Content)
	for _, e := range m.Embeds {
		add(e.Title)
		add(e.Description)
		for _, f := range e.Fields {
			add(f.Name)
			add(f.Value)
		}
		if e.Footer != nil {
			f.WriteString(e.Footer.Text + "\n")
		}
	}
	return b.String(), f.String()
}

// unmarkdown is what a reader sees of the markdown the adapter writes:
// escapes undone, emphasis markers and link brackets dropped.
func unmarkdown(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; {
		case c == '\\' && i+1 < len(rs):
			i++
			b.WriteRune(rs[i])
		case c == '*' || c == '<' || c == '>':
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// commandsOf decodes the commands of a message's buttons, as a click is decoded.
func commandsOf(m message) []string {
	var out []string
	for _, row := range m.Components {
		for _, c := range row.(discordgo.ActionsRow).Components {
			cmd, ok := decodeCustomID(c.(discordgo.Button).CustomID)
			if ok {
				out = append(out, cmd)
			}
		}
	}
	return out
}

// overLimit names the first of Discord's message limits m breaks.
func overLimit(m message) string {
	check := func(what string, n, max int) string {
		if n > max {
			return fmt.Sprintf("%s: %d > %d", what, n, max)
		}
		return ""
	}
	over := []string{check("content", runes(m.Content), maxContent), check("embeds", len(m.Embeds), maxEmbeds), check("rows", len(m.Components), maxRows)}
	total := 0
	for _, e := range m.Embeds {
		total += embedSize(e)
		over = append(over, check("title", runes(e.Title), maxTitle), check("description", runes(e.Description), maxDescription), check("fields", len(e.Fields), maxFields))
		for _, f := range e.Fields {
			over = append(over, check("field name", runes(f.Name), maxFieldName), check("field value", runes(f.Value), maxFieldValue))
		}
		if e.Footer != nil {
			over = append(over, check("footer", runes(e.Footer.Text), maxFooter))
		}
	}
	over = append(over, check("embed characters", total, maxEmbedsTotal))
	for _, row := range m.Components {
		bs := row.(discordgo.ActionsRow).Components
		over = append(over, check("buttons in a row", len(bs), maxButtonsPerRow))
		for _, c := range bs {
			b := c.(discordgo.Button)
			over = append(over, check("label", runes(b.Label), maxLabel), check("custom_id", len(b.CustomID), maxCustomID))
		}
	}
	for _, o := range over {
		if o != "" {
			return o
		}
	}
	return ""
}
