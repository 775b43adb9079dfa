package store

import (
	"slices"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// cutShort reports whether s reads like the stored story old cut short (an
// export truncated inside its replies): the same headline and overview,
// and replies that are old's up to a last one whose text is only the start
// of old's. Importing it would replace the story with less of it.
func cutShort(old, s bot.Story) bool {
	if old.Headline != s.Headline || !slices.Equal(old.Sections, s.Sections) ||
		len(s.Replies) == 0 || len(s.Replies) > len(old.Replies) {
		return false
	}
	last := len(s.Replies) - 1
	for i, r := range s.Replies {
		o := old.Replies[i]
		if !slices.Equal(r.To, o.To) && (i < last || !isPrefixList(r.To, o.To)) {
			return false
		}
		if i < last && (r.Text != o.Text || r.QuotesPost != o.QuotesPost) {
			return false
		}
	}
	r, o := s.Replies[last], old.Replies[last]
	return strings.HasPrefix(o.Text, r.Text) && (len(s.Replies) < len(old.Replies) || r.Text != o.Text || r.QuotesPost != o.QuotesPost || !slices.Equal(r.To, o.To))
}

// isPrefixList reports whether a is a prefix of b.
func isPrefixList(a, b []string) bool {
	return len(a) <= len(b) && slices.Equal(a, b[:len(a)])
}
