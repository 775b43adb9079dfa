package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/seeds"
)

func init() {
	subcommands["gen"] = subcommand{
		summary: "write a synthetic dataset for benchmarks: gen [--people N] [--strategies N] [--quotes N] [--seed N] DIR",
		run:     runGen,
	}
}

// synthBoardName is the board name of a generated dataset, which is also
// marked Synthetic.
const synthBoardName = "SYNTHETIC benchmark data (stancebench gen): not real people, positions or quotes"

// runGen runs `stancebench gen`: a deterministic synthetic dataset in the
// dataset directory format, for benchmarks at scale.
func runGen(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	people := fs.Int("people", 10000, "people to generate")
	strategies := fs.Int("strategies", 500, "strategies to generate")
	quotes := fs.Int("quotes", 100000, "quotes to generate")
	seed := fs.Uint64("seed", 1, "random seed: the same seed and sizes give the same files")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: give one output directory, e.g. stancebench gen /tmp/bench-data", errUsage)
	}
	if *people < 1 || *strategies < 1 || *quotes < 0 || *people > 1_000_000 || *strategies > 100_000 || *quotes > 10_000_000 {
		return fmt.Errorf("%w: want 1-1000000 people, 1-100000 strategies and 0-10000000 quotes", errUsage)
	}
	ds := genDataset(genSizes{People: *people, Strategies: *strategies, Quotes: *quotes}, *seed)
	if err := seeds.WriteDir(fs.Arg(0), ds); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %d strategies, %d people, %d stances and %d quotes (synthetic) to %s\n",
		len(ds.Strategies), len(ds.People), len(ds.Stances), len(ds.Quotes), fs.Arg(0))
	return nil
}

// genSizes is how much genDataset makes.
type genSizes struct{ People, Strategies, Quotes int }

// genDataset returns a synthetic dataset: strategies with two-to-four-word
// names, people with generated names and tiers, one to four stances each,
// and quotes whose words follow a Zipf distribution over a vocabulary of
// real English words (the frequent head) and made-up ones (the long tail),
// with stop words between them, as in real text. The same seed and sizes
// always give the same dataset.
func genDataset(n genSizes, seed uint64) bot.Dataset {
	g := &generator{rng: rand.New(rand.NewPCG(seed, 0x5eed))}
	g.vocab = append(append([]string{}, genVocabulary...), g.pseudoWords(20000)...)
	g.zipf = rand.NewZipf(g.rng, 1.07, 3, uint64(len(g.vocab)-1))
	ds := bot.Dataset{Board: &bot.Board{Name: synthBoardName, Synthetic: true}}
	ds.Strategies = g.strategies(n.Strategies)
	ds.People = g.people(n.People)
	for _, p := range ds.People {
		if p.Profiled {
			ds.Board.ProfiledTotal++
		}
	}
	ds.Stances = g.stances(ds.People, ds.Strategies)
	ds.Quotes = g.quotes(n.Quotes, ds.Stances)
	return ds
}

type generator struct {
	rng   *rand.Rand
	vocab []string
	zipf  *rand.Zipf
}

