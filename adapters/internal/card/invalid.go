package card

import (
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// InvalidTitle is the title of the card that lists a refused submission's
// field errors (ListInvalid).
const InvalidTitle = "Please fix these answers"

// ListInvalid returns r as a message shows it where no form shows its
// field errors (a Discord modal has no error display; a Slack modal may
// be closed before the answer comes): each error the cards do not already
// say goes on one more card, InvalidTitle, as a field named by its
// field's label (labels, by field name, else the name itself), or as a
// line of its text when it is about no one field. Invalid is left empty.
func ListInvalid(r bot.Reply, labels map[string]string) bot.Reply {
	if len(r.Invalid) == 0 {
		return r
	}
	errs := bot.Card{Title: InvalidTitle}
	var general []string
	for _, fe := range r.Invalid {
		switch {
		case saysAlready(r.Cards, fe.Message):
		case fe.Field == "":
			general = append(general, fe.Message)
		default:
			name := labels[fe.Field]
			if name == "" {
				name = fe.Field
			}
			errs.Fields = append(errs.Fields, bot.Field{Name: name, Value: fe.Message})
		}
	}
	errs.Text = strings.Join(general, "\n")
	if len(errs.Fields) > 0 || errs.Text != "" {
		r.Cards = append(append([]bot.Card(nil), r.Cards...), errs)
	}
	r.Invalid = nil
	return r
}

// saysAlready reports whether a card already says msg, as a field's value
// or in its text.
func saysAlready(cards []bot.Card, msg string) bool {
	for _, c := range cards {
		if strings.Contains(c.Text, msg) {
			return true
		}
		for _, f := range c.Fields {
			if f.Value == msg {
				return true
			}
		}
	}
	return false
}
