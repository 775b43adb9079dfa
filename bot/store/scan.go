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
// order, under these table aliases (p, s, st, q, c); a quote's are
// quoteRow, or quoteRowLight where the community's are not needed.
//
// Stances and quotes, the rows /whoendorses reads by the hundred, are
// packed: one column, concat_ws(char(31), ...) of their NOT NULL columns,
// split again in Go. With modernc.org/sqlite every column fetched costs
// several C calls, each taking the connection's mutex; one column per row
// makes these reads about three times faster.
const (
	personCols = `p.id, p.name, p.role, p.expertise, p.recognition, p.vintage, p.profiled, p.recorded_at,
	(SELECT group_concat(alias, char(31) ORDER BY position) FROM person_aliases WHERE person_id = p.id),
	p.tagline, p.summary, p.categories, p.homepage, p.wikipedia, p.twitter, p.last_updated,
	p.expertise_note, p.recognition_note, p.vintage_note, p.position, p.unprofiled, p.source_time,
	(SELECT json_group_array(json_object('org', org, 'role', role, 'start', started, 'end', ended,
		'current', current) ORDER BY position) FROM person_affiliations WHERE person_id = p.id),
	(SELECT json_group_array(json_object('low', low, 'high', high, 'definition', definition, 'date', date,
		'source', json(source), 'source_time', source_time, 'recorded_at', recorded_at) ORDER BY position)
		FROM pdoom_claims WHERE person_id = p.id),
	(SELECT json_group_array(json_object('milestone', milestone, 'year', year, 'from', range_from,
		'to', range_to, 'probability', probability, 'date', date, 'source', json(source)) ORDER BY position)
		FROM timeline_claims WHERE person_id = p.id)`
	strategyCols = `s.id, s.name, s.summary, s.recorded_at,
	(SELECT group_concat(alias, char(31) ORDER BY position) FROM strategy_aliases WHERE strategy_id = s.id),
	s.canonical_id`
	stanceRow = `concat_ws(char(31), st.person_id, st.strategy_id, st.kind, st.summary, st.recorded_at,
	st.tentative, st.position, st.source_time, st.source, st.kind_supplied)`
	// stanceRowOrNull is stanceRow for a LEFT JOIN: NULL when there is no stance.
	stanceRowOrNull = `CASE WHEN st.kind IS NULL THEN NULL ELSE ` + stanceRow + ` END`
	stanceFields    = 10
	// quoteCols are a quote's own columns: all but the community's.
	quoteCols = `q.id, q.person_id, q.strategy_id, q.text, q.fidelity, q.source_type,
	q.source_title, q.publisher, q.date_year, q.date_month, q.date_day, q.url, q.context, q.recorded_at,
	q.said_year, q.said_month, q.said_day, q.archive_url, q.video_id, q.video_platform, q.start_seconds,
	q.end_seconds, q.source_time, ` + quoteTruthCols
	quoteOwnFields = 23 + quoteTruthFields
	quoteRow       = `concat_ws(char(31), ` + quoteCols + `, ` + quoteCommunityCols + `)`
	quoteFields    = quoteOwnFields + quoteCommunityFields
	// quoteRowLight is quoteRow without the community's columns (two
	// subqueries, each with its JSON), for the reads that need neither
	// provenance nor dispute (QuotesSince: the index's catch-up).
	quoteRowLight = `concat_ws(char(31), ` + quoteCols + `)`
	changeCols    = `c.seq, c.kind, c.person_id, c.strategy_id, c.quote_id, c.old_kind, c.old_summary,
	c.old_tentative, c.old_recorded_at, c.new_kind, c.new_summary, c.new_tentative, c.recorded_at, c.revision`
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
	recordedAt  string
	aliases     sql.NullString
	categories  string
	lastUpdated string
	sourceTime  string
	affs        string
	pdoom       string
	timelines   string
}

func (x *personScan) dest() []any {
	p := &x.p
	return []any{&p.ID, &p.Name, &p.Role, &x.expertise, &x.recognition, &x.vintage, &p.Profiled,
		&x.recordedAt, &x.aliases, &p.Tagline, &p.Summary, &x.categories, &p.Homepage, &p.Wikipedia,
		&p.Twitter, &x.lastUpdated, &p.ProfileNotes.Expertise, &p.ProfileNotes.Recognition,
		&p.ProfileNotes.Vintage, &p.Order, &p.Unprofiled, &x.sourceTime, &x.affs, &x.pdoom, &x.timelines}
}

