package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// aliasSep joins aliases in one column (group_concat); Import refuses aliases
// containing control characters, so it never occurs inside one.
const aliasSep = "\x1f"

// Column lists and their scanners. Every query that returns a person,
// strategy, stance, quote or change selects exactly these columns, in this
// order, under these table aliases (p, s, st, q, c).
const (
	personCols = `p.id, p.name, p.role, p.expertise, p.recognition, p.vintage,
	p.pdoom_percent, p.pdoom_source, p.profiled, p.recorded_at,
	(SELECT group_concat(alias, char(31) ORDER BY position) FROM person_aliases WHERE person_id = p.id)`
	strategyCols = `s.id, s.name, s.summary, s.recorded_at,
	(SELECT group_concat(alias, char(31) ORDER BY position) FROM strategy_aliases WHERE strategy_id = s.id)`
	stanceCols = `st.person_id, st.strategy_id, st.kind, st.summary, st.recorded_at`
	quoteCols  = `q.id, q.person_id, q.strategy_id, q.text, q.fidelity, q.source_type, q.source_title,
	q.publisher, q.date_year, q.date_month, q.date_day, q.url, q.context, q.recorded_at`
	changeCols = `c.seq, c.kind, c.person_id, c.strategy_id, c.quote_id, c.old_kind, c.old_summary,
	c.old_recorded_at, c.new_kind, c.new_summary, c.recorded_at`
)

// splitAliases undoes group_concat; NULL (no aliases) is nil.
func splitAliases(s sql.NullString) []string {
	if !s.Valid || s.String == "" {
		return nil
	}
	return strings.Split(s.String, aliasSep)
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

// stanceScan receives stanceCols; they may be NULL (a LEFT JOIN without a stance).
type stanceScan struct {
	personID, strategyID, kind, summary, recordedAt sql.NullString
}

func (x *stanceScan) dest() []any {
	return []any{&x.personID, &x.strategyID, &x.kind, &x.summary, &x.recordedAt}
}

// stance returns the stance, or nil when the columns were NULL.
func (x *stanceScan) stance() (*bot.Stance, error) {
	if !x.kind.Valid {
		return nil, nil
	}
	t, err := parseTime(x.recordedAt.String)
	if err != nil {
		return nil, fmt.Errorf("stance %s/%s: %w", x.personID.String, x.strategyID.String, err)
	}
	return &bot.Stance{
		PersonID:   x.personID.String,
		StrategyID: x.strategyID.String,
		Kind:       bot.StanceKind(x.kind.String),
		Summary:    x.summary.String,
		RecordedAt: t,
	}, nil
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

// quoteScan receives quoteCols.
type quoteScan struct {
	q          bot.Quote
	fidelity   string
	recordedAt string
}

func (x *quoteScan) dest() []any {
	q := &x.q
	return []any{&q.ID, &q.PersonID, &q.StrategyID, &q.Text, &x.fidelity, &q.Source.Type, &q.Source.Title,
		&q.Source.Publisher, &q.Source.Date.Year, &q.Source.Date.Month, &q.Source.Date.Day, &q.Source.URL,
		&q.Context, &x.recordedAt}
}

func (x *quoteScan) quote() (bot.Quote, error) {
	q := x.q
	q.Fidelity = bot.Fidelity(x.fidelity)
	var err error
	if q.RecordedAt, err = parseTime(x.recordedAt); err != nil {
		return bot.Quote{}, fmt.Errorf("quote %s: %w", q.ID, err)
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
