package atlas

import (
	"fmt"
	"slices"

	"github.com/stancebot/stancebot/bot"
)

// Match is one board entity that the store holds under another id.
type Match struct {
	Kind    string // "strategy" or "person"
	BoardID string
	StoreID string
	By      string // "name" or "alias": what matched
}

func (m Match) String() string {
	return fmt.Sprintf("%s %s is the store's %s (same %s)", m.Kind, m.BoardID, m.StoreID, m.By)
}

// MatchReport says how a board dataset was matched onto a store.
type MatchReport struct {
	Matched []Match // board entities stored under another id, in board order
	// StoreOnly are the store's strategies and people that match nothing
	// on the board ("strategy open-source", "person thomas-wolf"); they
	// are left as they are.
	StoreOnly []string
	// Ambiguous are board entities whose name or alias matches more than
	// one stored entity; they are imported under their own id.
	Ambiguous []string
}

// MatchStore maps the board's ids onto the ids a store already uses, so
// that importing the board into a store that holds some of it (the
// embedded seed, an earlier import) merges and never duplicates. A board
// strategy or person is matched by id, then by its folded name or any of
// its aliases against the stored names and aliases; a matched entity keeps
// the store's id and gains the board's id (and a stored name that
// differs) as an alias, so both find it. Stances and quotes follow their
// person and strategy, and quote ids are derived again.
func MatchStore(ds bot.Dataset, cat bot.Catalog) (bot.Dataset, MatchReport) {
	var rep MatchReport
	out := ds
	out.Strategies = slices.Clone(ds.Strategies)
	out.People = slices.Clone(ds.People)
	out.Stances = slices.Clone(ds.Stances)
	out.Quotes = slices.Clone(ds.Quotes)

	stored := make([]named, len(cat.Strategies))
	for i, s := range cat.Strategies {
		stored[i] = named{s.ID, s.Name, s.Aliases}
	}
	board := make([]named, len(out.Strategies))
	for i, s := range out.Strategies {
		board[i] = named{s.ID, s.Name, s.Aliases}
	}
	strategyIDs, aliases := match("strategy", board, stored, &rep)
	for i := range out.Strategies {
		s := &out.Strategies[i]
		s.ID, s.Aliases = strategyIDs[s.ID], aliases[i]
	}

	stored = make([]named, len(cat.People))
	for i, p := range cat.People {
		stored[i] = named{p.ID, p.Name, p.Aliases}
	}
	board = make([]named, len(out.People))
	for i, p := range out.People {
		board[i] = named{p.ID, p.Name, p.Aliases}
	}
	personIDs, aliases := match("person", board, stored, &rep)
	for i := range out.People {
		p := &out.People[i]
		p.ID, p.Aliases = personIDs[p.ID], aliases[i]
	}

	for i := range out.Stances {
		s := &out.Stances[i]
		s.PersonID, s.StrategyID = mapped(personIDs, s.PersonID), mapped(strategyIDs, s.StrategyID)
	}
	for i := range out.Quotes {
		q := &out.Quotes[i]
		q.PersonID, q.StrategyID = mapped(personIDs, q.PersonID), mapped(strategyIDs, q.StrategyID)
	}
	setQuoteIDs(&out)
	return out, rep
}

// named is what matching looks at: an id, a name and aliases.
type named struct {
	id, name string
	aliases  []string
}

// match maps each board entity's id onto a stored one (its own id when none
// matches) and returns, for each, the aliases it is imported with: its
// own, the stored entity's, the board id and the stored name when they
// differ. Each stored entity takes at most one board entity.
func match(kind string, board, stored []named, rep *MatchReport) (map[string]string, [][]string) {
	byID := map[string]int{}
	byKey := map[string][]int{} // folded name or alias -> stored entities
	for i, s := range stored {
		byID[s.id] = i
		keys := append([]string{s.name}, s.aliases...)
		for _, k := range dedupeFolded(keys) {
			byKey[k] = append(byKey[k], i)
		}
	}
	ids := make(map[string]string, len(board))
	aliases := make([][]string, len(board))
	taken := map[int]bool{}
	var pending []int // board entities not matched by id
	for i, b := range board {
		if j, ok := byID[b.id]; ok {
			taken[j] = true
			ids[b.id] = b.id
			aliases[i] = mergeAliases(b, stored[j])
			continue
		}
		pending = append(pending, i)
	}
	for _, i := range pending {
		b := board[i]
		ids[b.id], aliases[i] = b.id, slices.Clone(b.aliases)
		found, by := -1, ""
		ambiguous := false
		for n, k := range append([]string{b.name, b.id}, b.aliases...) {
			cands := byKey[bot.Fold(k)]
			var free []int
			for _, j := range cands {
				if !taken[j] {
					free = append(free, j)
				}
			}
			if len(free) > 1 {
				ambiguous = true
				break
			}
			if len(free) == 1 {
				found, by = free[0], "alias"
				if n == 0 {
					by = "name"
				}
				break
			}
		}
		if ambiguous {
			rep.Ambiguous = append(rep.Ambiguous, fmt.Sprintf("%s %s (%s) matches more than one stored %s: imported as its own", kind, b.id, b.name, kind))
			continue
		}
		if found < 0 {
			continue
		}
		s := stored[found]
		taken[found] = true
		ids[b.id] = s.id
		aliases[i] = mergeAliases(b, s)
		rep.Matched = append(rep.Matched, Match{Kind: kind, BoardID: b.id, StoreID: s.id, By: by})
	}
	for j, s := range stored {
		if !taken[j] {
			rep.StoreOnly = append(rep.StoreOnly, kind+" "+s.id)
		}
	}
	return ids, aliases
}

// mergeAliases is the aliases a board entity stored as s is imported with.
func mergeAliases(b, s named) []string {
	all := slices.Clone(b.aliases)
	all = append(all, s.aliases...)
	if b.id != s.id {
		all = append(all, b.id)
	}
	if bot.Fold(s.name) != bot.Fold(b.name) {
		all = append(all, s.name)
	}
	var out []string
	seen := map[string]bool{bot.Fold(b.name): true}
	for _, a := range all {
		if k := bot.Fold(a); !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	return out
}

// dedupeFolded is the distinct folded forms of keys.
func dedupeFolded(keys []string) []string {
	var out []string
	for _, k := range keys {
		if f := bot.Fold(k); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func mapped(ids map[string]string, id string) string {
	if to, ok := ids[id]; ok {
		return to
	}
	return id
}
