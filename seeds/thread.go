package seeds

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stancebot/stancebot/bot"
)

// ThreadOptions says what a story export does not: who wrote the post, on
// which strategy, with which stance, and (when known) when. What is given
// here is recorded as given at import, never as what the source says.
type ThreadOptions struct {
	PersonName string
	StrategyID string
	Stance     bot.StanceKind
	Summary    string   // the stance's one-line summary; "" leaves it empty
	Date       bot.Date // the post's date; zero when not known
	// Today is the latest date the post may have; zero: the current date.
	Today bot.Date
}

// Markers of a story export's parts.
const (
	storyOverview = "Story Overview"
	mostActivity  = "Most Activity"
	postPublisher = "X"
	postType      = "tweet"
	maxStoryID    = 64 // bytes of the headline's slug kept as the story id
)

var reHandle = regexp.MustCompile(`^@[A-Za-z0-9_]+$`)

// ParseThread reads an X story export: line 1 the post, line 2 the
// headline, then "Story Overview" with its paragraphs and headed sections,
// then "Most Activity" and the replies, separated by blank lines. The post
// becomes a direct-quote tweet of opts.PersonName; the headline is the
// story's (X's summary, not the author's words); the replies are kept as
// the story's discussion, attributed to no one (the export does not show
// who wrote them). An export missing any of these parts, or cut short
// inside one, is refused with what is missing: importing it would replace
// the stored story with a truncated one. The warnings say what the export
// left out.
func ParseThread(data []byte, opts ThreadOptions) (bot.Dataset, []string, error) {
	if err := opts.check(); err != nil {
		return bot.Dataset{}, nil, err
	}
	if !utf8.Valid(data) {
		return bot.Dataset{}, nil, bot.Errorf(bot.EINVALID, "thread export: not UTF-8 text")
	}
	ls := splitLines(data)
	if err := refuseControl("thread export", ls); err != nil {
		return bot.Dataset{}, nil, err
	}
	text := nonBlank(ls)
	if len(text) < 2 {
		return bot.Dataset{}, nil, bot.Errorf(bot.EINVALID, "thread export: want the post on line 1 and the headline on line 2")
	}
	post, headline := text[0].text, text[1].text
	var warnings []string

	overview, activity := -1, -1
	for i := text[1].n; i < len(ls); i++ { // the lines after the headline
		switch f := bot.Fold(ls[i].text); {
		case overview < 0 && activity < 0 && f == bot.Fold(storyOverview):
			overview = i
		case activity < 0 && f == bot.Fold(mostActivity):
			activity = i
		}
	}
	if overview < 0 {
		return bot.Dataset{}, nil, incomplete("no %q line after the headline", storyOverview)
	}
	if activity < 0 {
		return bot.Dataset{}, nil, incomplete("no %q line after the overview", mostActivity)
	}
	sections, err := storySections(ls[overview:activity])
	if err != nil {
		return bot.Dataset{}, nil, err
	}
	replies, err := storyReplies(ls[activity+1:], post)
	if err != nil {
		return bot.Dataset{}, nil, err
	}

	personID := bot.Slug(opts.PersonName)
	person := bot.Person{ID: personID, Name: strings.TrimSpace(opts.PersonName)}
	if role, ok := headlineRole(headline, person.Name); ok {
		person.Role = role
	} else {
		warnings = append(warnings, fmt.Sprintf("the headline does not read \"<role> %s <verb> ...\": no role recorded", person.Name))
	}
	if opts.Date.IsZero() {
		warnings = append(warnings, "no --date: the export does not date the post, so its date is unknown")
	}
	q := bot.Quote{
		ID:           bot.QuoteID(personID, opts.StrategyID, post),
		PersonID:     personID,
		StrategyID:   opts.StrategyID,
		Text:         post,
		Fidelity:     bot.FidelityDirect,
		Source:       bot.Source{Type: postType, Publisher: postPublisher, Date: opts.Date},
		Context:      "Post of the X story headlined: " + headline,
		DateSupplied: !opts.Date.IsZero(),
	}
	story := bot.Story{ID: storyID(headline, q.ID), Headline: headline, QuoteID: q.ID, Sections: sections, Replies: replies}
	ds := bot.Dataset{
		People: []bot.Person{person},
		Stances: []bot.Stance{{PersonID: personID, StrategyID: opts.StrategyID, Kind: opts.Stance,
			Summary: strings.TrimSpace(opts.Summary), KindSupplied: true}},
		Quotes:  []bot.Quote{q},
		Stories: []bot.Story{story},
	}
	return ds, warnings, nil
}

// incomplete is the error of an export missing one of its parts.
func incomplete(format string, args ...any) error {
	return bot.Errorf(bot.EINVALID, "thread export is incomplete (cut short?): %s", fmt.Sprintf(format, args...))
}

