package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/stancebot/stancebot/atlas"
	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/bot/store"
	"github.com/stancebot/stancebot/index"
)

func init() {
	subcommands["relevance"] = subcommand{
		summary: "measure /quote on the board's real quotes: relevance --atlas PATH [--queries FILE] [--rev REV] [-v]",
		run:     runRelevance,
	}
}

// relevanceKinds are the kinds of query of a relevance set, in the order
// they are reported.
var relevanceKinds = []string{"gist", "quick", "typo", "surname", "concept"}

// relevanceQuery is one line of a relevance set: a query in a user's own
// words and every person whose quote answers it.
type relevanceQuery struct {
	kind, words string
	speakers    []string // person ids
}

// readRelevanceSet reads a relevance set: KIND<TAB>QUERY<TAB>ID,ID,...
// lines, # comments and blank lines.
func readRelevanceSet(r io.Reader) ([]relevanceQuery, error) {
	var out []relevanceQuery
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != 3 || strings.TrimSpace(f[1]) == "" || strings.TrimSpace(f[2]) == "" {
			return nil, fmt.Errorf("line %d: want KIND<TAB>QUERY<TAB>PERSON-ID,...", line)
		}
		known := false
		for _, k := range relevanceKinds {
			known = known || f[0] == k
		}
		if !known {
			return nil, fmt.Errorf("line %d: kind %q is not one of %s", line, f[0], strings.Join(relevanceKinds, ", "))
		}
		out = append(out, relevanceQuery{kind: f[0], words: f[1], speakers: strings.Split(f[2], ",")})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// relevanceScore is recall at 1 and at 3 of some queries.
type relevanceScore struct{ n, at1, at3 int }

func (s relevanceScore) String() string {
	return fmt.Sprintf("n=%3d  recall@1 %.2f  recall@3 %.2f", s.n, float64(s.at1)/float64(max(1, s.n)), float64(s.at3)/float64(max(1, s.n)))
}

// runRelevance runs `stancebench relevance`: the board at PATH (a clone of
// github.com/NoahLloyd/strategy-atlas) is read, imported into a new store
// and indexed, and every query of the relevance set is searched as /quote
// searches; a query counts at k when a quote among the first k is by one
// of its speakers.
func runRelevance(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("relevance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("atlas", "", "the board's git repository `PATH` (a clone of github.com/NoahLloyd/strategy-atlas; required)")
	rev := fs.String("rev", "", "the board's commit to read (default: the head)")
	queries := fs.String("queries", filepath.Join("index", "testdata", "board-relevance.tsv"), "the relevance set `FILE`")
	verbose := fs.Bool("v", false, "print every query that misses at 1, with the speakers found")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if *path == "" || fs.NArg() != 0 {
		return fmt.Errorf("%w: give the board's checkout: stancebench relevance --atlas PATH", errUsage)
	}
	f, err := os.Open(*queries)
	if err != nil {
		return fmt.Errorf("relevance: %w", err)
	}
	set, err := readRelevanceSet(f)
	_ = f.Close()
	if err != nil {
		return fmt.Errorf("relevance: %s: %w", *queries, err)
	}

	repo, err := atlas.Open(*path)
	if err != nil {
		return fmt.Errorf("relevance: %w", err)
	}
	c, err := repo.Resolve(*rev)
	if err != nil {
		return fmt.Errorf("relevance: %w", err)
	}
	board, err := repo.Read(ctx, c, atlas.Limits{})
	if err != nil {
		return fmt.Errorf("relevance: read the board: %w", err)
	}
	ds, _ := board.Dataset()
	dir, err := os.MkdirTemp("", "stancebench-relevance-")
	if err != nil {
		return fmt.Errorf("relevance: %w", err)
	}
	defer os.RemoveAll(dir)
	quiet := slog.New(slog.DiscardHandler)
	db, err := store.Open(ctx, filepath.Join(dir, storeFile), store.Options{Logger: quiet})
	if err != nil {
		return fmt.Errorf("relevance: %w", err)
	}
	defer db.Close()
	if _, err := db.Import(ctx, ds); err != nil {
		return fmt.Errorf("relevance: import the board: %w", err)
	}
	ix, err := index.Open(ctx, filepath.Join(dir, indexDir), db, index.Options{Logger: quiet})
	if err != nil {
		return fmt.Errorf("relevance: %w", err)
	}
	defer ix.Close()
	people := map[string]bool{}
	for _, p := range ds.People {
		people[p.ID] = true
	}

	fmt.Fprintf(stdout, "stancebench relevance --atlas %s: board commit %s, %d quotes, %d queries from %s\n",
		*path, c.Short(), len(ds.Quotes), len(set), *queries)
	byKind := map[string]*relevanceScore{}
	var all relevanceScore
	for _, q := range set {
		for _, id := range q.speakers {
			if !people[id] {
				return fmt.Errorf("relevance: %q: the board has no person %q", q.words, id)
			}
		}
		hits, err := ix.Search(ctx, bot.QuoteQuery{Words: q.words, Limit: 3})
		if err != nil {
			return fmt.Errorf("relevance: %q: %w", q.words, err)
		}
		ids := make([]string, len(hits.Hits))
		for i, h := range hits.Hits {
			ids[i] = h.QuoteID
		}
		views, err := db.QuoteViews(ctx, ids)
		if err != nil {
			return fmt.Errorf("relevance: %w", err)
		}
		rank, found := 0, make([]string, 0, len(views))
		for i, v := range views {
			found = append(found, v.Quote.PersonID)
			for _, s := range q.speakers {
				if v.Quote.PersonID == s && rank == 0 {
					rank = i + 1
				}
			}
		}
		s := byKind[q.kind]
		if s == nil {
			s = &relevanceScore{}
			byKind[q.kind] = s
		}
		for _, sc := range []*relevanceScore{s, &all} {
			sc.n++
			if rank == 1 {
				sc.at1++
			}
			if rank >= 1 {
				sc.at3++
			}
		}
		if *verbose && rank != 1 {
			fmt.Fprintf(stdout, "  %-8s %-60q rank %d, found %v, want %v\n", q.kind, q.words, rank, found, q.speakers)
		}
	}
	for _, k := range relevanceKinds {
		if s := byKind[k]; s != nil {
			fmt.Fprintf(stdout, "%-8s %s\n", k, s)
		}
	}
	fmt.Fprintf(stdout, "%-8s %s\n", "all", all)
	return nil
}
