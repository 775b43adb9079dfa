package atlas

import (
	"fmt"

	"github.com/stancebot/stancebot/bot"
)

// Merge is a person merged into another upstream: an id that disappeared
// between two commits while its positions reappeared under another id.
type Merge struct {
	From, Into string // person ids, as the board writes them
	Positions  int    // positions of From found again under Into
}

func (m Merge) String() string {
	return fmt.Sprintf("person %s is now %s (%d of its positions moved)", m.From, m.Into, m.Positions)
}

// Merges finds the people of old that new no longer holds and whose
// positions (a strategy with the same summary, or a quote with the same
// text) new holds under another person who did not hold them in old. Both
// datasets are as the board writes them (before MatchStore).
func Merges(old, new bot.Dataset) []Merge {
	inNew := map[string]bool{}
	for _, p := range new.People {
		inNew[p.ID] = true
	}
	// what each position and quote is known by, apart from its person
	type key struct{ strategy, text string }
	held := func(ds bot.Dataset) map[key]map[string]bool {
		m := map[key]map[string]bool{}
		add := func(k key, person string) {
			if m[k] == nil {
				m[k] = map[string]bool{}
			}
			m[k][person] = true
		}
		for _, s := range ds.Stances {
			add(key{s.StrategyID, "summary\x00" + bot.OneLine(s.Summary)}, s.PersonID)
		}
		for _, q := range ds.Quotes {
			add(key{q.StrategyID, "quote\x00" + bot.OneLine(q.Text)}, q.PersonID)
		}
		return m
	}
	oldHeld, newHeld := held(old), held(new)
	var out []Merge
	for _, p := range old.People {
		if inNew[p.ID] {
			continue
		}
		moved := map[string]map[string]bool{} // into -> strategies moved
		var order []string
		for k, people := range oldHeld {
			if !people[p.ID] {
				continue
			}
			for into := range newHeld[k] {
				if oldHeld[k][into] {
					continue // held it already
				}
				if moved[into] == nil {
					moved[into] = map[string]bool{}
					order = append(order, into)
				}
				moved[into][k.strategy] = true
			}
		}
		best := ""
		for _, into := range order {
			if best == "" || len(moved[into]) > len(moved[best]) || (len(moved[into]) == len(moved[best]) && into < best) {
				best = into
			}
		}
		if best != "" {
			out = append(out, Merge{From: p.ID, Into: best, Positions: len(moved[best])})
		}
	}
	return out
}
