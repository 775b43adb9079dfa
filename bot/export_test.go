package bot

import (
	"context"
	"time"
)

// This file lends the external tests (package bot_test, which run against
// the real store) the few internals they check against.

// Limits and intervals of the core.
const (
	CatalogRecheck time.Duration = catalogRecheck
	MaxSources                   = maxSources
	PeoplePerPage                = peoplePerPage
	MaxPageReads                 = maxPageReads
)

// Internal functions under test.
var (
	QuoteCommandLine = quoteCommandLine
	FindOption       = findOption
	SyntheticDataset = syntheticDataset
)

// FindPerson is the person lookup the commands use, over the bot's catalog.
func (b *Bot) FindPerson(ctx context.Context, name string) (Person, error) {
	snap, err := b.currentCatalog(ctx)
	if err != nil {
		return Person{}, err
	}
	return snap.findPerson(name)
}

// StrategySummary is what summarizeStrategy computes, with people as names.
type StrategySummary struct {
	Endorsers, Opposers, Principal       []string
	ProfiledEndorsers, QuotesByEndorsers int
	PDoomN                               int
	PDoomMean, PDoomMedian               float64
	ExpertiseMix, RecognitionMix         []int
	VintageMix                           []int
	ExpertiseKnown, VintageKnown         int
	Placed                               int
	Grid                                 TierGrid
	Related                              []CoEndorsement
}

// SummarizeStrategy runs summarizeStrategy on r (without a catalog).
func SummarizeStrategy(r StrategyReport) StrategySummary {
	s := summarizeStrategy(r, nil)
	names := func(pss []*PersonStance) []string {
		var out []string
		for _, ps := range pss {
			out = append(out, ps.Person.Name)
		}
		return out
	}
	var principal []string
	for _, ps := range s.principal {
		principal = append(principal, ps.Person.Name)
	}
	return StrategySummary{
		Endorsers: names(s.endorsers), Opposers: names(s.opposers), Principal: principal,
		ProfiledEndorsers: s.profiledEndorsers, QuotesByEndorsers: s.quotesByEndorsers,
		PDoomN: s.pdoom.n, PDoomMean: s.pdoom.mean, PDoomMedian: s.pdoom.median,
		ExpertiseMix: s.expertiseMix, RecognitionMix: s.recognitionMix, VintageMix: s.vintageMix,
		ExpertiseKnown: s.expertiseKnown, VintageKnown: s.vintageKnown,
		Placed: s.placed, Grid: s.grid, Related: s.related,
	}
}

// TierIndex is the position of t in tiers.
func TierIndex[T comparable](tiers []T, t T) int { return tierIndex(tiers, t) }

// WindowOrders searches the first demoteWindow matches of words, puts an id
// the store does not have second among them, and returns their ids in the
// index's order and in the order /quote shows them: from the quotes'
// verification alone (light, as /quote reads them) and from their full cards
// (full).
func (b *Bot) WindowOrders(ctx context.Context, words string) (hits, light, full []string, err error) {
	res, err := b.opts.Index.Search(ctx, QuoteQuery{Words: words, Limit: demoteWindow})
	if err != nil {
		return nil, nil, nil, err
	}
	hs := append([]QuoteHit{}, res.Hits[:min(1, len(res.Hits))]...)
	hs = append(append(hs, QuoteHit{QuoteID: "q-not-on-record"}), res.Hits[min(1, len(res.Hits)):]...)
	ordered, err := b.demoteDoubtedHits(ctx, hs)
	if err != nil {
		return nil, nil, nil, err
	}
	hits, light = hitIDs(hs), hitIDs(ordered)
	blocks, err := b.quoteBlocks(ctx, hs)
	if err != nil {
		return nil, nil, nil, err
	}
	demoteDoubted(blocks)
	for _, qb := range blocks {
		full = append(full, qb.QuoteID)
	}
	return hits, light, full, nil
}

// ProposalFieldMax is each proposal field's limit in runes (0: none).
func ProposalFieldMax() map[string]int {
	m := map[string]int{}
	for _, s := range proposalSpecs() {
		m[s.name] = s.max
	}
	return m
}
