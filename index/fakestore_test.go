package index

import (
	"context"
	"slices"
	"sort"
	"sync"

	"github.com/stancebot/stancebot/bot"
)

// fakeStore is an in-memory bot.Store with the real store's Seq rules: every
// new or changed person, strategy, stance or quote gets the next Seq.
type fakeStore struct {
	mu         sync.Mutex
	seq        int64
	people     map[string]bot.Person
	strategies map[string]bot.Strategy
	stances    map[[2]string]bot.Stance
	quotes     map[string]bot.Quote
	quoteSeq   map[string]int64
	changes    []bot.Change
}

func newFakeStore() *fakeStore {
	return &fakeStore{
		people: map[string]bot.Person{}, strategies: map[string]bot.Strategy{},
		stances: map[[2]string]bot.Stance{}, quotes: map[string]bot.Quote{}, quoteSeq: map[string]int64{},
	}
}

func (s *fakeStore) record(c bot.Change) int64 {
	s.seq++
	c.Seq = s.seq
	s.changes = append(s.changes, c)
	return s.seq
}

func (s *fakeStore) Version(context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq, nil
}

func (s *fakeStore) Catalog(context.Context) (bot.Catalog, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := bot.Catalog{Version: s.seq}
	for _, p := range s.people {
		c.People = append(c.People, p)
	}
	for _, st := range s.strategies {
		c.Strategies = append(c.Strategies, st)
	}
	sort.Slice(c.People, func(i, j int) bool { return c.People[i].ID < c.People[j].ID })
	sort.Slice(c.Strategies, func(i, j int) bool { return c.Strategies[i].ID < c.Strategies[j].ID })
	return c, nil
}

func (s *fakeStore) StrategyReport(_ context.Context, id string) (bot.StrategyReport, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.strategies[id]
	if !ok {
		return bot.StrategyReport{}, bot.Errorf(bot.ENOTFOUND, "no strategy %q", id)
	}
	return bot.StrategyReport{Strategy: st}, nil
}

func (s *fakeStore) StrategyQuotes(_ context.Context, id string, personIDs []string) ([]bot.Quote, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.strategies[id]; !ok {
		return nil, bot.Errorf(bot.ENOTFOUND, "no strategy %q", id)
	}
	var out []bot.Quote
	for _, q := range s.sortedQuotes() {
		if q.StrategyID == id && (personIDs == nil || slices.Contains(personIDs, q.PersonID)) {
			out = append(out, q)
		}
	}
	return out, nil
}

func (s *fakeStore) PersonReport(_ context.Context, id string) (bot.PersonReport, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.people[id]
	if !ok {
		return bot.PersonReport{}, bot.Errorf(bot.ENOTFOUND, "no person %q", id)
	}
	r := bot.PersonReport{Person: p}
	for _, q := range s.sortedQuotes() {
		if q.PersonID == id {
			r.Quotes = append(r.Quotes, q)
		}
	}
	return r, nil
}

func (s *fakeStore) sortedQuotes() []bot.Quote {
	out := make([]bot.Quote, 0, len(s.quotes))
	for _, q := range s.quotes {
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (s *fakeStore) QuoteViews(_ context.Context, ids []string) ([]bot.QuoteView, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []bot.QuoteView
	for _, id := range ids {
		q, ok := s.quotes[id]
		if !ok {
			continue
		}
		v := bot.QuoteView{Quote: q, Person: s.people[q.PersonID], Strategy: s.strategies[q.StrategyID]}
		if st, ok := s.stances[[2]string{q.PersonID, q.StrategyID}]; ok {
			v.Stance = &st
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *fakeStore) QuotesSince(_ context.Context, after int64, limit int) ([]bot.SeqQuote, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []bot.SeqQuote
	for id, seq := range s.quoteSeq {
		if seq > after {
			out = append(out, bot.SeqQuote{Seq: seq, Quote: s.quotes[id]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *fakeStore) ChangesSince(_ context.Context, after int64, limit int) ([]bot.Change, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []bot.Change
	for _, c := range s.changes {
		if c.Seq > after && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}

// Import upserts a dataset; equal rows record nothing.
func (s *fakeStore) Import(_ context.Context, ds bot.Dataset) (bot.ImportReport, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var r bot.ImportReport
	for _, st := range ds.Strategies {
		old, ok := s.strategies[st.ID]
		switch {
		case !ok:
			s.record(bot.Change{Kind: bot.ChangeStrategyNew, StrategyID: st.ID})
			r.Added.Strategies++
		case old.Name != st.Name || old.Summary != st.Summary:
			s.record(bot.Change{Kind: bot.ChangeStrategyChanged, StrategyID: st.ID})
			r.Changed.Strategies++
		default:
			continue
		}
		s.strategies[st.ID] = st
	}
	for _, p := range ds.People {
		old, ok := s.people[p.ID]
		switch {
		case !ok:
			s.record(bot.Change{Kind: bot.ChangePersonNew, PersonID: p.ID})
			r.Added.People++
		case old.Name != p.Name || old.Role != p.Role:
			s.record(bot.Change{Kind: bot.ChangePersonChanged, PersonID: p.ID})
			r.Changed.People++
		default:
			continue
		}
		s.people[p.ID] = p
	}
	for _, st := range ds.Stances {
		k := [2]string{st.PersonID, st.StrategyID}
		old, ok := s.stances[k]
		switch {
		case !ok:
			s.record(bot.Change{Kind: bot.ChangeStanceNew, PersonID: st.PersonID, StrategyID: st.StrategyID, NewKind: st.Kind})
			r.Added.Stances++
		case old.Kind != st.Kind || old.Summary != st.Summary:
			s.record(bot.Change{Kind: bot.ChangeStanceChanged, PersonID: st.PersonID, StrategyID: st.StrategyID, OldKind: old.Kind, NewKind: st.Kind})
			r.Changed.Stances++
		default:
			continue
		}
		s.stances[k] = st
	}
	for _, q := range ds.Quotes {
		if q.ID == "" {
			q.ID = bot.QuoteID(q.PersonID, q.StrategyID, q.Text)
		}
		old, ok := s.quotes[q.ID]
		var seq int64
		switch {
		case !ok:
			seq = s.record(bot.Change{Kind: bot.ChangeQuoteNew, PersonID: q.PersonID, StrategyID: q.StrategyID, QuoteID: q.ID})
			r.Added.Quotes++
		case old.Fidelity != q.Fidelity || old.Source != q.Source || old.Context != q.Context:
			seq = s.record(bot.Change{Kind: bot.ChangeQuoteChanged, PersonID: q.PersonID, StrategyID: q.StrategyID, QuoteID: q.ID})
			r.Changed.Quotes++
		default:
			continue
		}
		s.quotes[q.ID] = q
		s.quoteSeq[q.ID] = seq
	}
	return r, nil
}

func (s *fakeStore) Export(context.Context) (bot.Dataset, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bot.Dataset{Quotes: s.sortedQuotes()}, nil
}
