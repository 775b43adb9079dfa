package store

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/stancebot/stancebot/bot"
)

// The upserts of what the board records beyond people and positions
// (canonical strategies, stated aggregates), and the retractions of a
// snapshot import.

func (im *importer) canonical(c bot.CanonicalStrategy) error {
	var old bot.CanonicalStrategy
	found, err := im.queryRow(`SELECT id, name, bet, mechanism FROM canonical_strategies WHERE id = ?`,
		[]any{c.ID}, &old.ID, &old.Name, &old.Bet, &old.Mechanism)
	if err != nil {
		return err
	}
	if found {
		if old.ConflictsWith, old.ComplementsWith, err = im.relations(c.ID); err != nil {
			return err
		}
		if equalCanonical(old, c) {
			return nil
		}
	}
	seq, err := im.record(changeRow{kind: bot.ChangeCanonicalChanged})
	if err != nil {
		return err
	}
	if _, err := im.exec(`INSERT INTO canonical_strategies (id, name, bet, mechanism, recorded_at, seq)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, bet = excluded.bet, mechanism = excluded.mechanism,
		recorded_at = excluded.recorded_at, seq = excluded.seq`,
		c.ID, c.Name, c.Bet, c.Mechanism, im.now, seq); err != nil {
		return err
	}
	if _, err := im.exec(`DELETE FROM canonical_relations WHERE canonical_id = ?`, c.ID); err != nil {
		return err
	}
	for _, rel := range []struct {
		kind bot.Relation
		ids  []string
	}{{bot.RelationConflicts, c.ConflictsWith}, {bot.RelationComplements, c.ComplementsWith}} {
		for i, id := range rel.ids {
			if _, err := im.exec(`INSERT INTO canonical_relations (canonical_id, relation, position, other_id)
				VALUES (?, ?, ?, ?)`, c.ID, string(rel.kind), i, id); err != nil {
				return err
			}
		}
	}
	return nil
}

// relations reads a canonical strategy's declared conflicts and complements.
func (im *importer) relations(id string) (conflicts, complements []string, err error) {
	st, err := im.stmt(`SELECT relation, other_id FROM canonical_relations WHERE canonical_id = ?
		ORDER BY relation, position`)
	if err != nil {
		return nil, nil, err
	}
	var rel, other string
	rows, err := st.QueryContext(im.ctx, id)
	err = queryAll(rows, err, []any{&rel, &other}, func() error {
		if bot.Relation(rel) == bot.RelationConflicts {
			conflicts = append(conflicts, other)
		} else {
			complements = append(complements, other)
		}
		return nil
	})
	return conflicts, complements, err
}

func equalCanonical(a, b bot.CanonicalStrategy) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Bet == b.Bet && a.Mechanism == b.Mechanism &&
		slices.Equal(a.ConflictsWith, b.ConflictsWith) && slices.Equal(a.ComplementsWith, b.ComplementsWith)
}

// statedJSON is a bot.StatedAggregates as stored (stated_aggregates.body).
type statedJSON struct {
	StatedEndorsers   int                     `json:"stated_endorsers"`
	Opposers          int                     `json:"opposers"`
	ProfiledEndorsers int                     `json:"profiled_endorsers"`
	QuotesByEndorsers int                     `json:"quotes_by_endorsers"`
	PDoom             *bot.StatedPDoom        `json:"pdoom,omitempty"`
	ExpertiseMix      map[bot.Expertise]int   `json:"expertise_mix,omitempty"`
	RecognitionMix    map[bot.Recognition]int `json:"recognition_mix,omitempty"`
	VintageAssigned   int                     `json:"vintage_assigned"`
	VintageMix        map[bot.Vintage]int     `json:"vintage_mix,omitempty"`
	Unnamed           []bot.UnnamedCell       `json:"unnamed,omitempty"`
	People            []string                `json:"people,omitempty"`
}

func encodeStated(a bot.StatedAggregates) (string, error) {
	b, err := json.Marshal(statedJSON{StatedEndorsers: a.StatedEndorsers, Opposers: a.Opposers,
		ProfiledEndorsers: a.ProfiledEndorsers, QuotesByEndorsers: a.QuotesByEndorsers, PDoom: a.PDoom,
		ExpertiseMix: a.ExpertiseMix, RecognitionMix: a.RecognitionMix, VintageAssigned: a.VintageAssigned,
		VintageMix: a.VintageMix, Unnamed: a.Unnamed, People: a.People})
	if err != nil {
		return "", fmt.Errorf("stated aggregates: %w", err)
	}
	return string(b), nil
}

