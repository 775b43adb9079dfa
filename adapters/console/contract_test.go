package console

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/adapters/internal/contract"
	"github.com/stancebot/stancebot/bot"
)

// actionLine is how Render writes a button: "[label: command]".
var actionLine = regexp.MustCompile(`(?m)^\[[^:\]]*: (/.*)\]$`)

// noStars drops the asterisks that mark highlights, which a terminal
// cannot tell from asterisks in the data.
func noStars(s string) string { return strings.ReplaceAll(s, "*", "") }

func TestContract(t *testing.T) {
	contract.Run(t, contract.Platform{
		Name: "console",
		Render: func(r bot.Reply) ([]contract.Message, error) {
			var buf bytes.Buffer
			if err := Render(&buf, r); err != nil {
				return nil, err
			}
			m := contract.Message{Markup: buf.String(), Text: noStars(buf.String())}
			for _, sub := range actionLine.FindAllStringSubmatch(buf.String(), -1) {
				m.Commands = append(m.Commands, sub[1])
			}
			return []contract.Message{m}, nil
		},
		Unescapable: noStars,
	})
}
