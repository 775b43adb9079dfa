package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// Import upserts ds in one write transaction, by natural keys: strategy id,
// person id, (person, strategy) for stances, quote id, story id, canonical
// strategy id, strategy id for stated aggregates. Each entity named is
// replaced as given (aliases, claims, sections and replies included);
// entities the dataset does not name are left alone, and so is the board
// when ds.Board is nil. An entity identical to the stored one is not
// touched; a new or changed one gets a change row and recorded_at = Now().
// A changed stance keeps its old kind, summary and time in its change row.
// Invalid input or a reference that resolves neither in ds nor in the store
// is an EINVALID *bot.Error, and the store is left as it was.
func (db *DB) Import(ctx context.Context, ds bot.Dataset) (bot.ImportReport, error) {
	return db.ImportFrom(ctx, ds, bot.ImportOptions{})
}

// ImportFrom is Import for a dataset that comes from a source. Stances and
// quotes it writes are remembered as opts.Source's; a new entity without a
// SourceTime gets opts.SourceTime; with opts.Source set, people and each
// person's stances without an Order get their place in ds. With
// opts.Snapshot, this source's current stances and quotes that ds does not
// hold are retracted: kept, marked with the change row (kind
// stance-retracted or quote-retracted, with opts.Revision) that retracted
// them, and left out of every current read; one that reappears is current
// again (a new change row).
func (db *DB) ImportFrom(ctx context.Context, ds bot.Dataset, opts bot.ImportOptions) (bot.ImportReport, error) {
	ds, err := normalizeDataset(ds)
	if err != nil {
		return bot.ImportReport{}, fmt.Errorf("import: %w", err)
	}
	var rep bot.ImportReport
	err = db.Write(ctx, func(tx *sql.Tx) error {
		im := newImporter(ctx, tx, formatTime(db.now()), &rep, opts)
		defer im.close()
		return im.run(ds)
	})
	if err != nil {
		return bot.ImportReport{}, fmt.Errorf("import: %w", err)
	}
	db.log.Debug("store: import", "source", opts.Source, "revision", opts.Revision,
		"added", rep.Added.Total(), "changed", rep.Changed.Total(), "retracted", rep.Retracted.Total())
	return rep, nil
}

// importer is one Import's state inside its transaction.
type importer struct {
	ctx        context.Context
	tx         *sql.Tx
	now        string               // recorded_at of everything this import records
	stmts      map[string]*sql.Stmt // prepared statements, by query
	exists     map[string]bool      // "table\x00id" -> the row exists
	rep        *bot.ImportReport
	opts       bot.ImportOptions
	sourceTime string          // opts.SourceTime, formatted
	reordered  bool            // some person or stance moved in the source's order only
	recount    map[string]bool // person ids whose stances' quote counts the import may have changed
}

// newImporter returns an importer writing in tx what it records at now
// (formatted), counting into rep.
func newImporter(ctx context.Context, tx *sql.Tx, now string, rep *bot.ImportReport, opts bot.ImportOptions) *importer {
	return &importer{ctx: ctx, tx: tx, now: now, stmts: map[string]*sql.Stmt{}, exists: map[string]bool{},
		rep: rep, opts: opts, sourceTime: formatTime(opts.SourceTime), recount: map[string]bool{}}
}

// run imports ds, then recounts the quotes of the people it changed.
func (im *importer) run(ds bot.Dataset) error {
	if err := im.apply(ds); err != nil {
		return err
	}
	return im.recountQuotes()
}

