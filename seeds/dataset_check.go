package seeds

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/stancebot/stancebot/bot"
)

// checkDataset checks what a dataset says, entry by entry in order: ids
// are slugs and unique, tiers, kinds, fidelities and dates are known
// values, and every stance, quote and story refers to a person, strategy
// or quote of the dataset. The first problem is returned with its entry.
func checkDataset(ds bot.Dataset) *entryError {
	c := &checker{strategies: map[string]bool{}, people: map[string]bool{}, quotes: map[string]bool{}}
	if b := ds.Board; b != nil {
		w := where{file: boardFile}
		if strings.TrimSpace(b.Name) == "" {
			return c.fail(w, "name", "the board has no name")
		}
		if b.ProfiledTotal < 0 {
			return c.fail(w, "profiled_total", "profiled_total %d is negative", b.ProfiledTotal)
		}
	}
	canonical := map[string]bool{}
	for i, cs := range ds.Canonical {
		w := where{file: canonicalFile, table: canonicalTable, index: i}
		if err := c.id(w, "canonical strategy", cs.ID, canonical); err != nil {
			return err
		}
		if err := bot.CheckCanonical(cs); err != nil {
			return c.fail(w, "", "%v", err)
		}
	}
	for i, s := range ds.Strategies {
		if err := c.strategy(where{file: strategiesFile, table: strategyTable, index: i}, s); err != nil {
			return err
		}
	}
	for i, p := range ds.People {
		if err := c.person(where{file: peopleFile, table: personTable, index: i}, p); err != nil {
			return err
		}
	}
	stances := map[[2]string]bool{}
	for i, s := range ds.Stances {
		w := where{file: stancesFile, table: stanceTable, index: i}
		if err := c.refs(w, s.PersonID, s.StrategyID); err != nil {
			return err
		}
		if !slices.Contains(bot.StanceKinds, s.Kind) {
			return c.fail(w, "kind", "unknown stance kind %q (want %s)", s.Kind, oneOf(bot.StanceKinds))
		}
		if s.Order < 0 {
			return c.fail(w, "order", "stance of %q on %q: order %d is negative", s.PersonID, s.StrategyID, s.Order)
		}
		k := [2]string{s.PersonID, s.StrategyID}
		if stances[k] {
			return c.fail(w, "", "a second stance of %q on %q", s.PersonID, s.StrategyID)
		}
		stances[k] = true
	}
	for i, q := range ds.Quotes {
		if err := c.quote(where{file: quotesFile, table: quoteTable, index: i}, q); err != nil {
			return err
		}
	}
	stated := map[string]bool{}
	for i, a := range ds.Stated {
		w := where{file: statedFile, table: statedTable, index: i}
		switch {
		case !c.strategies[a.StrategyID]:
			return c.fail(w, "strategy", "strategy %q is not in %s", a.StrategyID, strategiesFile)
		case stated[a.StrategyID]:
			return c.fail(w, "strategy", "a second [[stated]] for strategy %q", a.StrategyID)
		}
		stated[a.StrategyID] = true
		if err := bot.CheckStated(a); err != nil {
			return c.fail(w, "", "%v", err)
		}
		for _, id := range a.People {
			if !c.people[id] {
				return c.fail(w, "people", "person %q is not in %s", id, peopleFile)
			}
		}
	}
	stories := map[string]bool{}
	for i, s := range ds.Stories {
		w := where{file: storiesFile, table: storyTable, index: i}
		if err := c.id(w, "story", s.ID, stories); err != nil {
			return err
		}
		if strings.TrimSpace(s.Headline) == "" {
			return c.fail(w, "headline", "story %q has no headline", s.ID)
		}
		if !c.quotes[s.QuoteID] {
			return c.fail(w, "quote", "story %q: quote %q is not in %s", s.ID, s.QuoteID, quotesFile)
		}
		for j, r := range s.Replies {
			for _, h := range r.To {
				if strings.TrimSpace(h) == "" {
					rw := w
					rw.sub, rw.subIndex = replyTable, j
					return c.fail(rw, "to", "story %q: a reply is addressed to an empty handle", s.ID)
				}
			}
		}
	}
	return nil
}

// checker remembers the ids seen so far.
type checker struct {
	strategies, people, quotes map[string]bool
}

func (c *checker) fail(w where, key, format string, args ...any) *entryError {
	w.key = key
	return &entryError{at: w, msg: fmt.Sprintf(format, args...)}
}

// id checks that an entry's id is a new slug.
func (c *checker) id(w where, what, id string, seen map[string]bool) *entryError {
	switch {
	case id == "":
		return c.fail(w, "id", "%s has no id", what)
	case bot.Slug(id) != id:
		return c.fail(w, "id", "%s id %q is not a slug (want %q)", what, id, bot.Slug(id))
	case seen[id]:
		return c.fail(w, "id", "a second %s with id %q", what, id)
	}
	seen[id] = true
	return nil
}

