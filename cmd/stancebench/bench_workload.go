package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/stancebot/stancebot/bot"
)

// latencyStats summarises the latencies of one workload.
type latencyStats struct {
	N             int
	P50, P99, Max time.Duration
}

func (s latencyStats) String() string {
	return fmt.Sprintf("p50 %8s  p99 %8s  max %8s  (n=%d)", fmtDur(s.P50), fmtDur(s.P99), fmtDur(s.Max), s.N)
}

// fmtDur prints a duration in milliseconds with three decimals.
func fmtDur(d time.Duration) string {
	return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond))
}

// measure runs op once per item after a warm-up pass over the first items,
// and returns the latency percentiles.
func measure(n int, op func(i int) error) (latencyStats, error) {
	for i := 0; i < min(n, 50); i++ {
		if err := op(i); err != nil {
			return latencyStats{}, err
		}
	}
	ds := make([]time.Duration, n)
	for i := range ds {
		start := time.Now()
		if err := op(i); err != nil {
			return latencyStats{}, err
		}
		ds[i] = time.Since(start)
	}
	return summarize(ds), nil
}

// measureFind runs find on each of words after a warm-up pass over the
// first ones, then card on what it found, and returns the latencies of find
// alone and of find and card, and the share of words whose source (the
// quote of the same index) find returned.
func measureFind(words, sources []string, find func(string) ([]string, error), card func([]string) error) (search, withCard latencyStats, recall float64, err error) {
	for i := 0; i < min(len(words), 20); i++ {
		if _, err := find(words[i]); err != nil {
			return search, withCard, 0, err
		}
	}
	ds, dc := make([]time.Duration, len(words)), make([]time.Duration, len(words))
	found := 0
	for i, w := range words {
		start := time.Now()
		ids, err := find(w)
		if err != nil {
			return search, withCard, 0, err
		}
		ds[i] = time.Since(start)
		if err := card(ids); err != nil {
			return search, withCard, 0, err
		}
		dc[i] = time.Since(start)
		if slices.Contains(ids, sources[i]) {
			found++
		}
	}
	return summarize(ds), summarize(dc), float64(found) / float64(max(1, len(words))), nil
}

