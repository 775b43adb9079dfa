package digest

import (
	"fmt"
	"strings"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// Reply renders the digest as public cards: a header card titled title, then
// for each strategy a card with its counts followed by one card per
// position. Dates are shown in loc. The adapters split the cards into as
// many messages as their platform needs.
func (d Digest) Reply(title string, loc *time.Location) bot.Reply {
	cards := []bot.Card{{
		Title: title,
		Text:  d.summary(),
	}}
	for _, g := range d.Groups {
		cards = append(cards, bot.Card{
			Title:    g.Strategy.Name,
			Subtitle: g.Strategy.Summary,
			Text:     g.Strategy.Name + ": " + g.counts(),
		})
		for _, p := range g.Positions {
			cards = append(cards, p.card(g.Strategy, loc))
		}
	}
	return bot.Reply{Visibility: bot.Public, Cards: cards}
}

// summary is one line counting the digest's positions by kind.
func (d Digest) summary() string {
	var n [3]int
	for _, g := range d.Groups {
		for _, p := range g.Positions {
			switch p.Kind {
			case NewStance:
				n[0]++
			case ChangedStance:
				n[1]++
			case NewQuote:
				n[2]++
			}
		}
	}
	var parts []string
	for i, unit := range [3]string{"new stance", "changed stance", "new quote"} {
		if n[i] > 0 {
			parts = append(parts, plural(n[i], unit))
		}
	}
	return fmt.Sprintf("%s recorded since the last digest: %s, on %s.",
		plural(d.Len(), "position"), joinAnd(parts), plural(len(d.Groups), "strategy"))
}

// counts is the strategy's counts line: "39 endorsers, +1".
func (g Group) counts() string {
	s := fmt.Sprintf("%s, %s", plural(g.Endorsers, "endorser"), delta(g.EndorsersDelta))
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
		c.Footer = "Recorded " + day(p.Stance.RecordedAt, loc)
	case ChangedStance:
		c.Title = fmt.Sprintf("Changed: %s on %s: %s -> %s", name, strategy.Name,
			stanceLabel(p.Was.Kind), stanceLabel(p.Stance.Kind))
		c.Text = fmt.Sprintf("Was %s (recorded %s): %s\nNow %s (recorded %s): %s",
			stanceLabel(p.Was.Kind), day(p.Was.RecordedAt, loc), orNone(p.Was.Summary),
			stanceLabel(p.Stance.Kind), day(p.Stance.RecordedAt, loc), orNone(p.Stance.Summary))
	case NewQuote:
		c.Title = fmt.Sprintf("New quote: %s on %s", name, strategy.Name)
		if p.Stance.Kind != "" {
			c.Text = fmt.Sprintf("%s %s: %s", name, stanceVerb(p.Stance.Kind), orNone(p.Stance.Summary))
		}
	}
	for _, v := range p.Quotes {
		v.Stance = nil // the card shows the stance
		c.Quotes = append(c.Quotes, bot.QuoteViewBlock(v))
	}
	return c
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

func joinAnd(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
