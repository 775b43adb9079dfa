package store

import (
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/stancebot/stancebot/bot"
)

// The upserts of Import, one per entity kind: load what is stored, leave an
// identical entity alone, otherwise record a change and write the entity
// with that change's seq.

func (im *importer) strategy(s bot.Strategy) error {
	var x strategyScan
	found, err := im.queryRow(`SELECT `+strategyCols+` FROM strategies s WHERE s.id = ?`, []any{s.ID}, x.dest()...)
	if err != nil {
		return err
	}
	if found {
		old, err := x.strategy()
		if err != nil {
			return err
		}
		if equalStrategy(old, s) {
			return nil
		}
	}
	kind := bot.ChangeStrategyNew
	if found {
		kind = bot.ChangeStrategyChanged
	}
	seq, err := im.record(changeRow{kind: kind, strategyID: s.ID})
	if err != nil {
		return err
	}
	if _, err := im.exec(`INSERT INTO strategies (id, name, summary, recorded_at, seq) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, summary = excluded.summary,
		recorded_at = excluded.recorded_at, seq = excluded.seq`,
		s.ID, s.Name, s.Summary, im.now, seq); err != nil {
		return err
	}
	if err := im.replaceList("strategy_aliases", "strategy_id", s.ID, "alias", len(s.Aliases),
		func(i int) []any { return []any{s.Aliases[i]} }); err != nil {
		return err
	}
	im.exists["strategies\x00"+s.ID] = true
	im.count(!found, func(c *bot.ImportCounts) *int { return &c.Strategies })
	return nil
}

func (im *importer) person(p bot.Person) error {
	var x personScan
	found, err := im.queryRow(`SELECT `+personCols+` FROM people p WHERE p.id = ?`, []any{p.ID}, x.dest()...)
	if err != nil {
		return err
	}
	if found {
		old, err := x.person()
		if err != nil {
			return err
		}
		if equalPerson(old, p) {
			return nil
		}
	}
	kind := bot.ChangePersonNew
	if found {
		kind = bot.ChangePersonChanged
	}
	seq, err := im.record(changeRow{kind: kind, personID: p.ID})
	if err != nil {
		return err
	}
	var (
		pdoom       sql.NullFloat64
		pdoomSource string
	)
	if p.PDoom != nil {
		pdoom = sql.NullFloat64{Float64: p.PDoom.Percent, Valid: true}
		pdoomSource = p.PDoom.Source
	}
	if _, err := im.exec(`INSERT INTO people (id, name, role, expertise, recognition, vintage,
		pdoom_percent, pdoom_source, profiled, recorded_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,
		expertise = excluded.expertise, recognition = excluded.recognition, vintage = excluded.vintage,
		pdoom_percent = excluded.pdoom_percent, pdoom_source = excluded.pdoom_source,
		profiled = excluded.profiled, recorded_at = excluded.recorded_at, seq = excluded.seq`,
		p.ID, p.Name, p.Role, string(p.Expertise), string(p.Recognition), string(p.Vintage),
		pdoom, pdoomSource, p.Profiled, im.now, seq); err != nil {
		return err
	}
	if err := im.replaceList("person_aliases", "person_id", p.ID, "alias", len(p.Aliases),
		func(i int) []any { return []any{p.Aliases[i]} }); err != nil {
		return err
	}
	im.exists["people\x00"+p.ID] = true
	im.count(!found, func(c *bot.ImportCounts) *int { return &c.People })
	return nil
}

func (im *importer) stance(s bot.Stance) error {
	if err := im.refs(fmt.Sprintf("Stance of %q on %q", s.PersonID, s.StrategyID), s.PersonID, s.StrategyID); err != nil {
		return err
	}
	var x stanceScan
	found, err := im.queryRow(`SELECT `+stanceRow+` FROM stances st WHERE st.strategy_id = ? AND st.person_id = ?`,
		[]any{s.StrategyID, s.PersonID}, x.dest()...)
	if err != nil {
		return err
	}
	c := changeRow{kind: bot.ChangeStanceNew, personID: s.PersonID, strategyID: s.StrategyID,
		newKind: s.Kind, newSummary: s.Summary}
	if found {
		old, err := x.mustStance()
		if err != nil {
			return err
		}
		if equalStance(old, s) {
			return nil
		}
		c.kind = bot.ChangeStanceChanged
		c.oldKind, c.oldSummary, c.oldRecordedAt = old.Kind, old.Summary, formatTime(old.RecordedAt)
	}
	im.endorsersChanged(s.StrategyID, c.oldKind, s.Kind)
	seq, err := im.record(c)
	if err != nil {
		return err
	}
	if _, err := im.exec(`INSERT INTO stances (strategy_id, person_id, kind, summary, recorded_at, seq, kind_supplied)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (strategy_id, person_id) DO UPDATE SET kind = excluded.kind, summary = excluded.summary,
		recorded_at = excluded.recorded_at, seq = excluded.seq, kind_supplied = excluded.kind_supplied`,
		s.StrategyID, s.PersonID, string(s.Kind), s.Summary, im.now, seq, s.KindSupplied); err != nil {
		return err
	}
	im.count(!found, func(c *bot.ImportCounts) *int { return &c.Stances })
	return nil
}