func decodeStated(strategyID, source, body string) (bot.StatedAggregates, error) {
	var j statedJSON
	if err := json.Unmarshal([]byte(body), &j); err != nil {
		return bot.StatedAggregates{}, fmt.Errorf("stated aggregates of %s: %w", strategyID, err)
	}
	return bot.StatedAggregates{StrategyID: strategyID, Source: source, StatedEndorsers: j.StatedEndorsers,
		Opposers: j.Opposers, ProfiledEndorsers: j.ProfiledEndorsers, QuotesByEndorsers: j.QuotesByEndorsers,
		PDoom: j.PDoom, ExpertiseMix: j.ExpertiseMix, RecognitionMix: j.RecognitionMix,
		VintageAssigned: j.VintageAssigned, VintageMix: j.VintageMix, Unnamed: j.Unnamed, People: j.People}, nil
}

// stated upserts the aggregates a page printed for a strategy; a change is
// recorded as a change of the strategy.
func (im *importer) stated(a bot.StatedAggregates) error {
	ok, err := im.has("strategies", a.StrategyID)
	if err != nil {
		return err
	}
	if !ok {
		return bot.Errorf(bot.EINVALID, "Stated aggregates: no strategy %q in the dataset or the store.", a.StrategyID)
	}
	body, err := encodeStated(a)
	if err != nil {
		return err
	}
	var oldSource, oldBody string
	found, err := im.queryRow(`SELECT source, body FROM stated_aggregates WHERE strategy_id = ?`,
		[]any{a.StrategyID}, &oldSource, &oldBody)
	if err != nil || (found && oldSource == a.Source && oldBody == body) {
		return err
	}
	seq, err := im.record(changeRow{kind: bot.ChangeStrategyChanged, strategyID: a.StrategyID})
	if err != nil {
		return err
	}
	_, err = im.exec(`INSERT INTO stated_aggregates (strategy_id, source, body, recorded_at, seq) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (strategy_id) DO UPDATE SET source = excluded.source, body = excluded.body,
		recorded_at = excluded.recorded_at, seq = excluded.seq`, a.StrategyID, a.Source, body, im.now, seq)
	return err
}

// retractMissing retracts this source's current stances and quotes that ds
// does not hold (a snapshot import).
func (im *importer) retractMissing(ds bot.Dataset) error {
	held := make(map[string]bool, len(ds.Stances)+len(ds.Quotes))
	for _, s := range ds.Stances {
		held[s.PersonID+"\x00"+s.StrategyID] = true
	}
	for _, q := range ds.Quotes {
		held[q.ID] = true
	}
	type gone struct {
		personID, strategyID, quoteID string
		kind                          bot.StanceKind
		summary, recordedAt           string
		tentative                     bool
	}
	var stances, quotes []gone
	var g gone
	rows, err := im.tx.QueryContext(im.ctx, `SELECT person_id, strategy_id, kind, summary, recorded_at, tentative
		FROM stances WHERE source = ? AND retracted_seq = 0 ORDER BY person_id, strategy_id`, im.opts.Source)
	err = queryAll(rows, err, []any{&g.personID, &g.strategyID, &g.kind, &g.summary, &g.recordedAt, &g.tentative}, func() error {
		if !held[g.personID+"\x00"+g.strategyID] {
			stances = append(stances, g)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("retract stances: %w", err)
	}
	g = gone{}
	rows, err = im.tx.QueryContext(im.ctx, `SELECT person_id, strategy_id, id FROM quotes
		WHERE source = ? AND retracted_seq = 0 ORDER BY person_id, strategy_id, id`, im.opts.Source)
	err = queryAll(rows, err, []any{&g.personID, &g.strategyID, &g.quoteID}, func() error {
		if !held[g.quoteID] {
			quotes = append(quotes, g)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("retract quotes: %w", err)
	}
	for _, s := range stances {
		seq, err := im.record(changeRow{kind: bot.ChangeStanceRetracted, personID: s.personID, strategyID: s.strategyID,
			oldKind: s.kind, oldSummary: s.summary, oldTentative: s.tentative, oldRecordedAt: s.recordedAt})
		if err != nil {
			return err
		}
		if _, err := im.exec(`UPDATE stances SET retracted_seq = ?, seq = ? WHERE strategy_id = ? AND person_id = ?`,
			seq, seq, s.strategyID, s.personID); err != nil {
			return fmt.Errorf("retract stance %s on %s: %w", s.personID, s.strategyID, err)
		}
		im.rep.Retracted.Stances++
	}
	for _, q := range quotes {
		if err := im.retractQuote(q.personID, q.strategyID, q.quoteID); err != nil {
			return err
		}
	}
	return nil
}

// retractQuote retracts a current quote: kept, marked with the change row
// that retracted it, and left out of every current read.
func (im *importer) retractQuote(personID, strategyID, quoteID string) error {
	seq, err := im.record(changeRow{kind: bot.ChangeQuoteRetracted, personID: personID, strategyID: strategyID,
		quoteID: quoteID})
	if err != nil {
		return err
	}
	if _, err := im.exec(`UPDATE quotes SET retracted_seq = ?, seq = ? WHERE id = ?`, seq, seq, quoteID); err != nil {
		return fmt.Errorf("retract quote %s: %w", quoteID, err)
	}
	im.rep.Retracted.Quotes++
	return nil
}