// check reports the first missing or invalid option.
func (o ThreadOptions) check() error {
	switch {
	case bot.Slug(o.PersonName) == "":
		return bot.Errorf(bot.EINVALID, "thread import: the post's author (person name) is required")
	case o.StrategyID == "" || bot.Slug(o.StrategyID) != o.StrategyID:
		return bot.Errorf(bot.EINVALID, "thread import: a strategy id such as \"open-source\" is required, got %q", o.StrategyID)
	case !o.Stance.IsEndorser() && !o.Stance.IsOpposer():
		return bot.Errorf(bot.EINVALID, "thread import: a stance (endorses, opposes, mixed, conditional, evolved-toward) is required, got %q", o.Stance)
	case strings.ContainsFunc(o.PersonName+o.Summary, unicode.IsControl):
		return bot.Errorf(bot.EINVALID, "thread import: the person name and summary must not contain control characters")
	}
	return checkNotFuture("thread import: the post's date", o.Date, o.Today)
}

// storySections reads the overview, from its "Story Overview" line to the
// line before "Most Activity", as the export lays it out: each heading
// (the first is "Story Overview" itself) with the paragraph under it, and
// every further paragraph a section of its own, without a heading. A
// heading with no paragraph under it means the export was cut.
func storySections(ls []line) ([]bot.StorySection, error) {
	var out []bot.StorySection
	open := false // the last section is a heading still waiting for its paragraph
	for i, l := range ls {
		switch {
		case l.text == "":
		case i == 0 || isHeading(l.text):
			if open {
				return nil, incomplete("the overview's %q has no paragraph (line %d)", out[len(out)-1].Heading, l.n)
			}
			out = append(out, bot.StorySection{Heading: l.text})
			open = true
		case open:
			out[len(out)-1].Text = l.text
			open = false
		default:
			out = append(out, bot.StorySection{Text: l.text})
		}
	}
	if open {
		return nil, incomplete("the overview's %q has no paragraph", out[len(out)-1].Heading)
	}
	return out, nil
}

// isHeading reports whether an overview line is a section heading: a few
// words, not ending like a sentence.
func isHeading(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return len(strings.Fields(s)) <= 10 && !unicode.IsPunct(r)
}

// storyReplies reads the replies: blocks separated by blank lines, each
// starting with the handles it is addressed to. A line repeating the post
// means the reply quotes it; a last line that is only the start of the
// post means the export was cut there. No reply at all is a cut export too
// (the "Most Activity" line promises some).
func storyReplies(ls []line, post string) ([]bot.StoryReply, error) {
	var out []bot.StoryReply
	var cur *bot.StoryReply
	for i, l := range ls {
		switch {
		case l.text == "":
			cur = nil
		case l.text == post:
			if cur == nil {
				out = append(out, bot.StoryReply{})
				cur = &out[len(out)-1]
			}
			cur.QuotesPost = true
		case cur != nil && i == len(ls)-1 && strings.HasPrefix(post, l.text):
			return nil, incomplete("the last line, %d, is the start of the post, cut short", l.n)
		case cur == nil:
			out = append(out, bot.StoryReply{})
			cur = &out[len(out)-1]
			words := strings.Fields(l.text)
			i := 0
			for i < len(words) && reHandle.MatchString(words[i]) {
				i++
			}
			if i < len(words) && words[i] == "@" {
				return nil, incomplete("line %d has a cut handle", l.n)
			}
			if i > 0 {
				cur.To = words[:i]
			}
			cur.Text = strings.Join(words[i:], " ")
		default:
			if cur.Text != "" {
				cur.Text += "\n"
			}
			cur.Text += l.text
		}
	}
	if len(out) == 0 {
		return nil, incomplete("no reply after %q", mostActivity)
	}
	for i, r := range out {
		if r.Text == "" && !r.QuotesPost {
			return nil, incomplete("reply %d is only handles, with no text", i+1)
		}
	}
	return out, nil
}

// headlineRole reads the role in a headline "<role> <name> <verb> ...":
// ok is false when the headline does not name the person followed by a
// lower-case word. Only the role is kept: the rest is X's summary, not the
// person's words.
func headlineRole(headline, name string) (role string, ok bool) {
	var rest string
	if after, found := strings.CutPrefix(headline, name+" "); found {
		rest = after
	} else if i := strings.Index(headline, " "+name+" "); i > 0 {
		role, rest = strings.TrimSpace(headline[:i]), headline[i+len(name)+2:]
	} else {
		return "", false
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(rest))
	return role, unicode.IsLower(r)
}

// storyID is the headline's slug, cut at a word boundary; a headline
// with no letters or digits falls back to the post's quote id.
func storyID(headline, quoteID string) string {
	id := bot.Slug(headline)
	if id == "" {
		return "story-" + quoteID
	}
	for len(id) > maxStoryID {
		i := strings.LastIndex(id, "-")
		if i <= 0 {
			r := []rune(id)
			id = string(r[:len(r)-1])
			continue
		}
		id = id[:i]
	}
	return id
}
