package seeds

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stancebot/stancebot/bot"
)

// NotShown is the value of an aggregate the page does not print.
const NotShown = -1

// BoardPage is what a board strategy page export says: the dataset it
// describes, the aggregates printed on it (used only to cross-check), its
// principal voices and tier grid, and what could not be read or resolved.
type BoardPage struct {
	Dataset         bot.Dataset
	Aggregates      Aggregates
	PrincipalVoices []PrincipalVoice
	Grid            Grid
	// Warnings lists, in order, what the page left unknown or
	// inconsistent: unreadable entries, unresolved tiers and every
	// aggregate that differs from what was parsed, with both numbers.
	Warnings []string
}

// Aggregates are the numbers printed on a board page. A count the page
// does not print is NotShown; a mix the page does not print is nil.
type Aggregates struct {
	StatedEndorsers   int         // "stated endorsers 37"
	StatedOpposers    int         // "no opposers yet" is 0
	ProfiledEndorsers int         // "profiled endorsers 8"
	BoardTotal        int         // "248 on the board total"
	PDoom             *PDoomStats // "endorser mean p(doom)"; nil when not printed
	QuotesByEndorsers int         // "quotes by endorsers 37"

	GridProfiled   int // "8 of 248 profiled" under "where the endorsers sit"
	GridBoardTotal int

	MixProfiled  int // "expertise mix of endorsers · 8 profiled of 37"
	MixEndorsers int

	ExpertiseMix   map[bot.Expertise]int
	RecognitionMix map[bot.Recognition]int

	VintageAssigned int // "vintage mix · n=8 of 8 profiled with era assigned"
	VintageProfiled int
	VintageMix      map[bot.Vintage]int

	PeopleOnRecord int // "People on the record. 37"
}

// PDoomStats is the endorsers' p(doom) as the page prints it.
type PDoomStats struct {
	Mean   float64 // percent
	Median float64 // percent; NotShown when not printed
	N      int     // NotShown when not printed
}

// PrincipalVoice is one of the page's principal voices with its label.
type PrincipalVoice struct {
	Name        string
	PersonID    string          // "" when the person is not on the record
	Recognition bot.Recognition // "" when the label is not a recognition tier
}

// ParseBoard reads a board strategy page export. It fails only when the
// data is not such an export at all (not UTF-8, no strategy name, no
// "People on the record." section); everything else that is missing or
// inconsistent becomes a warning and the rest is still imported.
func ParseBoard(data []byte) (*BoardPage, error) {
	if !utf8.Valid(data) {
		return nil, bot.Errorf(bot.EINVALID, "board export: not UTF-8 text")
	}
	all := splitLines(data)
	p := &boardParser{all: all, lines: nonBlank(all)}
	return p.parse()
}

// boardParser holds the state of one ParseBoard call.
type boardParser struct {
	all      []line // every line, blank ones too (the grid needs them)
	lines    []line // the non-blank lines
	warnings []string
}

func (p *boardParser) warnf(format string, args ...any) {
	p.warnings = append(p.warnings, fmt.Sprintf(format, args...))
}

func (p *boardParser) parse() (*BoardPage, error) {
	people := p.find(0, len(p.lines), isPeopleHeader)
	if people < 0 {
		return nil, bot.Errorf(bot.EINVALID, "board export: no %q section", "People on the record.")
	}
	head := p.lines[:people]
	strategy, board, err := p.parseStrategy(head)
	if err != nil {
		return nil, err
	}
	page := &BoardPage{Aggregates: p.parseAggregates(head)}
	if page.Aggregates.BoardTotal == NotShown && page.Aggregates.GridBoardTotal != NotShown {
		board.ProfiledTotal = page.Aggregates.GridBoardTotal
	} else if page.Aggregates.BoardTotal != NotShown {
		board.ProfiledTotal = page.Aggregates.BoardTotal
	}
	rest := p.lines[people+1:]
	if len(rest) > 0 {
		if n, ok := atoi(rest[0].text); ok {
			page.Aggregates.PeopleOnRecord = n
			rest = rest[1:]
		}
	}
	page.Dataset = bot.Dataset{Board: board, Strategies: []bot.Strategy{strategy}}
	p.parsePeople(rest, &page.Dataset)
	page.PrincipalVoices = p.parsePrincipalVoices(head, page.Dataset.People)
	page.Grid = p.parseGrid(head)
	resolveTiers(p, page)
	crossCheck(p, page)
	keepStated(page)
	page.Warnings = p.warnings
	return page, nil
}