// apply imports ds without the recount: a caller that changes more in the
// transaction (a correction retracts the old version) then recounts once,
// with recountQuotes.
func (im *importer) apply(ds bot.Dataset) error {
	if b := ds.Board; b != nil {
		var old bot.Board
		found, err := im.queryRow(`SELECT name, profiled_total, synthetic FROM board WHERE id = 1`, nil,
			&old.Name, &old.ProfiledTotal, &old.Synthetic)
		if err != nil {
			return fmt.Errorf("board: %w", err)
		}
		if !found || old != *b {
			im.count(!found, func(c *bot.ImportCounts) *int { return &c.Board })
		}
		if _, err := im.exec(`INSERT INTO board (id, name, profiled_total, synthetic) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, profiled_total = excluded.profiled_total,
				synthetic = excluded.synthetic`,
			b.Name, b.ProfiledTotal, b.Synthetic); err != nil {
			return fmt.Errorf("board: %w", err)
		}
	}
	for _, c := range ds.Canonical {
		if err := im.canonical(c); err != nil {
			return fmt.Errorf("canonical strategy %s: %w", c.ID, err)
		}
	}
	for _, s := range ds.Strategies {
		if err := im.strategy(s); err != nil {
			return fmt.Errorf("strategy %s: %w", s.ID, err)
		}
	}
	for i, p := range ds.People {
		if p.Order == 0 && im.opts.Source != "" {
			p.Order = i + 1
		}
		if err := im.person(p); err != nil {
			return fmt.Errorf("person %s: %w", p.ID, err)
		}
	}
	places := map[string]int{} // person id -> stances so far, for Order
	for _, s := range ds.Stances {
		places[s.PersonID]++
		if s.Order == 0 && im.opts.Source != "" {
			s.Order = places[s.PersonID]
		}
		if err := im.stance(s); err != nil {
			return fmt.Errorf("stance %s on %s: %w", s.PersonID, s.StrategyID, err)
		}
	}
	for _, q := range ds.Quotes {
		if err := im.quote(q); err != nil {
			return fmt.Errorf("quote %s: %w", q.ID, err)
		}
	}
	for _, s := range ds.Stories {
		if err := im.story(s); err != nil {
			return fmt.Errorf("story %s: %w", s.ID, err)
		}
	}
	for _, a := range ds.Stated {
		if err := im.stated(a); err != nil {
			return fmt.Errorf("stated aggregates of %s: %w", a.StrategyID, err)
		}
	}
	if im.opts.Snapshot {
		if err := im.retractMissing(ds); err != nil {
			return err
		}
	}
	if im.reordered {
		if _, err := im.record(changeRow{kind: bot.ChangeOrderChanged}); err != nil {
			return err
		}
	}
	return nil
}

// recountQuotes recounts the quote counts of the stances of every person
// whose stances or quotes this import recorded a change of (migration
// 0007: stances.quotes and stances.all_quotes), in sorted order.
func (im *importer) recountQuotes() error {
	for _, id := range slices.Sorted(maps.Keys(im.recount)) {
		if _, err := im.exec(`UPDATE stances SET quotes = (SELECT count(*) FROM quotes q
			WHERE q.strategy_id = stances.strategy_id AND q.person_id = stances.person_id AND q.retracted_seq = 0)
			WHERE person_id = ?`, id); err != nil {
			return fmt.Errorf("recount quotes of %s: %w", id, err)
		}
		if _, err := im.exec(`UPDATE stances SET all_quotes = (SELECT coalesce(sum(o.quotes), 0) FROM stances o
			WHERE o.person_id = ?1 AND o.retracted_seq = 0) WHERE person_id = ?1`, id); err != nil {
			return fmt.Errorf("recount quotes of %s: %w", id, err)
		}
	}
	return nil
}

// sourceTimeOr is t formatted, or the import's source time when t is zero.
func (im *importer) sourceTimeOr(t time.Time) string {
	if t.IsZero() {
		return im.sourceTime
	}
	return formatTime(t)
}

// stmt returns the transaction's prepared statement for query.
func (im *importer) stmt(query string) (*sql.Stmt, error) {
	if st, ok := im.stmts[query]; ok {
		return st, nil
	}
	st, err := im.tx.PrepareContext(im.ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare %q: %w", firstLine(query), err)
	}
	im.stmts[query] = st
	return st, nil
}

