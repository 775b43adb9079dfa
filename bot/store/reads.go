package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// readStmts are the read queries, prepared once on the read pool; inside a
// read transaction tx.StmtContext reuses each connection's prepared copy.
type readStmts struct {
	version          *sql.Stmt
	board            *sql.Stmt
	strategyStances  *sql.Stmt
	allEndorsed      *sql.Stmt
	canonical        *sql.Stmt
	stated           *sql.Stmt
	strategyStated   *sql.Stmt
	strategyQuotes   *sql.Stmt
	peopleQuotes     *sql.Stmt
	personStances    *sql.Stmt
	personQuoteTotal *sql.Stmt
	personPage       *sql.Stmt
	personQuoteIDs   *sql.Stmt
	personOnIDs      *sql.Stmt
	strategyQuoteIDs *sql.Stmt
	stance           *sql.Stmt
	personHistory    *sql.Stmt
	quoteViews       *sql.Stmt
	quoteStatuses    *sql.Stmt
	quotesSince      *sql.Stmt
	changesSince     *sql.Stmt
	allStrategies    *sql.Stmt
	allPeople        *sql.Stmt
	countPeople      *sql.Stmt

	all []*sql.Stmt // every statement above, for close
}

// sqlList renders constant strings as an SQL list literal: ('a', 'b').
func sqlList[S ~string](vals []S) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "'" + strings.ReplaceAll(string(v), "'", "''") + "'"
	}
	return "(" + strings.Join(q, ", ") + ")"
}

// endorserKinds lists the stance kinds that count as endorsing.
func endorserKinds() []bot.StanceKind {
	var ks []bot.StanceKind
	for _, k := range bot.StanceKinds {
		if k.IsEndorser() {
			ks = append(ks, k)
		}
	}
	return ks
}

// allEndorsedQuery reads every stated endorsement (current, not
// tentative), packed (person, strategy, position), from the index
// stances_endorsed alone.
var allEndorsedQuery = `SELECT concat_ws(char(31), st.person_id, st.strategy_id, st.position)
	FROM stances st WHERE st.retracted_seq = 0 AND st.tentative = 0 AND st.kind IN ` + sqlList(endorserKinds())

// personPageQuery reads a page of a person's current quotes in /person's
// order (bot's sortQuotes), from the index quotes_person_page.
const personPageQuery = `SELECT ` + quoteRow + `
	FROM quotes q WHERE q.person_id = ?1 AND q.retracted_seq = 0
	ORDER BY q.date_year DESC, q.date_month DESC, q.date_day DESC, q.id LIMIT ?2 OFFSET ?3`

// personQuoteIDsQuery, personOnIDsQuery and strategyQuoteIDsQuery read the
// ids of a person's current quotes (on the strategies of a JSON array, ?2),
// and of a strategy's, by id: from the index quotes_person_page alone, and
// from the primary key's range of each strategy.
const (
	personQuoteIDsQuery = `SELECT q.id FROM quotes q WHERE q.person_id = ?1 AND q.retracted_seq = 0 ORDER BY q.id`
	personOnIDsQuery    = `SELECT q.id FROM quotes q
	WHERE q.strategy_id IN (SELECT value FROM json_each(?2)) AND q.person_id = ?1 AND q.retracted_seq = 0 ORDER BY q.id`
	strategyQuoteIDsQuery = `SELECT q.id FROM quotes q WHERE q.strategy_id = ?1 AND q.retracted_seq = 0 ORDER BY q.id`
)

// quotesSinceQuery reads the quotes changed after a Seq, in Seq order, with
// their own columns only (the index reads no provenance or dispute);
// retracted ones too, flagged, so that the index drops them.
const quotesSinceQuery = `SELECT q.seq, q.retracted_seq <> 0, ` + quoteRowLight + `
	FROM quotes q WHERE q.seq > ?1 ORDER BY q.seq LIMIT ?2`

