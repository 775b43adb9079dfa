package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// catalogRecheck is how often Autocomplete asks the store whether the
// cached catalog is stale; commands always ask.
const catalogRecheck = 2 * time.Second

// catalogCache holds the in-memory catalog, rebuilt when the store's
// Version advances.
type catalogCache struct {
	mu   sync.Mutex // serialises rebuilds
	snap atomic.Pointer[catalogSnapshot]
}

// catalogSnapshot is the catalog at one store version, with its name indexes.
type catalogSnapshot struct {
	version    int64
	checked    atomic.Int64 // unix nanoseconds of the last freshness check
	strategies []Strategy   // by id
	people     []Person     // by id
	strategyIx *nameIndex
	personIx   *nameIndex

	countsMu sync.Mutex
	counts   map[string]stanceCounts // strategy id -> counts, for /strategies; nil until computed

	storiesMu sync.Mutex
	storyOf   map[string][]string // quote id -> ids of the stories it is the post of; nil until read
}

// stanceCounts counts a strategy's endorsers and opposers.
type stanceCounts struct{ endorsers, opposers int }

func newCatalogSnapshot(c Catalog) *catalogSnapshot {
	s := &catalogSnapshot{
		version:    c.Version,
		strategies: sortedByID(c.Strategies, func(st Strategy) string { return st.ID }),
		people:     sortedByID(c.People, func(p Person) string { return p.ID }),
	}
	s.strategyIx = newNameIndex(len(s.strategies), func(i int32) nameEntry {
		st := &s.strategies[i]
		return nameEntry{id: st.ID, name: st.Name, aliases: st.Aliases}
	})
	s.personIx = newNameIndex(len(s.people), func(i int32) nameEntry {
		p := &s.people[i]
		return nameEntry{id: p.ID, name: p.Name, aliases: p.Aliases, rank: p.Recognition.Rank()}
	})
	return s
}

// currentCatalog returns the catalog at the store's current version,
// rebuilding it when the store has moved on.
func (b *Bot) currentCatalog(ctx context.Context) (*catalogSnapshot, error) {
	v, err := b.opts.Store.Version(ctx)
	if err != nil {
		return nil, fmt.Errorf("catalog: store version: %w", err)
	}
	now := b.opts.Now().UnixNano()
	if s := b.catalog.snap.Load(); s != nil && s.version >= v {
		s.checked.Store(now)
		return s, nil
	}
	b.catalog.mu.Lock()
	defer b.catalog.mu.Unlock()
	if s := b.catalog.snap.Load(); s != nil && s.version >= v {
		s.checked.Store(now)
		return s, nil
	}
	c, err := b.opts.Store.Catalog(ctx)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if c.Version < v {
		c.Version = v
	}
	s := newCatalogSnapshot(c)
	s.checked.Store(now)
	b.catalog.snap.Store(s)
	b.log.DebugContext(ctx, "catalog rebuilt", slog.Int64("version", s.version),
		slog.Int("strategies", len(s.strategies)), slog.Int("people", len(s.people)))
	return s, nil
}

// LoadCatalog reads the catalog of strategies and people at the store's
// current version unless the bot holds it already, so that the first
// command after start (or after an import) does not wait for it.
func (b *Bot) LoadCatalog(ctx context.Context) error {
	_, err := b.currentCatalog(ctx)
	return err
}

// cachedCatalog returns the cached catalog without asking the store, unless
// there is none yet or it was last checked more than catalogRecheck ago.
func (b *Bot) cachedCatalog(ctx context.Context) (*catalogSnapshot, error) {
	s := b.catalog.snap.Load()
	if s != nil && b.opts.Now().UnixNano()-s.checked.Load() < int64(catalogRecheck) {
		return s, nil
	}
	fresh, err := b.currentCatalog(ctx)
	if err != nil && s != nil {
		b.log.WarnContext(ctx, "catalog refresh failed; serving the cached one", slog.String("error", err.Error()))
		return s, nil
	}
	return fresh, err
}

