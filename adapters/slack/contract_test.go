package slack

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/internal/contract"
	"github.com/stancebot/stancebot/bot"
)

func TestContract(t *testing.T) {
	contract.Run(t, contract.Platform{
		Name:       "slack",
		ActionRoom: maxButtonValue,
		Render: func(r bot.Reply) ([]contract.Message, error) {
			msgs := render(r)
			out := make([]contract.Message, len(msgs))
			for i, m := range msgs {
				markup, text, commands := partsOf(m)
				out[i] = contract.Message{Markup: markup, Text: text, Commands: commands, Over: overLimit(m)}
			}
			return out, nil
		},
		Unescapable: func(s string) string { return strings.NewReplacer("*", "", "_", "").Replace(s) },
		Forbidden:   []string{"<@123456789012345678>", "<@&42>", "<!channel>", "<#C01>", "<https://evil"},
	})
}

// partsOf is every text of a message that Slack reads as markup, one a
// line; what a reader sees of the message; and the commands of its buttons.
// A rich_text block's text elements are literal, so of a rich_text block
// only its live elements (links, mentions) are markup.
func partsOf(m message) (markup, text string, commands []string) {
	var mb, tb strings.Builder
	add := func(t *slackapi.TextBlockObject) {
		if t != nil && t.Text != "" {
			mb.WriteString(t.Text + "\n")
			tb.WriteString(unmrkdwn(t.Text) + "\n")
		}
	}
	for _, bl := range m.Blocks {
		switch x := bl.(type) {
		case *slackapi.HeaderBlock:
			add(x.Text)
		case *slackapi.SectionBlock:
			add(x.Text)
			for _, f := range x.Fields {
				add(f)
			}
		case *slackapi.ContextBlock:
			for _, e := range x.ContextElements.Elements {
				if t, ok := e.(*slackapi.TextBlockObject); ok {
					add(t)
				}
			}
		case *slackapi.RichTextBlock:
			for _, e := range x.Elements {
				for _, el := range richElements(e) {
					live, shown := richParts(el)
					mb.WriteString(live)
					tb.WriteString(shown)
				}
				mb.WriteString("\n")
				tb.WriteString("\n")
			}
		case *slackapi.ActionBlock:
			for _, e := range x.Elements.ElementSet {
				if btn, ok := e.(*slackapi.ButtonBlockElement); ok && strings.HasPrefix(btn.ActionID, actionPrefix) {
					commands = append(commands, btn.Value)
				}
			}
		}
	}
	return mb.String(), tb.String(), commands
}

// richElements are the elements of a rich_text section or quote.
func richElements(e slackapi.RichTextElement) []slackapi.RichTextSectionElement {
	switch x := e.(type) {
	case *slackapi.RichTextSection:
		return x.Elements
	case *slackapi.RichTextQuote:
		return x.Elements
	}
	return nil
}

// richParts is one rich text element as live markup (its mrkdwn equivalent;
// "" for literal text) and as a reader sees it.
func richParts(el slackapi.RichTextSectionElement) (live, shown string) {
	switch x := el.(type) {
	case *slackapi.RichTextSectionTextElement:
		return "", x.Text
	case *slackapi.RichTextSectionLinkElement:
		return "<" + x.URL + "|" + x.Text + ">", x.Text
	case *slackapi.RichTextSectionUserElement:
		return "<@" + x.UserID + ">", "@" + x.UserID
	case *slackapi.RichTextSectionBroadcastElement:
		return "<!" + x.Range + ">", "@" + x.Range
	case *slackapi.RichTextSectionChannelElement:
		return "<#" + x.ChannelID + ">", "#" + x.ChannelID
	}
	return fmt.Sprintf("<%s>", el.RichTextSectionElementType()), ""
}

var (
	slackLink = regexp.MustCompile(`<[^|>]*\|([^>]*)>`)
	entities  = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)

// unmrkdwn is what a reader sees of the mrkdwn the adapter writes: links
// as their text, emphasis markers dropped, entities decoded.
func unmrkdwn(s string) string {
	s = slackLink.ReplaceAllString(s, "$1")
	s = strings.NewReplacer("*", "", "_", "").Replace(s)
	return entities.Replace(s)
}

// overLimit names the first of Slack's limits m breaks.
func overLimit(m message) string {
	check := func(what string, n, max int) string {
		if n > max {
			return fmt.Sprintf("%s: %d > %d", what, n, max)
		}
		return ""
	}
	over := []string{check("blocks", len(m.Blocks), maxBlocks), check("fallback text", runeLen(m.Text), maxFallbackText+100)}
	for _, bl := range m.Blocks {
		switch x := bl.(type) {
		case *slackapi.HeaderBlock:
			over = append(over, check("header", runeLen(x.Text.Text), maxHeaderText))
		case *slackapi.SectionBlock:
			if x.Text != nil {
				over = append(over, check("section text", runeLen(x.Text.Text), maxSectionText))
			}
			over = append(over, check("section fields", len(x.Fields), maxFields))
			for _, f := range x.Fields {
				over = append(over, check("section field", runeLen(f.Text), maxFieldText))
			}
		case *slackapi.ContextBlock:
			over = append(over, check("context elements", len(x.ContextElements.Elements), maxContextElements))
		case *slackapi.RichTextBlock:
			n := 0
			for _, e := range x.Elements {
				els := richElements(e)
				if len(els) == 0 {
					return "rich_text: an element without elements"
				}
				for _, el := range els {
					_, shown := richParts(el)
					if shown == "" {
						return "rich_text: an empty element"
					}
					n += runeLen(shown)
				}
			}
			over = append(over, check("rich_text text", n, maxSectionText))
		case *slackapi.ActionBlock:
			over = append(over, check("buttons", len(x.Elements.ElementSet), maxButtons))
			for _, e := range x.Elements.ElementSet {
				if btn, ok := e.(*slackapi.ButtonBlockElement); ok {
					over = append(over, check("button text", runeLen(btn.Text.Text), maxButtonText))
				}
			}
		}
	}
	for _, o := range over {
		if o != "" {
			return o
		}
	}
	return ""
}
