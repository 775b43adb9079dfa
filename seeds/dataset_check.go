package seeds

import (
	"fmt"
	"math"
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
	case p.PDoom != nil && (math.IsNaN(p.PDoom.Percent) || p.PDoom.Percent < 0 || p.PDoom.Percent > 100):
		return c.fail(w, "pdoom", "person %q: p(doom) %v is not a percentage from 0 to 100", p.ID, p.PDoom.Percent)
	}
	return c.aliases(w, p.ID, p.Aliases)
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
