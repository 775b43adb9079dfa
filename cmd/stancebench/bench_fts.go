package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	porterstemmer "github.com/blevesearch/go-porterstemmer"
	_ "modernc.org/sqlite" // the "sqlite" driver, with FTS5

	"github.com/stancebot/stancebot/adapters/console"
	"github.com/stancebot/stancebot/bot"
)

// ftsResult is one SQLite FTS5 baseline over the /quote words of a
// workload: what a Go developer would use instead of bleve.
type ftsResult struct {
	Search latencyStats // the first three quotes
	Card   latencyStats // the same, then the first one's card from the store, rendered
	Recall float64      // the share of words whose source quote is among the three
}

// ftsBaselines are the FTS5 baselines of one size: "or" is any of the
// words, ranked by bm25 (as first benched); "fair" is what a competent
// developer writes: all the words first, then any; words FTS5 does not
// know dropped from the first query and taken as prefixes in the second;
// the speaker's name in a column of its own.
type ftsBaselines struct {
	Build                 time.Duration // creating the table and inserting every quote
	Or, Fair              ftsResult     // on the workload's words
	OrParaphrase, FairPar ftsResult     // on its paraphrases
}

// ftsPrefixLen is how many letters of a word FTS5 does not know the fair
// baseline keeps as a prefix: a typo is most often past them.
const ftsPrefixLen = 4

// benchFTS builds an FTS5 table of quotes (text and speaker) in a new
// database at path and runs the workload's /quote words on it. Cards are
// read from st and rendered as the bot renders its own.
func benchFTS(ctx context.Context, st bot.Store, ds bot.Dataset, work benchWork, path string) (res ftsBaselines, err error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return res, fmt.Errorf("fts5: %w", err)
	}
	defer func() {
		if cerr := db.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("fts5: %w", cerr)
		}
	}()
	db.SetMaxOpenConns(1)
	names := make(map[string]string, len(ds.People))
	for _, p := range ds.People {
		names[p.ID] = strings.Join(append([]string{p.Name}, p.Aliases...), " ")
	}
	start := time.Now()
	for _, stmt := range []string{
		`CREATE VIRTUAL TABLE quotes USING fts5(id UNINDEXED, text, speaker, tokenize = 'porter unicode61 remove_diacritics 2')`,
		`CREATE VIRTUAL TABLE quotes_vocab USING fts5vocab(quotes, 'row')`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return res, fmt.Errorf("fts5: create table: %w", err)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("fts5: %w", err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO quotes (id, text, speaker) VALUES (?, ?, ?)`)
	if err != nil {
		_ = tx.Rollback()
		return res, fmt.Errorf("fts5: %w", err)
	}
	for _, q := range ds.Quotes {
		if _, err := ins.ExecContext(ctx, q.ID, q.Text, names[q.PersonID]); err != nil {
			_ = tx.Rollback()
			return res, fmt.Errorf("fts5: insert: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("fts5: %w", err)
	}
	res.Build = time.Since(start)

	sel, err := db.PrepareContext(ctx, `SELECT id FROM quotes WHERE quotes MATCH ? ORDER BY bm25(quotes, 0, 1.0, 1.5) LIMIT 3`)
	if err != nil {
		return res, fmt.Errorf("fts5: %w", err)
	}
	defer sel.Close()
	known, err := db.PrepareContext(ctx, `SELECT count(*) FROM quotes_vocab WHERE term = ?`)
	if err != nil {
		return res, fmt.Errorf("fts5: %w", err)
	}
	defer known.Close()
	top3 := func(match string) ([]string, error) {
		rows, err := sel.QueryContext(ctx, match)
		if err != nil {
			return nil, fmt.Errorf("fts5: search %q: %w", match, err)
		}
		defer rows.Close()
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return nil, fmt.Errorf("fts5: %w", err)
			}
			ids = append(ids, id)
		}
		return ids, rows.Err()
	}
	or := func(words string) ([]string, error) { return top3(ftsMatch(ftsWords(words), nil, " OR ")) }
	fair := func(words string) ([]string, error) {
		var in, out []string // words the table has, and those it does not
		for _, w := range ftsWords(words) {
			var n int
			if err := known.QueryRowContext(ctx, porterstemmer.StemString(w)).Scan(&n); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, fmt.Errorf("fts5: vocabulary: %w", err)
			}
			if n > 0 {
				in = append(in, w)
			} else {
				out = append(out, w)
			}
		}
		var ids []string
		if len(in) > 0 {
			var err error
			if ids, err = top3(ftsMatch(in, nil, " AND ")); err != nil {
				return nil, err
			}
		}
		if len(ids) < 3 && len(in)+len(out) > 1 || len(in) == 0 {
			more, err := top3(ftsMatch(in, out, " OR "))
			if err != nil {
				return nil, err
			}
			for _, id := range more {
				if len(ids) < 3 && !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
		return ids, nil
	}
	card := func(ids []string) error {
		if len(ids) == 0 {
			return nil
		}
		views, err := st.QuoteViews(ctx, ids[:1])
		if err != nil {
			return fmt.Errorf("fts5: card: %w", err)
		}
		r := bot.Reply{Visibility: bot.Public}
		for _, v := range views {
			qb := bot.QuoteViewBlock(v)
			r.Cards = append(r.Cards, bot.Card{Title: qb.Speaker + " on " + qb.Strategy, Subtitle: qb.Role, Quotes: []bot.QuoteBlock{qb}})
		}
		return console.Render(io.Discard, r)
	}
	run := func(words []string, find func(string) ([]string, error)) (ftsResult, error) {
		var r ftsResult
		var err error
		r.Search, r.Card, r.Recall, err = measureFind(words, work.QuoteSource, find, card)
		return r, err
	}
	if res.Or, err = run(work.Quote, or); err != nil {
		return res, err
	}
	if res.Fair, err = run(work.Quote, fair); err != nil {
		return res, err
	}
	if res.OrParaphrase, err = run(work.Paraphrase, or); err != nil {
		return res, err
	}
	res.FairPar, err = run(work.Paraphrase, fair)
	return res, err
}

// ftsWords are the words of a user's query as FTS5 would tokenise them.
func ftsWords(words string) []string {
	return strings.FieldsFunc(strings.ToLower(words), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// ftsMatch is an FTS5 query: the words, each quoted so that none is read
// as query syntax, and the first letters of prefixes as prefix queries,
// joined by op.
func ftsMatch(words, prefixes []string, op string) string {
	var toks []string
	for _, w := range words {
		toks = append(toks, `"`+w+`"`)
	}
	for _, w := range prefixes {
		if r := []rune(w); len(r) > ftsPrefixLen {
			w = string(r[:ftsPrefixLen])
		}
		toks = append(toks, `"`+w+`"*`)
	}
	if len(toks) == 0 {
		return `""`
	}
	return strings.Join(toks, op)
}
