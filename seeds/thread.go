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
// which strategy, with which stance, and when.
type ThreadOptions struct {
	PersonName string
	StrategyID string
	Stance     bot.StanceKind
	Date       bot.Date
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
// becomes a direct-quote tweet of opts.PersonName; the replies are kept as
// the story's discussion, attributed to no one (the export does not show
// who wrote them). The warnings say what the export left out.
func ParseThread(data []byte, opts ThreadOptions) (bot.Dataset, []string, error) {
	if err := opts.check(); err != nil {
		return bot.Dataset{}, nil, err
	}
	if !utf8.Valid(data) {
		return bot.Dataset{}, nil, bot.Errorf(bot.EINVALID, "thread export: not UTF-8 text")
	}
	ls := splitLines(data)
	text := nonBlank(ls)
	if len(text) < 2 {
		return bot.Dataset{}, nil, bot.Errorf(bot.EINVALID, "thread export: want the post on line 1 and the headline on line 2")
	}
	post, headline := text[0].text, text[1].text
	var warnings []string
	warnf := func(format string, args ...any) { warnings = append(warnings, fmt.Sprintf(format, args...)) }

	overview, activity := -1, -1
	for i := text[1].n; i < len(ls); i++ { // the lines after the headline
		switch f := bot.Fold(ls[i].text); {
		case overview < 0 && activity < 0 && f == bot.Fold(storyOverview):
			overview = i
		case activity < 0 && f == bot.Fold(mostActivity):
			activity = i
		}
	}
	if activity < 0 {
		activity = len(ls)
		warnf("no %q section: the story has no replies", mostActivity)
	}
	var sections []bot.StorySection
	if overview < 0 {
		warnf("no %q section: the story has no overview", storyOverview)
	} else {
		sections = storySections(ls[overview+1 : activity])
	}
	var replies []bot.StoryReply
	if activity < len(ls) {
		replies = storyReplies(ls[activity+1:], post)
	}

	personID := bot.Slug(opts.PersonName)
	person := bot.Person{ID: personID, Name: strings.TrimSpace(opts.PersonName)}
	role, clause, ok := splitHeadline(headline, person.Name)
	summary := headline
	if ok {
		person.Role, summary = role, clause
	} else {
		warnf("the headline does not read \"<role> %s <verb> ...\": no role recorded, the stance summary is the headline", person.Name)
	}
	q := bot.Quote{
		ID:         bot.QuoteID(personID, opts.StrategyID, post),
		PersonID:   personID,
		StrategyID: opts.StrategyID,
		Text:       post,
		Fidelity:   bot.FidelityDirect,
		Source:     bot.Source{Type: postType, Title: headline, Publisher: postPublisher, Date: opts.Date},
	}
	story := bot.Story{ID: storyID(headline, q.ID), Headline: headline, QuoteID: q.ID, Sections: sections, Replies: replies}
	ds := bot.Dataset{
		People:  []bot.Person{person},
		Stances: []bot.Stance{{PersonID: personID, StrategyID: opts.StrategyID, Kind: opts.Stance, Summary: summary}},
		Quotes:  []bot.Quote{q},
		Stories: []bot.Story{story},
	}
	return ds, warnings, nil
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
	case o.Date.IsZero():
		return bot.Errorf(bot.EINVALID, "thread import: the post's date is required")
	}
	return nil
}

// storySections reads the overview: paragraphs, each short line without
// closing punctuation starting a new headed section.
func storySections(ls []line) []bot.StorySection {
	var out []bot.StorySection
	for _, l := range ls {
		switch {
		case l.text == "":
		case isHeading(l.text):
			out = append(out, bot.StorySection{Heading: l.text})
		case len(out) == 0:
			out = append(out, bot.StorySection{Text: l.text})
		default:
			s := &out[len(out)-1]
			if s.Text != "" {
				s.Text += "\n\n"
			}
			s.Text += l.text
		}
	}
	return out
}

// isHeading reports whether an overview line is a section heading: a few
// words, not ending like a sentence.
func isHeading(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return len(strings.Fields(s)) <= 10 && !unicode.IsPunct(r)
}

// storyReplies reads the replies: blocks separated by blank lines, each
// starting with the handles it is addressed to. A line repeating the post
// means the reply quotes it.
func storyReplies(ls []line, post string) []bot.StoryReply {
	var out []bot.StoryReply
	var cur *bot.StoryReply
	for _, l := range ls {
		switch {
		case l.text == "":
			cur = nil
		case l.text == post:
			if cur == nil {
				out = append(out, bot.StoryReply{})
				cur = &out[len(out)-1]
			}
			cur.QuotesPost = true
		case cur == nil:
			out = append(out, bot.StoryReply{})
			cur = &out[len(out)-1]
			words := strings.Fields(l.text)
			i := 0
			for i < len(words) && reHandle.MatchString(words[i]) {
				i++
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
	return out
}

// splitHeadline reads "<role> <name> <verb> ..." (or "<name> <verb> ...",
// with no role) into the role and the clause after the name, capitalised
// ("Argues open-source AI is ..."). ok is false when the headline does not
// name the person followed by a lower-case word.
func splitHeadline(headline, name string) (role, clause string, ok bool) {
	var rest string
	if after, found := strings.CutPrefix(headline, name+" "); found {
		rest = after
	} else if i := strings.Index(headline, " "+name+" "); i > 0 {
		role, rest = strings.TrimSpace(headline[:i]), headline[i+len(name)+2:]
	} else {
		return "", "", false
	}
	rest = strings.TrimSpace(rest)
	r, size := utf8.DecodeRuneInString(rest)
	if !unicode.IsLower(r) {
		return "", "", false
	}
	return role, string(unicode.ToUpper(r)) + rest[size:], true
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