func (x *personScan) person() (bot.Person, error) {
	p := x.p
	p.Expertise = bot.Expertise(x.expertise)
	p.Recognition = bot.Recognition(x.recognition)
	p.Vintage = bot.Vintage(x.vintage)
	p.Aliases = splitAliases(x.aliases)
	err := func() error {
		if err := parseTimes(storedTime{&p.RecordedAt, x.recordedAt}, storedTime{&p.SourceTime, x.sourceTime}); err != nil {
			return err
		}
		var err error
		if p.LastUpdated, err = bot.ParseDate(x.lastUpdated); err != nil {
			return err
		}
		if p.Categories, err = decodeStrings(x.categories); err != nil {
			return fmt.Errorf("categories: %w", err)
		}
		if p.Affiliations, err = decodeAffiliations(x.affs); err != nil {
			return err
		}
		if p.PDoomClaims, err = decodePDoomClaims(x.pdoom); err != nil {
			return err
		}
		p.Timelines, err = decodeTimelines(x.timelines)
		return err
	}()
	if err != nil {
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
	return []any{&x.s.ID, &x.s.Name, &x.s.Summary, &x.recordedAt, &x.aliases, &x.s.CanonicalID}
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
	st := bot.Stance{PersonID: f[0], StrategyID: f[1], Kind: bot.StanceKind(f[2]), Summary: f[3], Tentative: f[5] == "1",
		Source: f[8], KindSupplied: f[9] == "1"}
	var err error
	if st.RecordedAt, err = parseTime(f[4]); err == nil {
		if st.Order, err = strconv.Atoi(f[6]); err == nil {
			st.SourceTime, err = parseTime(f[7])
		}
	}
	if err != nil {
		return bot.Stance{}, fmt.Errorf("stance %s/%s: %w", f[0], f[1], err)
	}
	return st, nil
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

// quoteScan receives quoteRow, or quoteRowLight when light is set (the
// quote's Provenance and Dispute are then left nil).
type quoteScan struct {
	row   string
	light bool
}

func (x *quoteScan) dest() []any { return []any{&x.row} }

func (x *quoteScan) quote() (bot.Quote, error) {
	var all [quoteFields]string
	f := all[:]
	if x.light {
		f = all[:quoteOwnFields]
	}
	if err := splitRow(x.row, f); err != nil {
		return bot.Quote{}, fmt.Errorf("quote: %w", err)
	}
	q := bot.Quote{ID: f[0], PersonID: f[1], StrategyID: f[2], Text: f[3], Fidelity: bot.Fidelity(f[4]),
		Source: bot.Source{Type: f[5], Title: f[6], Publisher: f[7], URL: f[11], ArchiveURL: f[17],
			VideoID: f[18], VideoPlatform: f[19]}, Context: f[12]}
	var err error
	for i, dst := range [...]*int{&q.Source.Date.Year, &q.Source.Date.Month, &q.Source.Date.Day,
		&q.Date.Year, &q.Date.Month, &q.Date.Day, &q.Source.StartSeconds, &q.Source.EndSeconds} {
		if *dst, err = strconv.Atoi(f[quoteInts[i]]); err != nil {
			return bot.Quote{}, fmt.Errorf("quote %s: %w", q.ID, err)
		}
	}
	if err := parseTimes(storedTime{&q.RecordedAt, f[13]}, storedTime{&q.SourceTime, f[22]}); err != nil {
		return bot.Quote{}, fmt.Errorf("quote %s: %w", q.ID, err)
	}
	if err := scanQuoteTruth(&q, f[23:quoteOwnFields]); err != nil {
		return bot.Quote{}, err
	}
	if x.light {
		return q, nil
	}
	if err := scanQuoteCommunity(&q, f[quoteOwnFields:]); err != nil {
		return bot.Quote{}, err
	}
	return q, nil
}

// quoteInts are the integer values of quoteRow, in quote's order.
var quoteInts = [...]int{8, 9, 10, 14, 15, 16, 20, 21}

// changeScan receives changeCols.
type changeScan struct {
	c                         bot.Change
	kind, oldKind, newKind    string
	oldRecordedAt, recordedAt string
}

func (x *changeScan) dest() []any {
	c := &x.c
	return []any{&c.Seq, &x.kind, &c.PersonID, &c.StrategyID, &c.QuoteID, &x.oldKind, &c.OldSummary,
		&c.OldTentative, &x.oldRecordedAt, &x.newKind, &c.NewSummary, &c.NewTentative, &x.recordedAt, &c.Revision}
}

func (x *changeScan) change() (bot.Change, error) {
	c := x.c
	c.Kind = bot.ChangeKind(x.kind)
	c.OldKind = bot.StanceKind(x.oldKind)
	c.NewKind = bot.StanceKind(x.newKind)
	if err := parseTimes(storedTime{&c.OldRecordedAt, x.oldRecordedAt}, storedTime{&c.RecordedAt, x.recordedAt}); err != nil {
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

// collect runs a query and returns what conv makes of each row; conv reads
// the scanner that owns dest (x.dest() and x.change, say).
func collect[T any](rows *sql.Rows, err error, dest []any, conv func() (T, error)) ([]T, error) {
	var out []T
	err = queryAll(rows, err, dest, func() error {
		v, err := conv()
		out = append(out, v)
		return err
	})
	return out, err
}

// scanOne scans the one row of a query into dest and reports whether there
// was one.
func scanOne(row *sql.Row, dest ...any) (bool, error) {
	err := row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