func (im *importer) quote(q bot.Quote) error {
	if err := im.refs(fmt.Sprintf("Quote %q", q.ID), q.PersonID, q.StrategyID); err != nil {
		return err
	}
	var x quoteScan
	found, err := im.queryRow(`SELECT `+quoteRow+` FROM quotes q WHERE q.id = ?`, []any{q.ID}, x.dest()...)
	if err != nil {
		return err
	}
	var old bot.Quote
	if found {
		if old, err = x.quote(); err != nil {
			return err
		}
		if !judged(q) {
			q.Verification, q.Verdict = old.Verification, old.Verdict
		}
		if equalQuote(old, q) {
			return nil
		}
	}
	kind := bot.ChangeQuoteNew
	if found {
		kind = bot.ChangeQuoteChanged
	}
	seq, err := im.record(changeRow{kind: kind, personID: q.PersonID, strategyID: q.StrategyID, quoteID: q.ID})
	if err != nil {
		return err
	}
	src := q.Source
	if _, err := im.exec(`INSERT INTO quotes (id, person_id, strategy_id, text, fidelity, source_type,
		source_title, publisher, date_year, date_month, date_day, url, context, recorded_at, seq,
		date_supplied, verification, verified_by, verified_on, verification_reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET text = excluded.text, fidelity = excluded.fidelity,
		source_type = excluded.source_type, source_title = excluded.source_title,
		publisher = excluded.publisher, date_year = excluded.date_year, date_month = excluded.date_month,
		date_day = excluded.date_day, url = excluded.url, context = excluded.context,
		recorded_at = excluded.recorded_at, seq = excluded.seq, date_supplied = excluded.date_supplied,
		verification = excluded.verification, verified_by = excluded.verified_by,
		verified_on = excluded.verified_on, verification_reason = excluded.verification_reason`,
		q.ID, q.PersonID, q.StrategyID, q.Text, string(q.Fidelity), src.Type, src.Title, src.Publisher,
		src.Date.Year, src.Date.Month, src.Date.Day, src.URL, q.Context, im.now, seq,
		q.DateSupplied, string(q.Verification), q.Verdict.By, q.Verdict.On.String(), q.Verdict.Reason); err != nil {
		return err
	}
	if judged(q) && (old.Verification != q.Verification || old.Verdict != q.Verdict) {
		if err := recordVerification(im.ctx, im.tx, q.ID, q.Verification, q.Verdict, viaImport, im.now); err != nil {
			return err
		}
	}
	im.count(!found, func(c *bot.ImportCounts) *int { return &c.Quotes })
	return nil
}

func (im *importer) story(s bot.Story) error {
	var personID, strategyID string
	ok, err := im.queryRow(`SELECT person_id, strategy_id FROM quotes WHERE id = ?`, []any{s.QuoteID},
		&personID, &strategyID)
	if err != nil {
		return err
	}
	if !ok {
		return bot.Errorf(bot.EINVALID, "Story %q: no quote %q (its post) in the dataset or the store.", s.ID, s.QuoteID)
	}
	old, found, err := loadStory(im.ctx, im.tx, s.ID)
	if err != nil {
		return err
	}
	if found && equalStory(old, s) {
		return nil
	}
	if found && cutShort(old, s) {
		return bot.Errorf(bot.EINVALID, "Story %q: the import has fewer or shorter replies than the stored story, as an export cut short would; the stored story is kept.", s.ID)
	}
	seq, err := im.record(changeRow{kind: bot.ChangeStoryNew, personID: personID, strategyID: strategyID,
		quoteID: s.QuoteID})
	if err != nil {
		return err
	}
	if _, err := im.exec(`INSERT INTO stories (id, headline, quote_id, recorded_at, seq) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET headline = excluded.headline, quote_id = excluded.quote_id,
		recorded_at = excluded.recorded_at, seq = excluded.seq`,
		s.ID, s.Headline, s.QuoteID, im.now, seq); err != nil {
		return err
	}
	if err := im.replaceList("story_sections", "story_id", s.ID, "heading, text", len(s.Sections),
		func(i int) []any { return []any{s.Sections[i].Heading, s.Sections[i].Text} }); err != nil {
		return err
	}
	handles := make([]string, len(s.Replies))
	for i, r := range s.Replies {
		if handles[i], err = encodeHandles(r.To); err != nil {
			return err
		}
	}
	if err := im.replaceList("story_replies", "story_id", s.ID, "to_handles, text, quotes_post", len(s.Replies),
		func(i int) []any { return []any{handles[i], s.Replies[i].Text, s.Replies[i].QuotesPost} }); err != nil {
		return err
	}
	im.count(!found, func(c *bot.ImportCounts) *int { return &c.Stories })
	return nil
}

// encodeHandles stores a reply's handles as a JSON array ("[]" for none).
func encodeHandles(to []string) (string, error) {
	if len(to) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(to)
	if err != nil {
		return "", fmt.Errorf("reply handles: %w", err)
	}
	return string(b), nil
}

// decodeHandles reads a reply's handles; an empty array is nil.
func decodeHandles(s string) ([]string, error) {
	var to []string
	if err := json.Unmarshal([]byte(s), &to); err != nil {
		return nil, fmt.Errorf("reply handles %q: %w", s, err)
	}
	if len(to) == 0 {
		return nil, nil
	}
	return to, nil
}
