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
			noHighlights := contract.EachQuote(r, func(_ int, q *bot.QuoteBlock) { q.Highlights = nil })
			if err := Render(&plain, noHighlights); err != nil {
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