func (im *importer) exec(query string, args ...any) (sql.Result, error) {
	st, err := im.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(im.ctx, args...)
}

// queryRow scans the one row of query into dest and reports whether there was one.
func (im *importer) queryRow(query string, args []any, dest ...any) (bool, error) {
	st, err := im.stmt(query)
	if err != nil {
		return false, err
	}
	return scanOne(st.QueryRowContext(im.ctx, args...), dest...)
}

func (im *importer) close() {
	for _, st := range im.stmts {
		st.Close()
	}
}

// changeRow is one row of the change log, before it has a seq.
type changeRow struct {
	kind                          bot.ChangeKind
	personID, strategyID, quoteID string
	oldKind                       bot.StanceKind
	oldSummary, oldRecordedAt     string
	oldTentative                  bool
	newKind                       bot.StanceKind
	newSummary                    string
	newTentative                  bool
}

// record appends c to the change log, with the revision imported, and
// returns its seq. The person it names has their quotes recounted.
func (im *importer) record(c changeRow) (int64, error) {
	if c.personID != "" {
		im.recount[c.personID] = true
	}
	res, err := im.exec(`INSERT INTO changes (kind, person_id, strategy_id, quote_id, old_kind, old_summary,
		old_tentative, old_recorded_at, new_kind, new_summary, new_tentative, recorded_at, revision)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.kind, c.personID, c.strategyID, c.quoteID, c.oldKind, c.oldSummary, c.oldTentative, c.oldRecordedAt,
		c.newKind, c.newSummary, c.newTentative, im.now, im.opts.Revision)
	if err != nil {
		return 0, fmt.Errorf("record change: %w", err)
	}
	return res.LastInsertId()
}

// has reports whether table holds a row with this id; the dataset's own
// strategies and people are in the store by the time it is asked.
func (im *importer) has(table, id string) (bool, error) {
	k := table + "\x00" + id
	if ok, known := im.exists[k]; known {
		return ok, nil
	}
	var one int
	// table is one of this file's constants, never input.
	ok, err := im.queryRow(`SELECT 1 FROM `+table+` WHERE id = ?`, []any{id}, &one)
	if err != nil {
		return false, err
	}
	im.exists[k] = ok
	return ok, nil
}

// refs checks that a stance's or quote's person and strategy exist.
func (im *importer) refs(what, personID, strategyID string) error {
	ok, err := im.has("people", personID)
	if err != nil {
		return err
	}
	if !ok {
		return bot.Errorf(bot.EINVALID, "%s: no person %q in the dataset or the store.", what, personID)
	}
	if ok, err = im.has("strategies", strategyID); err != nil {
		return err
	}
	if !ok {
		return bot.Errorf(bot.EINVALID, "%s: no strategy %q in the dataset or the store.", what, strategyID)
	}
	return nil
}

// replaceList deletes the rows of a child table for one parent and inserts
// n new ones with args(i) as the values after (parent, position).
func (im *importer) replaceList(table, parentCol, parentID, cols string, n int, args func(i int) []any) error {
	// table and the column names are this file's constants, never input.
	if _, err := im.exec(`DELETE FROM `+table+` WHERE `+parentCol+` = ?`, parentID); err != nil {
		return fmt.Errorf("replace %s: %w", table, err)
	}
	for i := 0; i < n; i++ {
		a := args(i)
		marks := "?, ?"
		for range a {
			marks += ", ?"
		}
		q := `INSERT INTO ` + table + ` (` + parentCol + `, position, ` + cols + `) VALUES (` + marks + `)`
		if _, err := im.exec(q, append([]any{parentID, i}, a...)...); err != nil {
			return fmt.Errorf("replace %s: %w", table, err)
		}
	}
	return nil
}

func (im *importer) count(isNew bool, field func(*bot.ImportCounts) *int) {
	if isNew {
		*field(&im.rep.Added)++
	} else {
		*field(&im.rep.Changed)++
	}
}