func (c *checker) strategy(w where, s bot.Strategy) *entryError {
	if err := c.id(w, "strategy", s.ID, c.strategies); err != nil {
		return err
	}
	if strings.TrimSpace(s.Name) == "" {
		return c.fail(w, "name", "strategy %q has no name", s.ID)
	}
	return c.aliases(w, s.ID, s.Aliases)
}

func (c *checker) person(w where, p bot.Person) *entryError {
	if err := c.id(w, "person", p.ID, c.people); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(p.Name) == "":
		return c.fail(w, "name", "person %q has no name", p.ID)
	case p.Expertise != "" && !slices.Contains(bot.Expertises, p.Expertise):
		return c.fail(w, "expertise", "person %q: unknown expertise %q (want %s)", p.ID, p.Expertise, oneOf(bot.Expertises))
	case p.Recognition != "" && !slices.Contains(bot.Recognitions, p.Recognition):
		return c.fail(w, "recognition", "person %q: unknown recognition %q (want %s)", p.ID, p.Recognition, oneOf(bot.Recognitions))
	case p.Vintage != "" && !slices.Contains(bot.Vintages, p.Vintage):
		return c.fail(w, "vintage", "person %q: unknown vintage %q (want %s)", p.ID, p.Vintage, oneOf(bot.Vintages))
	case p.Order < 0:
		return c.fail(w, "order", "person %q: order %d is negative", p.ID, p.Order)
	}
	for j, a := range p.Affiliations {
		if err := bot.CheckAffiliation(a); err != nil {
			return c.failSub(w, affiliationTable, j, "org", "person %q: %v", p.ID, err)
		}
	}
	for j, cl := range p.PDoomClaims {
		if err := bot.CheckPDoomClaim(cl); err != nil {
			return c.failSub(w, pdoomTable, j, "", "person %q: %v", p.ID, err)
		}
	}
	for j, cl := range p.Timelines {
		if err := bot.CheckTimeline(cl); err != nil {
			return c.failSub(w, timelineTable, j, "", "person %q: %v", p.ID, err)
		}
	}
	return c.aliases(w, p.ID, p.Aliases)
}

// failSub is fail at the j-th [[table.sub]] of the entry at w.
func (c *checker) failSub(w where, sub string, j int, key, format string, args ...any) *entryError {
	w.sub, w.subIndex = sub, j
	return c.fail(w, key, format, args...)
}

func (c *checker) aliases(w where, id string, aliases []string) *entryError {
	for _, a := range aliases {
		if strings.TrimSpace(a) == "" || strings.ContainsFunc(a, unicode.IsControl) {
			return c.fail(w, "aliases", "%q: alias %q is empty or has control characters", id, a)
		}
	}
	return nil
}

// refs checks that a person and a strategy are in the dataset.
func (c *checker) refs(w where, personID, strategyID string) *entryError {
	if !c.people[personID] {
		return c.fail(w, "person", "person %q is not in %s", personID, peopleFile)
	}
	if !c.strategies[strategyID] {
		return c.fail(w, "strategy", "strategy %q is not in %s", strategyID, strategiesFile)
	}
	return nil
}

func (c *checker) quote(w where, q bot.Quote) *entryError {
	if err := c.refs(w, q.PersonID, q.StrategyID); err != nil {
		return err
	}
	id := quoteID(q)
	switch {
	case strings.TrimSpace(q.Text) == "":
		return c.fail(w, "text", "quote of %q has no text", q.PersonID)
	case q.ID != "" && q.ID != id:
		return c.fail(w, "id", "quote id %q does not match its person, strategy and text (want %q)", q.ID, id)
	case !slices.Contains(bot.Fidelities, q.Fidelity):
		return c.fail(w, "fidelity", "quote of %q: unknown fidelity %q (want %s)", q.PersonID, q.Fidelity, oneOf(bot.Fidelities))
	case c.quotes[id]:
		return c.fail(w, "text", "a second quote of %q on %q with this text", q.PersonID, q.StrategyID)
	}
	if d := q.Source.Date; !d.IsZero() {
		if parsed, err := bot.ParseDate(d.String()); err != nil || parsed != d {
			return c.fail(w, "date", "quote of %q: invalid date %04d-%02d-%02d", q.PersonID, d.Year, d.Month, d.Day)
		}
	}
	if err := bot.CheckSource(q.Source); err != nil {
		return c.fail(w, "", "quote of %q: %v", q.PersonID, err)
	}
	c.quotes[id] = true
	return nil
}

// oneOf lists the allowed values: "a", "b" or "c".
func oneOf[T ~string](values []T) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return joinOr(quoted)
}
