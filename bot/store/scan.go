package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// fieldSep (U+001F, unit separator) joins the values of a packed row and a
// list of aliases in one column. Import refuses text containing it, so it
// never occurs inside a value.
const fieldSep = "\x1f"

// Column lists and their scanners. Every query that returns a person,
// strategy, stance, quote or change selects exactly these columns, in this
// order, under these table aliases (p, s, st, q, c).
//
// Stances and quotes, the rows /whoendorses reads by the hundred, are
// packed: one column, concat_ws(char(31), ...) of their NOT NULL columns,
// split again in Go. With modernc.org/sqlite every column fetched costs
// several C calls, each taking the connection's mutex; one column per row
// makes these reads about three times faster.
const (
	personCols = `p.id, p.name, p.role, p.expertise, p.recognition, p.vintage,
	p.pdoom_percent, p.pdoom_source, p.profiled, p.recorded_at,
	(SELECT group_concat(alias, char(31) ORDER BY position) FROM person_aliases WHERE person_id = p.id)`
	strategyCols = `s.id, s.name, s.summary, s.recorded_at,
	(SELECT group_concat(alias, char(31) ORDER BY position) FROM strategy_aliases WHERE strategy_id = s.id)`
	stanceRow = `concat_ws(char(31), st.person_id, st.strategy_id, st.kind, st.summary, st.recorded_at,
	st.kind_supplied)`
	// stanceRowOrNull is stanceRow for a LEFT JOIN: NULL when there is no stance.
	stanceRowOrNull = `CASE WHEN st.kind IS NULL THEN NULL ELSE ` + stanceRow + ` END`
	stanceFields    = 6
	quoteRow        = `concat_ws(char(31), q.id, q.person_id, q.strategy_id, q.text, q.fidelity, q.source_type,
	q.source_title, q.publisher, q.date_year, q.date_month, q.date_day, q.url, q.context, q.recorded_at,
	` + quoteTruthCols + `)`
	quoteFields = 14 + quoteTruthFields
	changeCols  = `c.seq, c.kind, c.person_id, c.strategy_id, c.quote_id, c.old_kind, c.old_summary,
	c.old_recorded_at, c.new_kind, c.new_summary, c.recorded_at`
)

// splitRow splits a packed row into exactly len(into) values.
func splitRow(row string, into []string) error {
	last := len(into) - 1
	for i := 0; i < last; i++ {
		v, rest, ok := strings.Cut(row, fieldSep)
		if !ok {
			return fmt.Errorf("stored row has %d values, want %d", i+1, len(into))
		}
		into[i], row = v, rest
	}
	if strings.Contains(row, fieldSep) {
		return fmt.Errorf("stored row has more than %d values", len(into))
	}
	into[last] = row
	return nil
}

// splitAliases undoes group_concat; NULL (no aliases) is nil.
func splitAliases(s sql.NullString) []string {
	if !s.Valid || s.String == "" {
		return nil
	}
	return strings.Split(s.String, fieldSep)
}

// personScan receives personCols.
type personScan struct {
	p           bot.Person
	expertise   string
	recognition string
	vintage     string
	pdoom       sql.NullFloat64
	pdoomSource string
	recordedAt  string
	aliases     sql.NullString
}

func (x *personScan) dest() []any {
	return []any{&x.p.ID, &x.p.Name, &x.p.Role, &x.expertise, &x.recognition, &x.vintage,
		&x.pdoom, &x.pdoomSource, &x.p.Profiled, &x.recordedAt, &x.aliases}
}

func (x *personScan) person() (bot.Person, error) {
	p := x.p
	p.Expertise = bot.Expertise(x.expertise)
	p.Recognition = bot.Recognition(x.recognition)
	p.Vintage = bot.Vintage(x.vintage)
	if x.pdoom.Valid {
		p.PDoom = &bot.PDoom{Percent: x.pdoom.Float64, Source: x.pdoomSource}
	}
	p.Aliases = splitAliases(x.aliases)
	var err error
	if p.RecordedAt, err = parseTime(x.recordedAt); err != nil {
		return bot.Person{}, fmt.Errorf("person %s: %w", p.ID, err)
	}
	return p, nil
}

// strategyScan receives strategyCols.
type strategyScan struct {
	s          bot.Strategy
	recordedAt string
	aliases    sql.NullString
}

func (x *strategyScan) dest() []any {
	return []any{&x.s.ID, &x.s.Name, &x.s.Summary, &x.recordedAt, &x.aliases}
}