// findStrategy returns the strategy whose id, name or alias is s, or an
// ENOTFOUND error naming the closest strategies.
func (s *catalogSnapshot) findStrategy(name string) (Strategy, error) {
	if i, ok := s.strategyIx.lookup(name); ok {
		return s.strategies[i], nil
	}
	if many := s.strategyIx.ambiguous(name, maxAmbiguous); len(many) > 1 {
		var names []string
		for _, i := range many {
			names = append(names, fmt.Sprintf("%s (%s)", s.strategies[i].Name, s.strategies[i].ID))
		}
		return Strategy{}, ambiguousName("strategies", name, names)
	}
	var close []string
	for _, i := range s.strategyIx.suggest(name, 3) {
		close = append(close, s.strategies[i].Name)
	}
	return Strategy{}, notFound("strategy", name, close, "/strategies lists them all")
}

// findPerson returns the person whose id, name or alias is s, or an
// ENOTFOUND error naming the closest people.
func (s *catalogSnapshot) findPerson(name string) (Person, error) {
	if i, ok := s.personIx.lookup(name); ok {
		return s.people[i], nil
	}
	if many := s.personIx.ambiguous(name, maxAmbiguous); len(many) > 1 {
		var names []string
		for _, i := range many {
			names = append(names, fmt.Sprintf("%s (%s)", s.people[i].Name, s.people[i].ID))
		}
		return Person{}, ambiguousName("people", name, names)
	}
	var close []string
	for _, i := range s.personIx.suggest(name, 3) {
		close = append(close, s.people[i].Name)
	}
	return Person{}, notFound("person", name, close, "")
}

// writeClosest appends to b the people and strategies closest to text, as
// "<label> people: ... (try /person)." and likewise for strategies, and
// reports whether it named any.
func (s *catalogSnapshot) writeClosest(b *strings.Builder, text, label string) bool {
	var people, strategies []string
	for _, i := range s.personIx.suggest(text, 3) {
		people = append(people, s.people[i].Name)
	}
	for _, i := range s.strategyIx.suggest(text, 3) {
		strategies = append(strategies, s.strategies[i].Name)
	}
	if len(people) > 0 {
		fmt.Fprintf(b, " %s people: %s (try /person).", label, strings.Join(people, ", "))
	}
	if len(strategies) > 0 {
		fmt.Fprintf(b, " %s strategies: %s (try /whoendorses).", label, strings.Join(strategies, ", "))
	}
	return len(people) > 0 || len(strategies) > 0
}

// sortedByID returns xs in id order: as they are when they are in it
// already (as Store.Catalog returns them), else a sorted copy (the store's
// slice is shared).
func sortedByID[T any](xs []T, id func(T) string) []T {
	byID := func(a, b T) int { return strings.Compare(id(a), id(b)) }
	if slices.IsSortedFunc(xs, byID) {
		return xs
	}
	xs = slices.Clone(xs)
	slices.SortFunc(xs, byID)
	return xs
}

// strategy returns the strategy with the given id.
func (s *catalogSnapshot) strategy(id string) (Strategy, bool) {
	i, ok := slices.BinarySearchFunc(s.strategies, id, func(st Strategy, id string) int { return strings.Compare(st.ID, id) })
	if !ok {
		return Strategy{}, false
	}
	return s.strategies[i], true
}

// personIndex returns the place in people of the person with the given id:
// a binary search, where a map of 100k people would cost about 4 MB.
func (s *catalogSnapshot) personIndex(id string) (int, bool) {
	return slices.BinarySearchFunc(s.people, id, func(p Person, id string) int { return strings.Compare(p.ID, id) })
}

// person returns the person with the given id.
func (s *catalogSnapshot) person(id string) (Person, bool) {
	i, ok := s.personIndex(id)
	if !ok {
		return Person{}, false
	}
	return s.people[i], true
}

// maxAmbiguous is how many of the names an ambiguous one matches are listed.
const maxAmbiguous = 8

// ambiguousName is the EINVALID error for a name that starts the names of
// several strategies or people: it lists them (with their ids, which are
// never ambiguous).
func ambiguousName(kinds, name string, matches []string) error {
	return Errorf(EINVALID, "%q could be any of these %s: %s. Give more of the name, or the id.",
		Echo(name, 60), kinds, strings.Join(matches, ", "))
}

// notFound is the ENOTFOUND error for an unknown strategy or person.
func notFound(kind, name string, closest []string, hint string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "No %s called %q.", kind, Echo(name, 60))
	if len(closest) > 0 {
		fmt.Fprintf(&b, " Closest: %s.", strings.Join(closest, ", "))
	}
	if hint != "" {
		fmt.Fprintf(&b, " (%s)", hint)
	}
	return &Error{Code: ENOTFOUND, Message: b.String()}
}
