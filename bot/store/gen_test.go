package store

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// genSize is the shape of a generated dataset.
type genSize struct {
	Strategies, People, StancesPerPerson, Quotes int
}

// benchSize is the size /whoendorses must stay fast at.
var benchSize = genSize{Strategies: 500, People: 10_000, StancesPerPerson: 10, Quotes: 100_000}

var genWords = strings.Fields(`open weights release safety frontier models compute pause
	governance labs research alignment risk public transparency scrutiny security regulation
	progress capabilities evaluation misuse resilience standards community access power
	concentration incentives treaty monitoring verification science deployment`)

// genDataset builds a deterministic dataset: the same size and seed always
// give the same dataset. Strategy popularity varies fourfold, so some
// strategies have many more stances than others; every quote belongs to one
// of its person's stances.
func genDataset(size genSize, seed uint64) bot.Dataset {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	words := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = genWords[rng.IntN(len(genWords))]
		}
		return strings.Join(w, " ")
	}
	var ds bot.Dataset
	ds.Board = &bot.Board{Name: "Generated board", ProfiledTotal: size.People / 2, Synthetic: true}

	weights := make([]int, size.Strategies)
	total := 0
	for i := range weights {
		weights[i] = 1 + i%4
		total += weights[i]
		s := bot.Strategy{ID: fmt.Sprintf("strategy-%04d", i), Name: fmt.Sprintf("Strategy %04d", i), Summary: words(8)}
		for a := 0; a < i%3; a++ {
			s.Aliases = append(s.Aliases, fmt.Sprintf("alias %d of strategy %d", a, i))
		}
		ds.Strategies = append(ds.Strategies, s)
	}
	pickStrategy := func() int {
		n := rng.IntN(total)
		for i, w := range weights {
			if n < w {
				return i
			}
			n -= w
		}
		return len(weights) - 1
	}

	kinds := []bot.StanceKind{bot.StanceEndorses, bot.StanceEndorses, bot.StanceEndorses, bot.StanceEndorses,
		bot.StanceEndorses, bot.StanceEndorses, bot.StanceOpposes, bot.StanceMixed, bot.StanceConditional,
		bot.StanceEvolvedToward}
	for i := 0; i < size.People; i++ {
		p := bot.Person{ID: fmt.Sprintf("person-%05d", i), Name: fmt.Sprintf("Person %05d", i), Role: words(5)}
		if rng.IntN(10) < 7 {
			p.Expertise = bot.Expertises[rng.IntN(len(bot.Expertises))]
			p.Recognition = bot.Recognitions[rng.IntN(len(bot.Recognitions))]
			p.Vintage = bot.Vintages[rng.IntN(len(bot.Vintages))]
			p.Profiled = true
		}
		if rng.IntN(10) < 4 {
			x := float64(rng.IntN(1000)) / 10
			p.PDoomClaims = []bot.PDoomClaim{{Low: x, High: x, Source: bot.Source{Title: words(3)}}}
		}
		for a := 0; a < rng.IntN(3); a++ {
			p.Aliases = append(p.Aliases, fmt.Sprintf("@handle%d_%d", i, a))
		}
		ds.People = append(ds.People, p)
		seen := map[int]bool{}
		for len(seen) < min(size.StancesPerPerson, size.Strategies) {
			s := pickStrategy()
			if seen[s] {
				continue
			}
			seen[s] = true
			ds.Stances = append(ds.Stances, bot.Stance{PersonID: p.ID, StrategyID: ds.Strategies[s].ID,
				Kind: kinds[rng.IntN(len(kinds))], Summary: words(12)})
		}
	}

	fidelities := bot.Fidelities
	types := []string{"blog", "article", "paper", "testimony", "podcast", "tweet", "book", "talk"}
	for i := 0; i < size.Quotes && len(ds.Stances) > 0; i++ {
		st := ds.Stances[rng.IntN(len(ds.Stances))]
		text := fmt.Sprintf("%s (%d)", words(20+rng.IntN(30)), i)
		q := bot.Quote{
			ID: bot.QuoteID(st.PersonID, st.StrategyID, text), PersonID: st.PersonID, StrategyID: st.StrategyID,
			Text: text, Fidelity: fidelities[rng.IntN(len(fidelities))],
			Source: bot.Source{Type: types[rng.IntN(len(types))], Title: words(6), Publisher: words(2),
				Date: bot.Date{Year: 2000 + rng.IntN(26), Month: rng.IntN(13)}, URL: fmt.Sprintf("https://example.org/q/%d", i)},
		}
		if q.Source.Date.Month > 0 && rng.IntN(2) == 0 {
			q.Source.Date.Day = 1 + rng.IntN(28)
		}
		if rng.IntN(10) == 0 {
			q.Context = words(10)
		}
		ds.Quotes = append(ds.Quotes, q)
	}
	return ds
}
