package digest

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// MaxListed is the most positions a digest lists one by one. A larger
// batch (a first import of the whole board: about 970 positions) is
// summarised instead: counts per strategy, the most recognised new voices,
// and how to see the rest.
const MaxListed = 100

// PageSize is how many positions a page of /digest preview lists.
const PageSize = 20

// Reply renders the digest as public cards: a header card titled title, then
// for each strategy a card with its counts followed by one card per
// position, in the order they arrived; or, past MaxListed positions, the
// summary. Dates are shown in loc. The adapters split the cards into as
// many messages as their platform needs.
func (d Digest) Reply(title string, loc *time.Location) bot.Reply {
	if d.Len() > MaxListed {
		return d.summaryReply(title)
	}
	cards := []bot.Card{{Title: title, Text: d.summary() + " " + countedNote}}
	cards = append(cards, d.listCards(0, d.Len(), loc)...)
	return bot.Reply{Visibility: bot.Public, Cards: cards}
}

// Page renders page n (1-based) of the digest's positions, PageSize at a
// time, with previous/next actions running command with page:N. A page out
// of range is an EINVALID error.
func (d Digest) Page(title string, loc *time.Location, n int, command string) (bot.Reply, error) {
	pages := max(1, (d.Len()+PageSize-1)/PageSize)
	if n < 1 || n > pages {
		return bot.Reply{}, bot.Errorf(bot.EINVALID, "There is no page %d: pages go from 1 to %d.", n, pages)
	}
	lo, hi := (n-1)*PageSize, min(n*PageSize, d.Len())
	cards := []bot.Card{{Title: title, Text: fmt.Sprintf("%s Positions %d–%d of %d. %s", d.summary(), lo+1, hi, d.Len(), countedNote)}}
	cards = append(cards, d.listCards(lo, hi, loc)...)
	r := bot.Reply{Visibility: bot.Public, Cards: cards}
	if pages > 1 {
		r.Page, r.Pages = n, pages
		if n > 1 {
			r.Actions = append(r.Actions, bot.Action{Label: "previous page", Command: fmt.Sprintf("%s page:%d", command, n-1)})
		}
		if n < pages {
			r.Actions = append(r.Actions, bot.Action{Label: "next page", Command: fmt.Sprintf("%s page:%d", command, n+1)})
		}
	}
	return r, nil
}

// listCards are the cards of positions lo to hi (0-based, half-open, in
// the digest's order), each strategy's counts card before its first one.
func (d Digest) listCards(lo, hi int, loc *time.Location) []bot.Card {
	var cards []bot.Card
	i := 0
	for _, g := range d.Groups {
		headed := false
		for _, p := range g.Positions {
			if i >= lo && i < hi {
				if !headed {
					cards = append(cards, bot.Card{
						Title:    g.Strategy.Name,
						Subtitle: g.Strategy.Summary,
						Text:     g.Strategy.Name + ": " + g.counts(),
					})
					headed = true
				}
				cards = append(cards, p.card(g.Strategy, loc))
			}
			i++
		}
	}
	return cards
}

// maxVoices is how many of the most recognised new voices a summary names.
const maxVoices = 10

// summaryReply summarises a digest too large to list: the counts of each
// strategy, the most recognised people with new positions, and where the
// rest is.
func (d Digest) summaryReply(title string) bot.Reply {
	groups := append([]Group(nil), d.Groups...)
	sort.SliceStable(groups, func(i, j int) bool { return len(groups[i].Positions) > len(groups[j].Positions) })
	var lines []string
	for _, g := range groups {
		lines = append(lines, fmt.Sprintf("%s: %s (%s)", g.Strategy.Name, plural(len(g.Positions), "position"), g.counts()))
	}
	cards := []bot.Card{
		{Title: title, Text: d.summary() + fmt.Sprintf(" That is more than %d, so this digest sums them up. ", MaxListed) + countedNote},
		{Title: "Positions by strategy", Text: strings.Join(lines, "\n")},
	}
	if voices := d.voices(maxVoices); len(voices) > 0 {
		cards = append(cards, bot.Card{Title: "Most recognised new voices", Text: strings.Join(voices, "\n")})
	}
	cards = append(cards, bot.Card{Title: "The rest",
		Text: "/person NAME shows anyone's positions with their sources, and /whoendorses STRATEGY a strategy's whole record. " +
			fmt.Sprintf("Until the next digest, /digest preview page:N lists what it will hold, %d positions a page.", PageSize)})
	return bot.Reply{Visibility: bot.Public, Cards: cards}
}

