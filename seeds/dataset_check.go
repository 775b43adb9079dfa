package seeds

import (
	"errors"
	"fmt"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// checkDataset checks what a dataset says, entry by entry in order: ids
// are slugs and unique, tiers, kinds, fidelities and dates are known
// values, and every stance, quote and story refers to a person, strategy
// or quote of the dataset. The first problem is returned with its entry.
func checkDataset(ds bot.Dataset) *entryError {
	c := &checker{strategies: map[string]bool{}, people: map[string]bool{}, quotes: map[string]bool{}}
	if b := ds.Board; b != nil {
		if err := c.check(where{file: boardFile}, bot.CheckBoard(*b)); err != nil {
			return err
		}
	}
	canonical := map[string]bool{}
	for i, cs := range ds.Canonical {
		w := where{file: canonicalFile, table: canonicalTable, index: i}
		if err := bot.CheckCanonical(cs); err != nil {
			return c.fail(w, "", "%v", err)
		}
		if err := c.id(w, "canonical strategy", cs.ID, canonical); err != nil {
			return err
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
		if err := c.check(w, bot.CheckStance(s)); err != nil {
			return err
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
		if err := c.check(w, bot.CheckStory(s)); err != nil {
			return err
		}
		if err := c.id(w, "story", s.ID, stories); err != nil {
			return err
		}
		// A dataset's story has a headline, which a thread export may lack.
		if strings.TrimSpace(s.Headline) == "" {
			return c.fail(w, "headline", "story %q has no headline", s.ID)
		}
		if !c.quotes[s.QuoteID] {
			return c.fail(w, "quote", "story %q: quote %q is not in %s", s.ID, s.QuoteID, quotesFile)
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

// check turns a domain check's problem into the entry's error, at its
// field (in one of its lists: at that element).
func (c *checker) check(w where, err error) *entryError {
	if err == nil {
		return nil
	}
	var ee *bot.EntryError
	if !errors.As(err, &ee) {
		return c.fail(w, "", "%v", err)
	}
	if ee.List != "" {
		return c.failSub(w, ee.List, ee.Index, ee.Field, "%s", ee.Message)
	}
	return c.fail(w, ee.Field, "%s", ee.Message)
}

// id checks that an entry's id (a slug: the domain's checks) is new.
func (c *checker) id(w where, what, id string, seen map[string]bool) *entryError {
	if seen[id] {
		return c.fail(w, "id", "a second %s with id %q", what, id)
	}
	seen[id] = true
	return nil
}

func (c *checker) strategy(w where, s bot.Strategy) *entryError {
	if err := c.check(w, bot.CheckStrategy(s)); err != nil {
		return err
	}
	return c.id(w, "strategy", s.ID, c.strategies)
}

func (c *checker) person(w where, p bot.Person) *entryError {
	if err := c.check(w, bot.CheckPerson(p)); err != nil {
		return err
	}
	return c.id(w, "person", p.ID, c.people)
}

// failSub is fail at the j-th [[table.sub]] of the entry at w.
func (c *checker) failSub(w where, sub string, j int, key, format string, args ...any) *entryError {
	w.sub, w.subIndex = sub, j
	return c.fail(w, key, format, args...)
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
	if err := c.check(w, bot.CheckQuote(q)); err != nil {
		return err
	}
	id := quoteID(q)
	if c.quotes[id] {
		return c.fail(w, "text", "a second quote of %q on %q with this text", q.PersonID, q.StrategyID)
	}
	c.quotes[id] = true
	return nil
}