// prepareReads prepares every read statement on the read pool.
func prepareReads(ctx context.Context, db *sql.DB) (*readStmts, error) {
	stanceChanges := sqlList([]bot.ChangeKind{bot.ChangeStanceNew, bot.ChangeStanceChanged, bot.ChangeStanceRetracted})
	s := &readStmts{}
	queries := []struct {
		dst   **sql.Stmt
		query string
	}{
		{&s.version, `SELECT coalesce(max(seq), 0) FROM changes`},
		{&s.board, `SELECT name, profiled_total, synthetic FROM board WHERE id = 1`},
		// A strategy's current stances, packed, with the person's quote counts
		// (on the strategy, on all their stances: migration 0007) as two more
		// values. Retracted rows (retracted_seq <> 0) are left out of every
		// current read.
		{&s.strategyStances, `SELECT concat_ws(char(31), ` + stanceRow + `, st.quotes, st.all_quotes)
			FROM stances st WHERE st.strategy_id = ? AND st.retracted_seq = 0 ORDER BY st.person_id`},
		{&s.allEndorsed, allEndorsedQuery},
		{&s.strategyStated, `SELECT strategy_id, source, body FROM stated_aggregates WHERE strategy_id = ?`},
		{&s.strategyQuotes, `SELECT ` + quoteRow + `
			FROM quotes q WHERE q.strategy_id = ? AND q.retracted_seq = 0 ORDER BY q.person_id, q.id`},
		// ?2 is a JSON array of person ids.
		{&s.peopleQuotes, `SELECT ` + quoteRow + `
			FROM quotes q WHERE q.strategy_id = ?1 AND q.person_id IN (SELECT value FROM json_each(?2))
			AND q.retracted_seq = 0 ORDER BY q.person_id, q.id`},
		{&s.canonical, `SELECT id, name, bet, mechanism,
			(SELECT json_group_array(other_id ORDER BY position) FROM canonical_relations
				WHERE canonical_id = c.id AND relation = 'conflicts'),
			(SELECT json_group_array(other_id ORDER BY position) FROM canonical_relations
				WHERE canonical_id = c.id AND relation = 'complements')
			FROM canonical_strategies c ORDER BY id`},
		{&s.stated, `SELECT strategy_id, source, body FROM stated_aggregates ORDER BY strategy_id`},
		{&s.personStances, `SELECT ` + stanceRow + `
			FROM stances st WHERE st.person_id = ? AND st.retracted_seq = 0 ORDER BY st.strategy_id`},
		{&s.personQuoteTotal, `SELECT count(*) FROM quotes q WHERE q.person_id = ? AND q.retracted_seq = 0`},
		{&s.personPage, personPageQuery},
		// The ids alone, for the index's catch-up (see PersonQuoteIDs); ?2
		// of personOnIDs is a JSON array of strategy ids.
		{&s.personQuoteIDs, personQuoteIDsQuery},
		{&s.personOnIDs, personOnIDsQuery},
		{&s.strategyQuoteIDs, strategyQuoteIDsQuery},
		{&s.stance, `SELECT ` + stanceRow + `
			FROM stances st WHERE st.strategy_id = ?1 AND st.person_id = ?2 AND st.retracted_seq = 0`},
		{&s.personHistory, `SELECT ` + changeCols + `
			FROM changes c WHERE c.person_id = ? AND c.kind IN ` + stanceChanges + ` ORDER BY c.seq`},
		// ?1 is a JSON array of quote ids; rows come back in its order.
		{&s.quoteViews, `SELECT ` + quoteRow + `, ` + stanceRowOrNull + `
			FROM json_each(?1) j
			JOIN quotes q ON q.id = j.value AND q.retracted_seq = 0
			LEFT JOIN stances st ON st.strategy_id = q.strategy_id AND st.person_id = q.person_id
				AND st.retracted_seq = 0
			ORDER BY j.key`},
		// ?1 is a JSON array of quote ids; each through the index on id.
		{&s.quoteStatuses, `SELECT q.id, q.verification
			FROM json_each(?1) j
			JOIN quotes q ON q.id = j.value AND q.retracted_seq = 0`},
		{&s.quotesSince, quotesSinceQuery},
		{&s.changesSince, `SELECT ` + changeCols + `
			FROM changes c WHERE c.seq > ? ORDER BY c.seq LIMIT ?`},
		{&s.allStrategies, `SELECT ` + strategyCols + ` FROM strategies s ORDER BY s.id`},
		{&s.allPeople, `SELECT ` + personCols + ` FROM people p ORDER BY p.id`},
		{&s.countPeople, `SELECT count(*) FROM people`},
	}
	for _, q := range queries {
		st, err := db.PrepareContext(ctx, q.query)
		if err != nil {
			s.close()
			return nil, fmt.Errorf("prepare %q: %w", firstLine(q.query), err)
		}
		*q.dst = st
		s.all = append(s.all, st)
	}
	return s, nil
}

// close closes every prepared statement.
func (s *readStmts) close() error {
	var errs []error
	for _, st := range s.all {
		errs = append(errs, st.Close())
	}
	return errors.Join(errs...)
}

// firstLine shortens a query for an error message.
func firstLine(q string) string {
	if i := strings.IndexByte(q, '\n'); i >= 0 {
		return q[:i]
	}
	return q
}
