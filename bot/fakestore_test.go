package bot

import (
	"context"
	"slices"
	"sort"
	"sync"
)

// fakeStore is an in-memory Store for the core's tests. It answers the
// reads the core uses the way the SQLite store does (ENOTFOUND for unknown
// ids, Related counted over the strategy's endorsers) and counts calls.
type fakeStore struct {
	mu       sync.Mutex
	ds       Dataset
	history  map[string][]Change // person id -> stance changes
	version  int64
	calls    map[string]int
	panicOn  string // a strategy id whose report panics
	failWith error  // returned by every read when set

	quotePeople [][]string // the personIDs of every StrategyQuotes call
	afterQuotes func()     // called by StrategyQuotes, when set, before it returns
}

func newFakeStore(ds Dataset) *fakeStore {
	return &fakeStore{ds: ds, version: 1, history: map[string][]Change{}, calls: map[string]int{}}
}

func (f *fakeStore) count(name string) {
	f.mu.Lock()
	f.calls[name]++
	f.mu.Unlock()
}

func (f *fakeStore) callCount(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[name]
}

func (f *fakeStore) Version(context.Context) (int64, error) {
	f.count("Version")
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.version, f.failWith
}

func (f *fakeStore) Catalog(context.Context) (Catalog, error) {
	f.count("Catalog")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failWith != nil {
		return Catalog{}, f.failWith
	}
	return Catalog{Version: f.version, Strategies: append([]Strategy(nil), f.ds.Strategies...), People: append([]Person(nil), f.ds.People...)}, nil
}

func (f *fakeStore) personByID(id string) (Person, bool) {
	for _, p := range f.ds.People {
		if p.ID == id {
			return p, true
		}
	}
	return Person{}, false
}

func (f *fakeStore) strategyByID(id string) (Strategy, bool) {
	for _, s := range f.ds.Strategies {
		if s.ID == id {
			return s, true
		}
	}
	return Strategy{}, false
}

func (f *fakeStore) StrategyReport(_ context.Context, id string) (StrategyReport, error) {
	f.count("StrategyReport")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failWith != nil {
		return StrategyReport{}, f.failWith
	}
	if id == f.panicOn {
		panic("fake store: boom")
	}
	st, ok := f.strategyByID(id)
	if !ok {
		return StrategyReport{}, Errorf(ENOTFOUND, "no strategy %q", id)
	}
	r := StrategyReport{Version: f.version, Strategy: st, Board: f.ds.Board}
	quotes := map[string]int{}
	for _, q := range f.ds.Quotes {
		if q.StrategyID == id {
			quotes[q.PersonID]++
		}
	}
	endorsers := map[string]bool{}
	for _, s := range f.ds.Stances {
		if s.StrategyID != id {
			continue
		}
		p, _ := f.personByID(s.PersonID)
		r.Stances = append(r.Stances, PersonStance{Person: p, Stance: s, Quotes: quotes[s.PersonID]})
		if s.Kind.IsEndorser() {
			endorsers[s.PersonID] = true
		}
	}
	co := map[string]int{}
	for _, s := range f.ds.Stances {
		if s.StrategyID != id && endorsers[s.PersonID] && s.Kind.IsEndorser() {
			co[s.StrategyID]++
		}
	}
	for sid, n := range co {
		other, _ := f.strategyByID(sid)
		r.Related = append(r.Related, CoEndorsement{Strategy: other, People: n})
	}
	sort.Slice(r.Related, func(i, j int) bool { return r.Related[i].Strategy.ID < r.Related[j].Strategy.ID })
	return r, nil
}

func (f *fakeStore) StrategyQuotes(_ context.Context, id string, personIDs []string) ([]Quote, error) {
	f.count("StrategyQuotes")
	if f.afterQuotes != nil {
		defer f.afterQuotes()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.quotePeople = append(f.quotePeople, slices.Clone(personIDs))
	if f.failWith != nil {
		return nil, f.failWith
	}
	if _, ok := f.strategyByID(id); !ok {
		return nil, Errorf(ENOTFOUND, "no strategy %q", id)
	}
	var out []Quote
	for _, q := range f.ds.Quotes {
		if q.StrategyID == id && (personIDs == nil || slices.Contains(personIDs, q.PersonID)) {
			out = append(out, q)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].PersonID != out[j].PersonID {
			return out[i].PersonID < out[j].PersonID
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func (f *fakeStore) PersonReport(_ context.Context, id string) (PersonReport, error) {
	f.count("PersonReport")
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.personByID(id)
	if !ok {
		return PersonReport{}, Errorf(ENOTFOUND, "no person %q", id)
	}
	r := PersonReport{Person: p, History: f.history[id]}
	for _, s := range f.ds.Stances {
		if s.PersonID == id {
			st, _ := f.strategyByID(s.StrategyID)
			r.Stances = append(r.Stances, StrategyStance{Strategy: st, Stance: s})
		}
	}
	for _, q := range f.ds.Quotes {
		if q.PersonID == id {
			r.Quotes = append(r.Quotes, q)
		}
	}
	return r, nil
}

func (f *fakeStore) QuoteViews(_ context.Context, ids []string) ([]QuoteView, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []QuoteView
	for _, id := range ids {
		for _, q := range f.ds.Quotes {
			if q.ID != id {
				continue
			}
			p, _ := f.personByID(q.PersonID)
			st, _ := f.strategyByID(q.StrategyID)
			v := QuoteView{Quote: q, Person: p, Strategy: st}
			for _, s := range f.ds.Stances {
				if s.PersonID == q.PersonID && s.StrategyID == q.StrategyID {
					s := s
					v.Stance = &s
				}
			}
			out = append(out, v)
		}
	}
	return out, nil
}

func (f *fakeStore) QuotesSince(_ context.Context, after int64, limit int) ([]SeqQuote, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []SeqQuote
	for i, q := range f.ds.Quotes {
		if seq := int64(i + 1); seq > after && len(out) < limit {
			out = append(out, SeqQuote{Seq: seq, Quote: q})
		}
	}
	return out, nil
}

func (f *fakeStore) ChangesSince(context.Context, int64, int) ([]Change, error) { return nil, nil }

// Import replaces the dataset and advances the version.
func (f *fakeStore) Import(_ context.Context, ds Dataset) (ImportReport, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ds = ds
	f.version++
	return ImportReport{}, nil
}

func (f *fakeStore) Export(context.Context) (Dataset, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ds, nil
}