func (x *strategyScan) strategy() (bot.Strategy, error) {
	s := x.s
	s.Aliases = splitAliases(x.aliases)
	var err error
	if s.RecordedAt, err = parseTime(x.recordedAt); err != nil {
		return bot.Strategy{}, fmt.Errorf("strategy %s: %w", s.ID, err)
	}
	return s, nil
}

// stanceScan receives stanceRow or stanceRowOrNull.
type stanceScan struct {
	row sql.NullString
}

func (x *stanceScan) dest() []any { return []any{&x.row} }

// stance returns the stance, or nil when the row was NULL (a LEFT JOIN
// without a stance).
func (x *stanceScan) stance() (*bot.Stance, error) {
	if !x.row.Valid {
		return nil, nil
	}
	var f [stanceFields]string
	if err := splitRow(x.row.String, f[:]); err != nil {
		return nil, fmt.Errorf("stance: %w", err)
	}
	st, err := stanceOf(f[:])
	if err != nil {
		return nil, err
	}
	return &st, nil
}

// stanceOf builds a stance from the first stanceFields values of a packed row.
func stanceOf(f []string) (bot.Stance, error) {
	t, err := parseTime(f[4])
	if err != nil {
		return bot.Stance{}, fmt.Errorf("stance %s/%s: %w", f[0], f[1], err)
	}
	return bot.Stance{PersonID: f[0], StrategyID: f[1], Kind: bot.StanceKind(f[2]), Summary: f[3], RecordedAt: t,
		KindSupplied: f[5] == "1"}, nil
}

// mustStance is stance for an inner join, where the stance is always there.
func (x *stanceScan) mustStance() (bot.Stance, error) {
	st, err := x.stance()
	if err != nil {
		return bot.Stance{}, err
	}
	if st == nil {
		return bot.Stance{}, errors.New("stance: unexpected NULL row")
	}
	return *st, nil
}

// quoteScan receives quoteRow.
type quoteScan struct {
	row string
}

func (x *quoteScan) dest() []any { return []any{&x.row} }

func (x *quoteScan) quote() (bot.Quote, error) {
	var f [quoteFields]string
	if err := splitRow(x.row, f[:]); err != nil {
		return bot.Quote{}, fmt.Errorf("quote: %w", err)
	}
	q := bot.Quote{ID: f[0], PersonID: f[1], StrategyID: f[2], Text: f[3], Fidelity: bot.Fidelity(f[4]),
		Source: bot.Source{Type: f[5], Title: f[6], Publisher: f[7], URL: f[11]}, Context: f[12]}
	var err error
	for i, dst := range []*int{&q.Source.Date.Year, &q.Source.Date.Month, &q.Source.Date.Day} {
		if *dst, err = strconv.Atoi(f[8+i]); err != nil {
			return bot.Quote{}, fmt.Errorf("quote %s date: %w", q.ID, err)
		}
	}
	if q.RecordedAt, err = parseTime(f[13]); err != nil {
		return bot.Quote{}, fmt.Errorf("quote %s: %w", q.ID, err)
	}
	if err := scanQuoteTruth(&q, f[14:]); err != nil {
		return bot.Quote{}, err
	}
	return q, nil
}

// changeScan receives changeCols.
type changeScan struct {
	c                         bot.Change
	kind, oldKind, newKind    string
	oldRecordedAt, recordedAt string
}

func (x *changeScan) dest() []any {
	c := &x.c
	return []any{&c.Seq, &x.kind, &c.PersonID, &c.StrategyID, &c.QuoteID, &x.oldKind, &c.OldSummary,
		&x.oldRecordedAt, &x.newKind, &c.NewSummary, &x.recordedAt}
}

func (x *changeScan) change() (bot.Change, error) {
	c := x.c
	c.Kind = bot.ChangeKind(x.kind)
	c.OldKind = bot.StanceKind(x.oldKind)
	c.NewKind = bot.StanceKind(x.newKind)
	var err error
	if c.OldRecordedAt, err = parseTime(x.oldRecordedAt); err != nil {
		return bot.Change{}, fmt.Errorf("change %d: %w", c.Seq, err)
	}
	if c.RecordedAt, err = parseTime(x.recordedAt); err != nil {
		return bot.Change{}, fmt.Errorf("change %d: %w", c.Seq, err)
	}
	return c, nil
}

// queryAll runs a query and calls each for every row; the scanner is reset
// by each (it owns its destination values).
func queryAll(rows *sql.Rows, err error, dest []any, each func() error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if err := each(); err != nil {
			return err
		}
	}
	return rows.Err()
}
