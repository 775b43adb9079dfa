package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	_ "modernc.org/sqlite" // the "sqlite" driver, with FTS5

	"github.com/stancebot/stancebot/adapters/console"
	"github.com/stancebot/stancebot/bot"
)

// ftsResult is the SQLite FTS5 baseline: what a Go developer would use
// instead of bleve, over the same quotes and the same /quote words.
type ftsResult struct {
	Build  time.Duration // creating the table and inserting every quote
	Search latencyStats  // MATCH ... ORDER BY rank LIMIT 1
	Card   latencyStats  // the same, then the card from the store, rendered
	// SourceRecall is sourceRecall with LIMIT 3.
	SourceRecall float64
}

// benchFTS builds an FTS5 table of quotes in a new database at path and
// runs the /quote words on it. Cards are read from st and rendered as the
// bot renders its own.
func benchFTS(ctx context.Context, st bot.Store, quotes []bot.Quote, work benchWork, path string) (res ftsResult, err error) {
	words := work.Quote
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
	start := time.Now()
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE quotes USING fts5(id UNINDEXED, text, tokenize = 'porter unicode61 remove_diacritics 2')`); err != nil {
		return res, fmt.Errorf("fts5: create table: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("fts5: %w", err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO quotes (id, text) VALUES (?, ?)`)
	if err != nil {
		_ = tx.Rollback()
		return res, fmt.Errorf("fts5: %w", err)
	}
	for _, q := range quotes {
		if _, err := ins.ExecContext(ctx, q.ID, q.Text); err != nil {
			_ = tx.Rollback()
			return res, fmt.Errorf("fts5: insert: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("fts5: %w", err)
	}
	res.Build = time.Since(start)

	sel, err := db.PrepareContext(ctx, `SELECT id FROM quotes WHERE quotes MATCH ? ORDER BY rank LIMIT 1`)
	if err != nil {
		return res, fmt.Errorf("fts5: %w", err)
	}
	defer sel.Close()
	search := func(i int) (string, error) {
		var id string
		err := sel.QueryRowContext(ctx, ftsMatch(words[i])).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		if err != nil {
			return "", fmt.Errorf("fts5: search %q: %w", words[i], err)
		}
		return id, nil
	}
	if res.Search, err = measure(len(words), func(i int) error { _, err := search(i); return err }); err != nil {
		return res, err
	}
	top3, err := db.PrepareContext(ctx, `SELECT id FROM quotes WHERE quotes MATCH ? ORDER BY rank LIMIT 3`)
	if err != nil {
		return res, fmt.Errorf("fts5: %w", err)
	}
	defer top3.Close()
	if res.SourceRecall, err = sourceRecall(work, func(i int) ([]string, error) {
		rows, err := top3.QueryContext(ctx, ftsMatch(words[i]))
		if err != nil {
			return nil, fmt.Errorf("fts5: search %q: %w", words[i], err)
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
	}); err != nil {
		return res, err
	}
	res.Card, err = measure(len(words), func(i int) error {
		id, err := search(i)
		if err != nil || id == "" {
			return err
		}
		views, err := st.QuoteViews(ctx, []string{id})
		if err != nil {
			return fmt.Errorf("fts5: card: %w", err)
		}
		r := bot.Reply{Visibility: bot.Public}
		for _, v := range views {
			qb := bot.QuoteViewBlock(v)
			r.Cards = append(r.Cards, bot.Card{Title: qb.Speaker + " on " + qb.Strategy, Subtitle: qb.Role, Quotes: []bot.QuoteBlock{qb}})
		}
		return console.Render(io.Discard, r)
	})
	return res, err
}

// ftsMatch is the FTS5 query for a user's words: any of them, each quoted
// so that none is read as query syntax.
func ftsMatch(words string) string {
	toks := strings.FieldsFunc(strings.ToLower(words), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, t := range toks {
		toks[i] = `"` + t + `"`
	}
	if len(toks) == 0 {
		return `""`
	}
	return strings.Join(toks, " OR ")
}