// voices lists the most recognised people with positions in the digest
// (by recognition tier, then by how many positions, then by name), at most
// n, each with their recognition and what they hold.
func (d Digest) voices(n int) []string {
	type voice struct {
		person bot.Person
		held   []string
	}
	byID := map[string]*voice{}
	var order []*voice
	for _, g := range d.Groups {
		for _, p := range g.Positions {
			if p.Kind == RetractedStance {
				continue // no new voice: its source no longer holds it
			}
			v := byID[p.Person.ID]
			if v == nil {
				v = &voice{person: p.Person}
				byID[p.Person.ID] = v
				order = append(order, v)
			}
			if p.Stance.Kind != "" {
				v.held = append(v.held, stanceVerb(p.Stance.Kind)+" "+g.Strategy.Name)
			} else {
				v.held = append(v.held, "new words on "+g.Strategy.Name)
			}
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if ra, rb := a.person.Recognition.Rank(), b.person.Recognition.Rank(); ra != rb {
			return ra < rb
		}
		if len(a.held) != len(b.held) {
			return len(a.held) > len(b.held)
		}
		return bot.Fold(a.person.Name) < bot.Fold(b.person.Name)
	})
	var out []string
	for _, v := range order[:min(n, len(order))] {
		name := v.person.Name
		if name == "" {
			name = v.person.ID
		}
		tier := v.person.Recognition.Label()
		if tier == "" {
			tier = "recognition not on record"
		}
		held := v.held
		more := ""
		if len(held) > 3 {
			more = fmt.Sprintf("; %d more", len(held)-3)
			held = held[:3]
		}
		out = append(out, fmt.Sprintf("%s (%s): %s%s", name, tier, strings.Join(held, ", "), more))
	}
	return out
}

// summary is one line counting the digest's positions by kind.
func (d Digest) summary() string {
	var n [4]int
	for _, g := range d.Groups {
		for _, p := range g.Positions {
			switch p.Kind {
			case NewStance:
				n[0]++
			case ChangedStance:
				n[1]++
			case RetractedStance:
				n[2]++
			case NewQuote:
				n[3]++
			}
		}
	}
	var parts []string
	for i, unit := range [4]string{"new stance", "changed stance", "retracted stance", "new quote"} {
		if n[i] > 0 {
			parts = append(parts, plural(n[i], unit))
		}
	}
	return fmt.Sprintf("%s recorded since the last digest: %s, on %s.",
		plural(d.Len(), "position"), joinWith(parts, "and"), plural(len(d.Groups), "strategy"))
}

// countedNote says what the counts beside each strategy count (the kinds
// bot.Stance.IsStatedEndorser and bot.StanceKind.IsOpposer take), and what
// their change is measured from.
var countedNote = "Beside each strategy: its stated endorsers (" + kindsWhere(bot.StanceKind.IsEndorser) +
	", not tentative) and its opposers (" + kindsWhere(bot.StanceKind.IsOpposer) +
	"), each with its change since the last digest."

// kindsWhere lists the stance kinds that match, for reading: "opposes or
// evolved away".
func kindsWhere(match func(bot.StanceKind) bool) string {
	var labels []string
	for _, k := range bot.StanceKinds {
		if match(k) {
			labels = append(labels, stanceLabel(k))
		}
	}
	return joinWith(labels, "or")
}

// counts is the strategy's counts line: "39 stated endorsers, +1".
func (g Group) counts() string {
	s := fmt.Sprintf("%s, %s", plural(g.Endorsers, "stated endorser"), delta(g.EndorsersDelta))
	if g.Opposers > 0 || g.OpposersDelta != 0 {
		s += fmt.Sprintf("; %s, %s", plural(g.Opposers, "opposer"), delta(g.OpposersDelta))
	}
	return s
}

