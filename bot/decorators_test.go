package bot_test

import (
	"context"
	"errors"
	"slices"
	"sync"

	. "github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
)

// Decorators over the real store: each embeds the *store.DB, so every method
// it does not override is the store's own.

// panickyStore panics in StrategyReport for one strategy.
type panickyStore struct {
	*store.DB
	strategyID string
}

func (s panickyStore) StrategyReport(ctx context.Context, id string) (StrategyReport, error) {
	if id == s.strategyID {
		panic("store decorator: boom")
	}
	return s.DB.StrategyReport(ctx, id)
}

// errDisk is the failure the failing decorators return.
var errDisk = errors.New("disk on fire")

// failingCatalog fails every Catalog read.
type failingCatalog struct{ *store.DB }

func (failingCatalog) Catalog(context.Context) (Catalog, error) { return Catalog{}, errDisk }

// failingReport fails every StrategyReport read.
type failingReport struct{ *store.DB }

func (failingReport) StrategyReport(context.Context, string) (StrategyReport, error) {
	return StrategyReport{}, errDisk
}

// failingQuotes fails every StrategyQuotes read.
type failingQuotes struct{ *store.DB }

func (failingQuotes) StrategyQuotes(context.Context, string, []string) ([]Quote, error) {
	return nil, errDisk
}

// countingStore counts the reads the core makes of the real store, records
// the people of every StrategyQuotes call and may run a hook after each.
type countingStore struct {
	*store.DB

	mu          sync.Mutex
	calls       map[string]int
	quotePeople [][]string // the personIDs of every StrategyQuotes call
	afterQuotes func()     // called by StrategyQuotes, when set, before it returns
}

func newCountingStore(db *store.DB) *countingStore {
	return &countingStore{DB: db, calls: map[string]int{}}
}

func (s *countingStore) count(name string) {
	s.mu.Lock()
	s.calls[name]++
	s.mu.Unlock()
}

func (s *countingStore) callCount(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[name]
}

func (s *countingStore) Version(ctx context.Context) (int64, error) {
	s.count("Version")
	return s.DB.Version(ctx)
}

func (s *countingStore) Catalog(ctx context.Context) (Catalog, error) {
	s.count("Catalog")
	return s.DB.Catalog(ctx)
}

func (s *countingStore) StrategyReport(ctx context.Context, id string) (StrategyReport, error) {
	s.count("StrategyReport")
	return s.DB.StrategyReport(ctx, id)
}

func (s *countingStore) StrategyQuotes(ctx context.Context, id string, personIDs []string) ([]Quote, error) {
	s.count("StrategyQuotes")
	s.mu.Lock()
	s.quotePeople = append(s.quotePeople, slices.Clone(personIDs))
	after := s.afterQuotes
	s.mu.Unlock()
	if after != nil {
		defer after()
	}
	return s.DB.StrategyQuotes(ctx, id, personIDs)
}

// movingStore runs a hook after every PersonReport read, before it
// returns: the store moving on while /person reads.
type movingStore struct {
	*store.DB
	afterReport func()
}

func (s movingStore) PersonReport(ctx context.Context, id string, offset, limit int) (PersonReport, error) {
	defer s.afterReport()
	return s.DB.PersonReport(ctx, id, offset, limit)
}
