package atlas

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/stancebot/stancebot/bot"
)

// Times say when the board first recorded each person, position, quote and
// p(doom) claim: the committer time of the oldest commit that held it.
type Times struct {
	people, stances, quotes, pdoom map[string]time.Time
	// Commits is how many commits the walk looked at; Evaluated how many
	// distinct data states it evaluated; Skipped those whose modules did
	// not load (an older layout), which record nothing.
	Commits, Evaluated, Skipped int
}

// History walks the commits reachable from upTo, oldest first, and finds
// when each entity was first recorded. A commit that holds the same blobs
// as the last commit evaluated at every path that evaluation read is not
// evaluated again (its data are the same); one whose modules do not load
// is skipped.
func History(ctx context.Context, repo *Repo, upTo Commit, lim Limits) (*Times, error) {
	iter, err := repo.repo.Log(&git.LogOptions{From: upTo.c.Hash})
	if err != nil {
		return nil, fmt.Errorf("walk the history of %s: %w", upTo.Short(), err)
	}
	var commits []*object.Commit
	err = iter.ForEach(func(c *object.Commit) error {
		commits = append(commits, c)
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("walk the history of %s: %w", upTo.Short(), err)
	}
	// oldest first; the walk gave parents after children
	sort.SliceStable(commits, func(i, j int) bool {
		return commits[i].Committer.When.Before(commits[j].Committer.When)
	})
	t := &Times{people: map[string]time.Time{}, stances: map[string]time.Time{}, quotes: map[string]time.Time{},
		pdoom: map[string]time.Time{}, Commits: len(commits)}
	var last map[string]plumbing.Hash // the paths the last evaluation read
	for _, c := range commits {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tree, err := c.Tree()
		if err != nil {
			return nil, fmt.Errorf("commit %s: read tree: %w", c.Hash, err)
		}
		if last != nil && sameFiles(tree, last) {
			continue
		}
		commit := newCommit(c)
		data, files, err := repo.readJSON(ctx, commit, lim, peopleEntrySource)
		var me *ModuleError
		if errors.As(err, &me) {
			t.Skipped++
			last = nil
			continue
		}
		if err != nil {
			return nil, err
		}
		last = files
		b, err := decode(data)
		if err != nil {
			t.Skipped++
			continue
		}
		t.Evaluated++
		conv := converter{}
		for _, p := range b.People {
			t.record(conv.people(p), commit.Time)
		}
	}
	return t, nil
}

// personEntities is one board person as the entities Times keys.
type personEntities struct {
	person  bot.Person
	stances []bot.Stance
	quotes  []bot.Quote
}

// people converts one person with their positions, on the tags' slugs.
func (c *converter) people(p Person) personEntities {
	e := personEntities{person: c.person(p)}
	for _, pos := range p.Positions {
		st, quotes, ok := c.position(e.person.ID, pos)
		if ok {
			e.stances = append(e.stances, st)
			e.quotes = append(e.quotes, quotes...)
		}
	}
	return e
}

// record notes at as the first time of every entity not seen before.
func (t *Times) record(e personEntities, at time.Time) {
	first := func(m map[string]time.Time, k string) {
		if _, ok := m[k]; !ok {
			m[k] = at
		}
	}
	first(t.people, e.person.ID)
	for _, c := range e.person.PDoomClaims {
		first(t.pdoom, pdoomKey(e.person.ID, c))
	}
	for _, s := range e.stances {
		first(t.stances, s.PersonID+"\x00"+s.StrategyID)
	}
	for _, q := range e.quotes {
		first(t.quotes, bot.QuoteID(q.PersonID, q.StrategyID, q.Text))
	}
}

// pdoomKey identifies a p(doom) claim: its person, value and source.
func pdoomKey(personID string, c bot.PDoomClaim) string {
	return personID + "\x00" + strconv.FormatFloat(c.Low, 'g', -1, 64) + "\x00" +
		strconv.FormatFloat(c.High, 'g', -1, 64) + "\x00" + c.Source.URL + "\x00" + c.Source.Title
}

// Apply sets the SourceTime of every entity of ds (as the board writes its
// ids: before MatchStore) that the history recorded; the others keep
// theirs (zero: the time of the commit imported).
func (t *Times) Apply(ds *bot.Dataset) {
	for i := range ds.People {
		p := &ds.People[i]
		p.SourceTime = t.people[p.ID]
		for j := range p.PDoomClaims {
			p.PDoomClaims[j].SourceTime = t.pdoom[pdoomKey(p.ID, p.PDoomClaims[j])]
		}
	}
	for i := range ds.Stances {
		s := &ds.Stances[i]
		s.SourceTime = t.stances[s.PersonID+"\x00"+s.StrategyID]
	}
	for i := range ds.Quotes {
		q := &ds.Quotes[i]
		q.SourceTime = t.quotes[q.ID]
	}
}
