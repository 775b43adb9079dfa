package bot

import (
	"context"
	"fmt"
	"sort"
)

// strategiesPerPage is how many strategies one /strategies page lists.
const strategiesPerPage = 10

// runStrategies answers /strategies: every strategy with its endorser and
// opposer counts, in name order, paginated.
func (b *Bot) runStrategies(ctx context.Context, req Request) (Reply, error) {
	cat, err := b.currentCatalog(ctx)
	if err != nil {
		return Reply{}, err
	}
	counts, err := b.strategyCounts(ctx, cat)
	if err != nil {
		return Reply{}, err
	}
	sts := append([]Strategy(nil), cat.strategies...)
	sort.SliceStable(sts, func(i, j int) bool { return Fold(sts[i].Name) < Fold(sts[j].Name) })
	pg, err := newPager(req.Option("page"), len(sts), strategiesPerPage)
	if err != nil {
		return Reply{}, err
	}
	card := Card{Title: fmt.Sprintf("Strategies (%d)", len(sts)), Footer: "Type /whoendorses <strategy> for who holds one."}
	if len(sts) == 0 {
		card.Text = "No strategies on record yet."
	}
	if pg.pages > 1 {
		card.Subtitle = pg.rangeText()
	}
	lo, hi := pg.bounds()
	for _, st := range sts[lo:hi] {
		c := counts[st.ID]
		opp := "no opposers yet"
		if c.opposers > 0 {
			opp = plural(c.opposers, "opposer", "opposers")
		}
		card.Fields = append(card.Fields, Field{
			Name:  st.Name,
			Value: lines(plural(c.endorsers, "endorser", "endorsers")+" · "+opp, st.Summary, "/whoendorses "+st.ID),
		})
	}
	reply := Reply{Cards: []Card{card}}
	pg.apply(&reply, "/strategies", req.ActionRoom)
	return reply, nil
}

// strategyCounts counts every strategy's endorsers and opposers, once per
// catalog version.
func (b *Bot) strategyCounts(ctx context.Context, cat *catalogSnapshot) (map[string]stanceCounts, error) {
	cat.countsMu.Lock()
	defer cat.countsMu.Unlock()
	if cat.counts != nil {
		return cat.counts, nil
	}
	counts := make(map[string]stanceCounts, len(cat.strategies))
	for _, st := range cat.strategies {
		r, err := b.opts.Store.StrategyReport(ctx, st.ID)
		if err != nil {
			return nil, fmt.Errorf("strategies: count %s: %w", st.ID, err)
		}
		var c stanceCounts
		for _, ps := range r.Stances {
			switch {
			case ps.Stance.IsStatedEndorser():
				c.endorsers++
			case ps.Stance.Kind.IsOpposer():
				c.opposers++
			}
		}
		counts[st.ID] = c
	}
	cat.counts = counts
	return counts, nil
}
