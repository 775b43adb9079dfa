package console

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/stancebot/stancebot/adapters/internal/contract"
	"github.com/stancebot/stancebot/bot"
)

// actionLine is how Render writes a button: "[label: command]".
var actionLine = regexp.MustCompile(`(?m)^\[[^:\]]*: (/.*)\]$`)

func TestContract(t *testing.T) {
	contract.Run(t, contract.Platform{
		Name: "console",
		Render: func(r bot.Reply) ([]contract.Message, error) {
			var buf, plain bytes.Buffer
			if err := Render(&buf, r); err != nil {
				return nil, err
			}
			// What a reader reads is the text without the asterisks that
			// mark highlights: the same reply rendered without highlights.
			if err := Render(&plain, withoutHighlights(r)); err != nil {
				return nil, err
			}
			m := contract.Message{Markup: buf.String(), Text: plain.String()}
			for _, sub := range actionLine.FindAllStringSubmatch(buf.String(), -1) {
				m.Commands = append(m.Commands, sub[1])
			}
			return []contract.Message{m}, nil
		},
	})
}

// withoutHighlights is r with no quote highlighted.
func withoutHighlights(r bot.Reply) bot.Reply {
	cards := make([]bot.Card, len(r.Cards))
	for i, c := range r.Cards {
		c.Quotes = append([]bot.QuoteBlock(nil), c.Quotes...)
		for j := range c.Quotes {
			c.Quotes[j].Highlights = nil
		}
		cards[i] = c
	}
	r.Cards = cards
	return r
}
