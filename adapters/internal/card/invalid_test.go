package card

import (
	"reflect"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

func TestListInvalid(t *testing.T) {
	said := bot.Card{Title: "Some fields need fixing", Text: "The date is in the future.",
		Fields: []bot.Field{{Name: "Source (url)", Value: "Not a link."}}}
	for _, tc := range []struct {
		name   string
		r      bot.Reply
		labels map[string]string
		want   []bot.Card
	}{
		{name: "no errors", r: bot.Reply{Cards: []bot.Card{said}}, want: []bot.Card{said}},
		{name: "by label, else by name; about no field in the text",
			r: bot.Reply{Invalid: []bot.FieldError{
				{Field: "name", Message: "Too short."}, {Field: "mood", Message: "Say good or bad."}, {Message: "Try again."},
			}},
			labels: map[string]string{"name": "Your name", "mood": ""},
			want: []bot.Card{{Title: InvalidTitle, Text: "Try again.",
				Fields: []bot.Field{{Name: "Your name", Value: "Too short."}, {Name: "mood", Value: "Say good or bad."}}}}},
		{name: "what the cards say is not listed again",
			r: bot.Reply{Cards: []bot.Card{said}, Invalid: []bot.FieldError{
				{Field: "url", Message: "Not a link."}, {Field: "date", Message: "The date is in the future."},
			}},
			want: []bot.Card{said}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ListInvalid(tc.r, tc.labels)
			if !reflect.DeepEqual(got.Cards, tc.want) || got.Invalid != nil {
				t.Errorf("cards %+v, invalid %v; want %+v", got.Cards, got.Invalid, tc.want)
			}
		})
	}
}