// summarize returns the nearest-rank percentiles of ds.
func summarize(ds []time.Duration) latencyStats {
	if len(ds) == 0 {
		return latencyStats{}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	rank := func(p float64) time.Duration {
		return ds[max(0, int(math.Ceil(p*float64(len(ds))))-1)]
	}
	return latencyStats{N: len(ds), P50: rank(0.50), P99: rank(0.99), Max: ds[len(ds)-1]}
}

// benchWork is what the measured workloads ask: the same for the bot and
// the FTS5 baseline, generated once per dataset size.
type benchWork struct {
	Quote       []string `json:"quote"`        // words for /quote
	Paraphrase  []string `json:"paraphrase"`   // the same quotes' words, paraphrased
	QuoteSource []string `json:"quote_source"` // the quote each one's words were taken from
	Strategies  []string `json:"strategies"`   // partial strategy names for autocomplete
	People      []string `json:"people"`       // partial person names for autocomplete
	StrategyIDs []string `json:"strategy_ids"` // for /whoendorses
	PersonIDs   []string `json:"person_ids"`   // for /person
}

// makeBenchWork returns n operations of each workload over ds. /quote words
// are two to four words of a random quote as a user would remember them: a
// quarter with a typo, a tenth with the speaker's last name.
func makeBenchWork(ds bot.Dataset, n int, seed uint64) benchWork {
	rng := rand.New(rand.NewPCG(seed, 0xbe4c))
	names := make(map[string]string, len(ds.People))
	for _, p := range ds.People {
		names[p.ID] = p.Name
	}
	stop := map[string]bool{}
	for _, w := range genStopWords {
		stop[w] = true
	}
	var w benchWork
	for len(w.Quote) < n && len(ds.Quotes) > 0 {
		q := ds.Quotes[rng.IntN(len(ds.Quotes))]
		var content []string
		for _, t := range strings.FieldsFunc(strings.ToLower(q.Text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(t) >= 3 && !stop[t] {
				content = append(content, t)
			}
		}
		if len(content) < 2 {
			continue
		}
		rng.Shuffle(len(content), func(i, j int) { content[i], content[j] = content[j], content[i] })
		words := content[:min(len(content), 2+rng.IntN(3))]
		if rng.IntN(4) == 0 {
			words[0] = typo(rng, words[0])
		}
		if rng.IntN(10) == 0 {
			f := strings.Fields(names[q.PersonID])
			words = append(words, strings.ToLower(f[len(f)-1]))
		}
		w.Quote = append(w.Quote, strings.Join(words, " "))
		w.Paraphrase = append(w.Paraphrase, paraphrase(rng, q.Text, names[q.PersonID], stop))
		w.QuoteSource = append(w.QuoteSource, q.ID)
	}
	partial := func(name string) string {
		r := []rune(strings.ToLower(name))
		p := r[:min(len(r), 2+rng.IntN(7))]
		if len(p) >= 4 && rng.IntN(5) == 0 {
			i := 1 + rng.IntN(len(p)-2)
			p[i], p[i+1] = p[i+1], p[i]
		}
		return string(p)
	}
	for i := 0; i < n; i++ {
		st := ds.Strategies[rng.IntN(len(ds.Strategies))]
		p := ds.People[rng.IntN(len(ds.People))]
		w.Strategies = append(w.Strategies, partial(st.Name))
		w.People = append(w.People, partial(p.Name))
		w.StrategyIDs = append(w.StrategyIDs, ds.Strategies[rng.IntN(len(ds.Strategies))].ID)
		w.PersonIDs = append(w.PersonIDs, ds.People[rng.IntN(len(ds.People))].ID)
	}
	return w
}

// paraphrase is how a user recalls a quote in other words: three
// consecutive words of it in another order, one of them in another form
// (a third of the time a synonym, else singular for plural or the other
// way round), half the time a typo (two letters swapped), a third of the
// time the speaker's surname.
func paraphrase(rng *rand.Rand, text, name string, stop map[string]bool) string {
	var content []string
	for _, t := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(t) >= 3 && !stop[t] {
			content = append(content, t)
		}
	}
	from := rng.IntN(max(1, len(content)-2))
	words := append([]string(nil), content[from:min(len(content), from+3)]...)
	slices.Reverse(words)
	i := rng.IntN(len(words))
	if syn, ok := benchSynonyms[words[i]]; ok && rng.IntN(3) == 0 {
		words[i] = syn
	} else if w, ok := strings.CutSuffix(words[i], "s"); ok && len(w) >= 3 {
		words[i] = w
	} else {
		words[i] += "s"
	}
	if rng.IntN(2) == 0 {
		j := rng.IntN(len(words))
		if r := []rune(words[j]); len(r) >= 5 {
			k := 1 + rng.IntN(len(r)-3)
			r[k], r[k+1] = r[k+1], r[k]
			words[j] = string(r)
		}
	}
	if rng.IntN(3) == 0 {
		f := strings.Fields(name)
		words = append(words, strings.ToLower(f[len(f)-1]))
	}
	return strings.Join(words, " ")
}

// benchSynonyms are other words for some of the generator's frequent ones.
var benchSynonyms = map[string]string{
	"risk": "danger", "people": "humans", "world": "planet", "future": "tomorrow", "government": "state",
	"technology": "tech", "companies": "firms", "release": "publish", "control": "command", "power": "might",
	"labs": "laboratories", "weights": "parameters", "pause": "halt", "slow": "gradual", "fast": "quick",
	"law": "legislation", "rights": "entitlements", "jobs": "employment", "cost": "price", "harm": "damage",
	"science": "research", "research": "science", "safety": "security", "security": "safety",
	"open": "public", "closed": "proprietary", "race": "competition", "treaty": "accord",
}

// typo drops one inner letter of a word of five letters or more.
func typo(rng *rand.Rand, w string) string {
	r := []rune(w)
	if len(r) < 5 {
		return w
	}
	i := 1 + rng.IntN(len(r)-2)
	return string(append(r[:i:i], r[i+1:]...))
}

// subDataset returns the first n quotes of ds in a seeded shuffle, with the
// people and strategies they name and the stances between those.
func subDataset(ds bot.Dataset, n int, seed uint64) bot.Dataset {
	quotes := append([]bot.Quote(nil), ds.Quotes...)
	rng := rand.New(rand.NewPCG(seed, 0x5b))
	rng.Shuffle(len(quotes), func(i, j int) { quotes[i], quotes[j] = quotes[j], quotes[i] })
	quotes = quotes[:min(n, len(quotes))]
	people, strategies := map[string]bool{}, map[string]bool{}
	for _, q := range quotes {
		people[q.PersonID], strategies[q.StrategyID] = true, true
	}
	out := bot.Dataset{Board: ds.Board, Quotes: quotes}
	for _, p := range ds.People {
		if people[p.ID] {
			out.People = append(out.People, p)
		}
	}
	for _, s := range ds.Strategies {
		if strategies[s.ID] {
			out.Strategies = append(out.Strategies, s)
		}
	}
	for _, s := range ds.Stances {
		if people[s.PersonID] && strategies[s.StrategyID] {
			out.Stances = append(out.Stances, s)
		}
	}
	return out
}