// card is one position's card.
func (p Position) card(strategy bot.Strategy, loc *time.Location) bot.Card {
	name := p.Person.Name
	if name == "" {
		name = p.Person.ID
	}
	c := bot.Card{Subtitle: p.Person.Role}
	switch p.Kind {
	case NewStance:
		c.Title = fmt.Sprintf("New: %s %s %s", name, stanceVerb(p.Stance.Kind), strategy.Name)
		c.Text = p.Stance.Summary
		c.Footer = recorded(p.Stance, loc)
	case ChangedStance:
		c.Title = fmt.Sprintf("Changed: %s on %s: %s -> %s", name, strategy.Name,
			heldLabel(*p.Was), heldLabel(p.Stance))
		// Whether it is tentative now is said below, as on every card.
		c.Text = was(*p.Was, loc) + "\n" + fmt.Sprintf("Now %s (recorded %s): %s", stanceLabel(p.Stance.Kind),
			day(p.Stance.RecordedAt, loc), orNone(p.Stance.Summary))
	case RetractedStance:
		c.Title = fmt.Sprintf("Retracted: %s on %s: %s", name, strategy.Name, heldLabel(*p.Was))
		c.Text = was(*p.Was, loc) + "\nIts source no longer holds it (retracted " + day(p.Stance.RecordedAt, loc) + ")."
	case NewQuote:
		c.Title = fmt.Sprintf("New quote: %s on %s", name, strategy.Name)
		if p.Stance.Kind != "" {
			c.Text = fmt.Sprintf("%s %s: %s", name, stanceVerb(p.Stance.Kind), orNone(p.Stance.Summary))
		}
	}
	if p.Stance.Tentative {
		c.Text = strings.TrimPrefix(c.Text+"\nThe stance is "+bot.TentativeNote+".", "\n")
	}
	for _, v := range p.Quotes {
		v.Stance = nil // the card shows the stance
		c.Quotes = append(c.Quotes, bot.QuoteViewBlock(v))
	}
	return c
}

// was writes the stance a position had before the digest's range.
func was(st bot.Stance, loc *time.Location) string {
	mark := ""
	if st.Tentative {
		mark = "tentative; "
	}
	return fmt.Sprintf("Was %s (%srecorded %s): %s", stanceLabel(st.Kind), mark, day(st.RecordedAt, loc), orNone(st.Summary))
}

// heldLabel writes a stance kind with its tentativeness: "endorses
// (tentative)".
func heldLabel(st bot.Stance) string {
	return bot.TentativeLabel(stanceLabel(st.Kind), st.Tentative)
}

// stanceLabel writes a stance kind for reading: "evolved toward".
func stanceLabel(k bot.StanceKind) string {
	if k == "" {
		return "no stance"
	}
	return strings.ReplaceAll(string(k), "-", " ")
}

// stanceVerb writes a stance kind as what the person does: "endorses",
// "is mixed on", "evolved toward".
func stanceVerb(k bot.StanceKind) string {
	switch k {
	case bot.StanceMixed:
		return "is mixed on"
	case bot.StanceConditional:
		return "conditionally endorses"
	}
	return stanceLabel(k)
}

// recorded says when a stance arrived here and when the board recorded it.
func recorded(st bot.Stance, loc *time.Location) string {
	board := "the board's recording date is not on record"
	if !st.SourceTime.IsZero() {
		board = "on the board since " + st.SourceTime.In(loc).Format(DateLayout)
	}
	return "Arrived " + day(st.RecordedAt, loc) + " · " + board
}

func day(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "on an unknown date"
	}
	return t.In(loc).Format(DateLayout)
}

func orNone(s string) string {
	if s == "" {
		return "(no summary on record)"
	}
	return s
}

func delta(n int) string {
	if n == 0 {
		return "no change"
	}
	return fmt.Sprintf("%+d", n)
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	if strings.HasSuffix(unit, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(unit, "y"))
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// joinWith joins parts with commas and conjunction before the last:
// "a, b and c".
func joinWith(parts []string, conjunction string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " " + conjunction + " " + parts[len(parts)-1]
}
