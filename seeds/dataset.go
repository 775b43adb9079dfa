package seeds

import (
	"fmt"
	"sort"

	"github.com/stancebot/stancebot/bot"
)

// The files of a dataset directory, in the order they are read and written.
const (
	boardFile      = "board.toml"
	strategiesFile = "strategies.toml"
	peopleFile     = "people.toml"
	stancesFile    = "stances.toml"
	quotesFile     = "quotes.toml"
	storiesFile    = "stories.toml"
	canonicalFile  = "canonical.toml"
	statedFile     = "stated.toml"
)

// DatasetFiles lists the files of a dataset directory.
var DatasetFiles = []string{boardFile, canonicalFile, strategiesFile, peopleFile, stancesFile, quotesFile, storiesFile, statedFile}

// The [[table]] name of each file's entries.
const (
	strategyTable    = "strategy"
	personTable      = "person"
	stanceTable      = "stance"
	quoteTable       = "quote"
	storyTable       = "story"
	sectionTable     = "section" // [[story.section]]
	replyTable       = "reply"   // [[story.reply]]
	canonicalTable   = "canonical"
	statedTable      = "stated"
	unnamedTable     = "unnamed"     // [[stated.unnamed]]
	affiliationTable = "affiliation" // [[person.affiliation]]
	pdoomTable       = "pdoom"       // [[person.pdoom]]
	timelineTable    = "timeline"    // [[person.timeline]]
)

// FileError is a problem in one dataset file: the file, the line (0 when
// it cannot be told) and what is wrong.
type FileError struct {
	File string
	Line int
	Msg  string
}

// Error formats the problem as "file:line: what is wrong".
func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// where names an entry of a dataset file: the index-th [[table]] (or the
// file's top level when table is ""), optionally its subIndex-th
// [[table.sub]], and the key at fault ("" for the entry as a whole).
type where struct {
	file     string
	table    string
	index    int
	sub      string
	subIndex int
	key      string
}

// entryError is a problem with one entry of a dataset.
type entryError struct {
	at  where
	msg string
}

// sortedDataset returns a copy of ds in the order dataset files are
// written: strategies, people and stories by id, stances by person then
// strategy, quotes by person, strategy, then id (the store's export order).
func sortedDataset(ds bot.Dataset) bot.Dataset {
	out := ds
	out.Strategies = sortedCopy(ds.Strategies, func(a, b bot.Strategy) bool { return a.ID < b.ID })
	out.People = sortedCopy(ds.People, func(a, b bot.Person) bool { return a.ID < b.ID })
	out.Stances = sortedCopy(ds.Stances, func(a, b bot.Stance) bool {
		if a.PersonID != b.PersonID {
			return a.PersonID < b.PersonID
		}
		return a.StrategyID < b.StrategyID
	})
	out.Quotes = sortedCopy(ds.Quotes, func(a, b bot.Quote) bool {
		if a.PersonID != b.PersonID {
			return a.PersonID < b.PersonID
		}
		if a.StrategyID != b.StrategyID {
			return a.StrategyID < b.StrategyID
		}
		return quoteID(a) < quoteID(b)
	})
	out.Stories = sortedCopy(ds.Stories, func(a, b bot.Story) bool { return a.ID < b.ID })
	out.Canonical = sortedCopy(ds.Canonical, func(a, b bot.CanonicalStrategy) bool { return a.ID < b.ID })
	out.Stated = sortedCopy(ds.Stated, func(a, b bot.StatedAggregates) bool { return a.StrategyID < b.StrategyID })
	return out
}

func sortedCopy[T any](in []T, less func(a, b T) bool) []T {
	out := append([]T(nil), in...)
	sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

// quoteID is a quote's id derived from its natural key.
func quoteID(q bot.Quote) string { return bot.QuoteID(q.PersonID, q.StrategyID, q.Text) }