// find returns the index of the first line in lines[from:to] that matches,
// or -1.
func (p *boardParser) find(from, to int, match func(string) bool) int {
	for i := max(from, 0); i < to && i < len(p.lines); i++ {
		if match(p.lines[i].text) {
			return i
		}
	}
	return -1
}

// label returns a matcher of a line that reads label (folded, ignoring a
// trailing period).
func label(want string) func(string) bool {
	return func(s string) bool { return bot.Fold(strings.TrimSuffix(s, ".")) == want }
}

// prefix returns a matcher of a line that starts with p (folded).
func prefix(want string) func(string) bool {
	return func(s string) bool { return strings.HasPrefix(bot.Fold(s), want) }
}

var isPeopleHeader = label("people on the record")

// parseStrategy reads the board name (the first line), and the strategy's
// name, summary and aliases that follow the "strategy tag" label.
func (p *boardParser) parseStrategy(head []line) (bot.Strategy, *bot.Board, error) {
	if len(head) == 0 {
		return bot.Strategy{}, nil, bot.Errorf(bot.EINVALID, "board export: no board or strategy name before %q", "People on the record.")
	}
	board := &bot.Board{Name: head[0].text}
	i := 1
	if t := p.find(0, len(head), label("strategy tag")); t >= 0 {
		i = t + 1
	} else {
		p.warnf("no %q label: taking line %d as the strategy name", "strategy tag", lineNo(head, 1))
	}
	if i >= len(head) {
		return bot.Strategy{}, nil, bot.Errorf(bot.EINVALID, "board export: no strategy name")
	}
	name := strings.TrimSpace(strings.TrimSuffix(head[i].text, "."))
	s := bot.Strategy{ID: bot.Slug(name), Name: name}
	if s.ID == "" {
		return bot.Strategy{}, nil, bot.Errorf(bot.EINVALID, "board export: line %d: %q is not a strategy name", head[i].n, head[i].text)
	}
	j := i + 1
	if j < len(head) && !isAggregateLabel(bot.Fold(head[j].text)) && !isAliasLine(head[j].text) {
		s.Summary = head[j].text
		j++
	}
	if j < len(head) && isAliasLine(head[j].text) {
		l := head[j].text
		for _, a := range strings.Split(l[strings.Index(l, ":")+1:], ",") {
			switch a = strings.TrimSpace(a); {
			case strings.ContainsFunc(a, unicode.IsControl):
				p.warnf("line %d: alias %q has control characters; not imported", head[j].n, a)
			case a != "":
				s.Aliases = append(s.Aliases, a)
			}
		}
	}
	if s.Summary == "" {
		p.warnf("strategy %q: no summary", s.Name)
	}
	return s, board, nil
}

// lineNo returns the line number of lines[i], or 0 past the end.
func lineNo(lines []line, i int) int {
	if i < len(lines) {
		return lines[i].n
	}
	return 0
}

// isAggregateLabel reports whether a folded line starts the page's numbers.
func isAggregateLabel(f string) bool {
	return f == "stated endorsers" || f == "no opposers yet" || f == "profiled endorsers"
}

// isAliasLine reports whether a line lists aliases ("also known as: open weights").
func isAliasLine(s string) bool { return strings.HasPrefix(bot.Fold(s), "also known as:") }