func (g *generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// pseudoWords makes n distinct pronounceable non-words for the vocabulary's tail.
func (g *generator) pseudoWords(n int) []string {
	seen := map[string]bool{}
	for _, w := range genVocabulary {
		seen[w] = true
	}
	out := make([]string, 0, n)
	for len(out) < n {
		var b strings.Builder
		for i := 1 + g.rng.IntN(3); i >= 0; i-- {
			b.WriteString(g.pick(genSyllables))
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// word is one content word, Zipf-distributed.
func (g *generator) word() string { return g.vocab[g.zipf.Uint64()] }

// sentence is one sentence of about n words: content words with stop words between.
func (g *generator) sentence(n int) string {
	words := make([]string, 0, n)
	for len(words) < n {
		if len(words) > 0 && g.rng.IntN(3) == 0 {
			words = append(words, g.pick(genStopWords))
		}
		words = append(words, g.word())
	}
	s := strings.Join(words, " ")
	return capitalize(s) + g.pick([]string{".", ".", ".", "!", "?"})
}

func capitalize(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

func (g *generator) strategies(n int) []bot.Strategy {
	out := make([]bot.Strategy, 0, n)
	seen := map[string]bool{}
	for len(out) < n {
		name := capitalize(g.pick(genStrategyAdjectives) + " " + g.pick(genStrategyNouns))
		if g.rng.IntN(2) == 0 || seen[bot.Slug(name)] {
			name += " " + g.word()
		}
		id := bot.Slug(name)
		if seen[id] {
			name += fmt.Sprintf(" %d", len(out))
			id = bot.Slug(name)
		}
		seen[id] = true
		st := bot.Strategy{ID: id, Name: name, Summary: g.sentence(8 + g.rng.IntN(6))}
		if g.rng.IntN(3) == 0 {
			st.Aliases = []string{g.pick(genStrategyNouns) + " " + g.word()}
		}
		out = append(out, st)
	}
	return out
}

func (g *generator) people(n int) []bot.Person {
	out := make([]bot.Person, 0, n)
	seen := map[string]bool{}
	for len(out) < n {
		name := g.pick(genFirstNames) + " " + g.pick(genLastNames)
		if seen[bot.Slug(name)] {
			name = g.pick(genFirstNames) + " " + string(rune('A'+g.rng.IntN(26))) + ". " + g.pick(genLastNames)
		}
		id := bot.Slug(name)
		if seen[id] {
			name += fmt.Sprintf(" %d", len(out))
			id = bot.Slug(name)
		}
		seen[id] = true
		p := bot.Person{ID: id, Name: name,
			Role: capitalize(g.pick(genRoles)) + " at " + capitalize(g.word()) + " " + g.pick(genOrgKinds)}
		if g.rng.IntN(10) < 3 {
			p.Profiled = true
			p.Expertise = bot.Expertises[g.rng.IntN(len(bot.Expertises))]
			p.Recognition = bot.Recognitions[g.rng.IntN(len(bot.Recognitions))]
			p.Vintage = bot.Vintages[g.rng.IntN(len(bot.Vintages))]
		}
		if g.rng.IntN(10) == 0 {
			x := float64(g.rng.IntN(100))
			p.PDoomClaims = []bot.PDoomClaim{{Low: x, High: x, Source: bot.Source{Type: "interview"}}}
		}
		if g.rng.IntN(8) == 0 {
			p.Aliases = []string{"@" + strings.ReplaceAll(id, "-", "_")}
		}
		out = append(out, p)
	}
	return out
}

// stances gives each person one to four stances; strategies are picked with
// a skew, so that some have thousands of people on record and most few.
func (g *generator) stances(people []bot.Person, strategies []bot.Strategy) []bot.Stance {
	skew := rand.NewZipf(g.rng, 1.2, 2, uint64(len(strategies)-1))
	kinds := []bot.StanceKind{bot.StanceEndorses, bot.StanceEndorses, bot.StanceEndorses, bot.StanceOpposes,
		bot.StanceOpposes, bot.StanceMixed, bot.StanceConditional, bot.StanceEvolvedToward}
	var out []bot.Stance
	for _, p := range people {
		taken := map[int]bool{}
		for i := 1 + g.rng.IntN(4); i > 0; i-- {
			s := int(skew.Uint64())
			if taken[s] {
				continue
			}
			taken[s] = true
			out = append(out, bot.Stance{PersonID: p.ID, StrategyID: strategies[s].ID,
				Kind: kinds[g.rng.IntN(len(kinds))], Summary: g.sentence(6 + g.rng.IntN(8))})
		}
	}
	return out
}

// quotes spreads n quotes over the stances, prolific people getting more.
func (g *generator) quotes(n int, stances []bot.Stance) []bot.Quote {
	out := make([]bot.Quote, 0, n)
	seen := map[string]bool{}
	skew := rand.NewZipf(g.rng, 1.01, 50, uint64(len(stances)-1))
	for len(out) < n {
		s := stances[g.rng.IntN(len(stances))]
		if g.rng.IntN(2) == 0 {
			s = stances[skew.Uint64()]
		}
		var sentences []string
		for i := 1 + g.rng.IntN(3); i > 0; i-- {
			sentences = append(sentences, g.sentence(6+g.rng.IntN(12)))
		}
		text := strings.Join(sentences, " ")
		id := bot.QuoteID(s.PersonID, s.StrategyID, text)
		if seen[id] {
			continue
		}
		seen[id] = true
		q := bot.Quote{ID: id, PersonID: s.PersonID, StrategyID: s.StrategyID, Text: text,
			Fidelity: bot.Fidelities[g.rng.IntN(len(bot.Fidelities))],
			Source: bot.Source{Type: g.pick(genSourceTypes), Title: capitalize(g.sentence(3 + g.rng.IntN(5))),
				Publisher: capitalize(g.word()) + " " + g.pick(genPublisherKinds), Date: g.date()}}
		if g.rng.IntN(4) == 0 {
			q.Source.URL = "https://example.org/" + id
		}
		if g.rng.IntN(20) == 0 {
			q.Context = g.sentence(8)
		}
		out = append(out, q)
	}
	return out
}

// date is a source date between 2010 and 2025, to year, month or day precision.
func (g *generator) date() bot.Date {
	d := bot.Date{Year: 2010 + g.rng.IntN(16)}
	switch g.rng.IntN(3) {
	case 1:
		d.Month = 1 + g.rng.IntN(12)
	case 2:
		d.Month, d.Day = 1+g.rng.IntN(12), 1+g.rng.IntN(28)
	}
	return d
}

var genStopWords = strings.Fields(`the of and to a in is that for it as with be on not this are
by we but or from at an they will can if what all would there their so about more`)

var genSyllables = strings.Fields(`ka lo mi ne ra ti zu ve sa do pe li mo na ru te xo fi gu be da
ko la ma ni so ta vi el an or is un ex tra con pro sy lex gen nor`)

// genVocabulary is the frequent head of the generated text: words of the
// debates the bot is about, most frequent first.
var genVocabulary = strings.Fields(`ai models open safety risk research source weights labs frontier
systems training regulation data power people world compute future governance access public
technology development companies government security release capabilities policy alignment
control science knowledge society closed intelligence humanity infrastructure innovation
progress harm benefits trust transparency evaluation concentration competition market economy
developers academia scientists engineers users citizens communities countries china europe
america military weapons misuse bad actors good agi superintelligence existential catastrophe
extinction pause moratorium slow fast race arms international treaty cooperation coordination
standards audits licensing liability law courts rights freedom speech privacy surveillance
democracy accountability oversight institutions incentives profit nonprofit funding investment
startups incumbents monopoly oligopoly capture lobbying lawmakers congress parliament
testimony hearing benchmark dataset tokenizer pretraining finetuning reinforcement feedback
interpretability robustness honesty deception agents autonomy tools reasoning scaling laws
chips gpus energy cost efficiency hardware software ecosystem platforms cloud apis
decentralized distributed sovereign local languages education jobs labor automation
inequality wealth growth productivity medicine biology chemistry cyber attacks defense
offense deterrence verification monitoring reporting incidents red teaming disclosure
openness secrecy replication reproducibility papers preprints conferences peer review
humility uncertainty evidence forecasts probability doom optimism pessimism resilience
backup diversity pluralism values ethics fairness bias harms benefits shared commons
contributions maintainers volunteers communities stewardship responsibility duty precaution`)

var genStrategyAdjectives = strings.Fields(`open global national mandatory voluntary international
decentralized public independent binding strict gradual immediate federated transparent
collective sovereign cooperative compute-based liability-based tiered conditional`)

var genStrategyNouns = strings.Fields(`weights licensing audits moratorium treaty oversight research
standards evaluations disclosure funding compute-caps release-norms red-teaming monitoring
registries insurance safeguards sandboxes alliances consortia`)

var genFirstNames = strings.Fields(`Ada Alan Amara Ana Andrei Aisha Ben Bruno Camille Carlos Chen
Chloe Dara David Deepa Elena Emeka Eva Farid Fatima Felix Gabriel Grace Hana Hugo Ines Ivan Jamal
Jin Jonas Julia Kai Kenji Laila Lars Lena Leo Lucia Malik Maria Mateo Maya Mei Mohamed Nadia Nikhil
Nina Noah Olga Omar Paolo Priya Rafael Rania Ravi Rosa Sami Sara Sofia Tariq Teresa Tomas Uma
Valentina Victor Wei Yara Yusuf Zara Zoe`)

var genLastNames = strings.Fields(`Abara Adeyemi Alvarez Andersen Bauer Becker Bianchi Castillo
Chandra Costa Dubois Eriksen Fischer Fontaine Garcia Gupta Haddad Hansen Horvat Ibrahim Ito Jansen
Kaplan Kato Khan Kim Kowalski Kumar Larsen Laurent Lee Lindqvist Lopez Mahmoud Marino Martin Meyer
Moreau Mueller Nakamura Nguyen Novak Okafor Olsen Oyelaran Park Patel Pereira Petrov Quinn Rahman
Reyes Richter Rossi Sato Schmidt Silva Singh Sokolov Suzuki Tanaka Torres Varga Vogel Wagner Wang
Weber Yamamoto Yilmaz Zhang Zhou Zielinski`)

var genRoles = strings.Fields(`researcher professor founder engineer director economist
journalist investor lawyer scientist fellow advisor`)

var genOrgKinds = strings.Fields(`Labs Institute University Foundation Group Capital Council Center`)

var genSourceTypes = strings.Fields(`blog article paper testimony podcast tweet book talk interview`)

var genPublisherKinds = strings.Fields(`Review Times Journal Press Post Weekly Podcast Substack`)
