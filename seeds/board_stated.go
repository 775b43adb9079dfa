package seeds

import (
	"slices"

	"github.com/stancebot/stancebot/bot"
)

// statedSource names a board page export as the source of the aggregates
// it printed.
const statedSource = "board export"

// keepStated records in the page's dataset what the page says beyond its
// people: the aggregates it printed (kept as printed, for the cards to
// show beside what the store computes), and the order it shows its people
// in (the board breaks ties by it).
func keepStated(page *BoardPage) {
	ds := &page.Dataset
	if len(ds.Strategies) == 0 {
		return
	}
	a := page.Aggregates
	st := bot.StatedAggregates{
		StrategyID: ds.Strategies[0].ID, Source: statedSource,
		StatedEndorsers: a.StatedEndorsers, Opposers: a.StatedOpposers, ProfiledEndorsers: a.ProfiledEndorsers,
		QuotesByEndorsers: a.QuotesByEndorsers, VintageAssigned: a.VintageAssigned,
		ExpertiseMix: a.ExpertiseMix, RecognitionMix: a.RecognitionMix, VintageMix: a.VintageMix,
	}
	if d := a.PDoom; d != nil {
		st.PDoom = &bot.StatedPDoom{Mean: d.Mean, Median: d.Median, N: d.N}
	}
	for _, c := range page.Grid.Unnamed {
		st.Unnamed = append(st.Unnamed, bot.UnnamedCell{Expertise: c.Expertise, Recognition: c.Recognition, Count: c.Count})
	}
	for _, p := range ds.People {
		st.People = append(st.People, p.ID)
	}
	ds.Stated = []bot.StatedAggregates{st}
	setPageOrder(page)
}

// setPageOrder gives the page's people their place in the board's order,
// as far as the page shows it: the principal voices in their order (the
// board lists them by recognition, then quotes, then its own order), then
// the grid's faces in page order (each cell is in the board's order), then
// everyone else in the order of the record.
func setPageOrder(page *BoardPage) {
	var order []string
	add := func(id string) {
		if id != "" && !slices.Contains(order, id) {
			order = append(order, id)
		}
	}
	for _, v := range page.PrincipalVoices {
		add(v.PersonID)
	}
	for _, f := range page.Grid.Faces {
		add(f.PersonID)
	}
	for _, p := range page.Dataset.People {
		add(p.ID)
	}
	for i := range page.Dataset.People {
		page.Dataset.People[i].Order = slices.Index(order, page.Dataset.People[i].ID) + 1
	}
}
