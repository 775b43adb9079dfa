package store

import (
	"encoding/json"
	"fmt"
	"slices"

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
	if _, err := im.exec(`INSERT INTO strategies (id, name, summary, canonical_id, recorded_at, seq)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, summary = excluded.summary,
		canonical_id = excluded.canonical_id, recorded_at = excluded.recorded_at, seq = excluded.seq`,
		s.ID, s.Name, s.Summary, s.CanonicalID, im.now, seq); err != nil {
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
	var (
		x   personScan
		old bot.Person
	)
	found, err := im.queryRow(`SELECT `+personCols+` FROM people p WHERE p.id = ?`, []any{p.ID}, x.dest()...)
	if err != nil {
		return err
	}
	if found {
		if old, err = x.person(); err != nil {
			return err
		}
		if p.SourceTime.IsZero() {
			p.SourceTime = old.SourceTime // first recorded by the source then
		}
		p.PDoomClaims = slices.Clone(p.PDoomClaims)
		for i, c := range p.PDoomClaims {
			if j := slices.IndexFunc(old.PDoomClaims, func(o bot.PDoomClaim) bool { return sameClaim(o, c) }); j >= 0 && c.SourceTime.IsZero() {
				p.PDoomClaims[i].SourceTime = old.PDoomClaims[j].SourceTime
			}
		}
		if equalPerson(old, p) {
			return im.reorder("people", `id = ?`, old.Order, p.Order, p.ID)
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
	categories, err := encodeStrings(p.Categories)
	if err != nil {
		return fmt.Errorf("categories: %w", err)
	}
	n := p.ProfileNotes
	if _, err := im.exec(`INSERT INTO people (id, name, role, expertise, recognition, vintage, profiled,
		tagline, summary, categories, homepage, wikipedia, twitter, last_updated, expertise_note,
		recognition_note, vintage_note, position, unprofiled, source_time, recorded_at, seq)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,
		expertise = excluded.expertise, recognition = excluded.recognition, vintage = excluded.vintage,
		profiled = excluded.profiled, tagline = excluded.tagline, summary = excluded.summary,
		categories = excluded.categories, homepage = excluded.homepage, wikipedia = excluded.wikipedia,
		twitter = excluded.twitter, last_updated = excluded.last_updated,
		expertise_note = excluded.expertise_note, recognition_note = excluded.recognition_note,
		vintage_note = excluded.vintage_note, position = excluded.position, unprofiled = excluded.unprofiled,
		source_time = excluded.source_time, recorded_at = excluded.recorded_at, seq = excluded.seq`,
		p.ID, p.Name, p.Role, string(p.Expertise), string(p.Recognition), string(p.Vintage), p.Profiled,
		p.Tagline, p.Summary, categories, p.Homepage, p.Wikipedia, p.Twitter, p.LastUpdated.String(),
		n.Expertise, n.Recognition, n.Vintage, p.Order, p.Unprofiled, im.sourceTimeOr(p.SourceTime), im.now, seq); err != nil {
		return err
	}
	if err := im.replaceList("person_aliases", "person_id", p.ID, "alias", len(p.Aliases),
		func(i int) []any { return []any{p.Aliases[i]} }); err != nil {
		return err
	}
	if err := im.replaceList("person_affiliations", "person_id", p.ID, "org, role, started, ended, current",
		len(p.Affiliations), func(i int) []any {
			a := p.Affiliations[i]
			return []any{a.Org, a.Role, a.Start, a.End, a.Current}
		}); err != nil {
		return err
	}
	if err := im.pdoomClaims(p, old.PDoomClaims); err != nil {
		return err
	}
	if err := im.timelines(p); err != nil {
		return err
	}
	im.exists["people\x00"+p.ID] = true
	im.count(!found, func(c *bot.ImportCounts) *int { return &c.People })
	return nil
}

// pdoomClaims replaces a person's p(doom) claims; a claim that was already
// on record keeps its times (when the source and this store first had it).
func (im *importer) pdoomClaims(p bot.Person, old []bot.PDoomClaim) error {
	rows := make([][]any, len(p.PDoomClaims))
	for i, c := range p.PDoomClaims {
		src, err := encodeSource(c.Source)
		if err != nil {
			return err
		}
		sourceTime, recordedAt := im.sourceTimeOr(c.SourceTime), im.now
		for _, o := range old {
			if sameClaim(o, c) {
				if c.SourceTime.IsZero() {
					sourceTime = formatTime(o.SourceTime)
				}
				recordedAt = formatTime(o.RecordedAt)
				break
			}
		}
		rows[i] = []any{c.Low, c.High, c.Definition, c.Date.String(), src, sourceTime, recordedAt}
	}
	return im.replaceList("pdoom_claims", "person_id", p.ID,
		"low, high, definition, date, source, source_time, recorded_at", len(rows),
		func(i int) []any { return rows[i] })
}

// timelines replaces a person's timeline claims.
func (im *importer) timelines(p bot.Person) error {
	rows := make([][]any, len(p.Timelines))
	for i, c := range p.Timelines {
		src, err := encodeSource(c.Source)
		if err != nil {
			return err
		}
		rows[i] = []any{c.Milestone, c.Year, c.RangeFrom, c.RangeTo, c.Probability, c.Date.String(), src}
	}
	return im.replaceList("timeline_claims", "person_id", p.ID,
		"milestone, year, range_from, range_to, probability, date, source", len(rows),
		func(i int) []any { return rows[i] })
}

func (im *importer) stance(s bot.Stance) error {
	if err := im.refs(fmt.Sprintf("Stance of %q on %q", s.PersonID, s.StrategyID), s.PersonID, s.StrategyID); err != nil {
		return err
	}
	var (
		x         stanceScan
		retracted int64
	)
	found, err := im.queryRow(`SELECT `+stanceRow+`, st.retracted_seq FROM stances st
		WHERE st.strategy_id = ? AND st.person_id = ?`,
		[]any{s.StrategyID, s.PersonID}, append(x.dest(), &retracted)...)
	if err != nil {
		return err
	}
	c := changeRow{kind: bot.ChangeStanceNew, personID: s.PersonID, strategyID: s.StrategyID,
		newKind: s.Kind, newSummary: s.Summary, newTentative: s.Tentative}
	if found {
		old, err := x.mustStance()
		if err != nil {
			return err
		}
		if s.SourceTime.IsZero() {
			s.SourceTime = old.SourceTime
		}
		if retracted == 0 {
			if equalStance(old, s) {
				if err := im.reorder("stances", `strategy_id = ? AND person_id = ?`, old.Order, s.Order, s.StrategyID, s.PersonID); err != nil {
					return err
				}
				return im.claim("stances", `strategy_id = ? AND person_id = ?`, old.Source, s.StrategyID, s.PersonID)
			}
			c.kind = bot.ChangeStanceChanged
			c.oldKind, c.oldSummary, c.oldTentative, c.oldRecordedAt = old.Kind, old.Summary, old.Tentative, formatTime(old.RecordedAt)
		}
	}
	seq, err := im.record(c)
	if err != nil {
		return err
	}
	if _, err := im.exec(`INSERT INTO stances (strategy_id, person_id, kind, summary, tentative, position,
		source, source_time, retracted_seq, recorded_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
		ON CONFLICT (strategy_id, person_id) DO UPDATE SET kind = excluded.kind, summary = excluded.summary,
		tentative = excluded.tentative, position = excluded.position, source = excluded.source,
		source_time = excluded.source_time, retracted_seq = 0, recorded_at = excluded.recorded_at,
		seq = excluded.seq`,
		s.StrategyID, s.PersonID, string(s.Kind), s.Summary, s.Tentative, s.Order, im.opts.Source,
		im.sourceTimeOr(s.SourceTime), im.now, seq); err != nil {
		return err
	}
	if err := im.stanceTruth(s); err != nil {
		return err
	}
	im.count(c.kind == bot.ChangeStanceNew, func(c *bot.ImportCounts) *int { return &c.Stances })
	return nil
}

// reorder moves an otherwise unchanged person or stance to its new place in
// the source's order. Every entity after an insertion moves: that is no
// change of the entity and gets no change row of its own; the import
// records one order-changed row instead (see importer.run), so that the
// store's version still advances.
func (im *importer) reorder(table, where string, old, order int, key ...any) error {
	if old == order {
		return nil
	}
	im.reordered = true
	// table and where are this file's constants, never input.
	_, err := im.exec(`UPDATE `+table+` SET position = ? WHERE `+where, append([]any{order}, key...)...)
	return err
}

// claim makes an unchanged stance or quote this source import's, when it
// was another's: the source it follows now holds it (and may retract it).
// A curated import leaves it with its source. Nothing a report shows
// changes, so nothing is recorded.
func (im *importer) claim(table, where, source string, key ...any) error {
	if im.opts.Source == "" || source == im.opts.Source {
		return nil
	}
	// table and where are this file's constants, never input.
	_, err := im.exec(`UPDATE `+table+` SET source = ? WHERE `+where, append([]any{im.opts.Source}, key...)...)
	return err
}

func (im *importer) quote(q bot.Quote) error {
	if err := im.refs(fmt.Sprintf("Quote %q", q.ID), q.PersonID, q.StrategyID); err != nil {
		return err
	}
	var (
		x         quoteScan
		source    string
		retracted int64
	)
	found, err := im.queryRow(`SELECT `+quoteRow+`, q.source, q.retracted_seq FROM quotes q WHERE q.id = ?`,
		[]any{q.ID}, append(x.dest(), &source, &retracted)...)
	if err != nil {
		return err
	}
	kind := bot.ChangeQuoteNew
	var old bot.Quote
	if found {
		if old, err = x.quote(); err != nil {
			return err
		}
		if !judged(q) {
			q.Verification, q.Verdict = old.Verification, old.Verdict
		}
		if q.Provenance == nil {
			q.Provenance = old.Provenance
		}
		if q.SourceTime.IsZero() {
			q.SourceTime = old.SourceTime
		}
		if retracted == 0 {
			if equalQuote(old, q) {
				return im.claim("quotes", `id = ?`, source, q.ID)
			}
			kind = bot.ChangeQuoteChanged
		}
	}
	seq, err := im.record(changeRow{kind: kind, personID: q.PersonID, strategyID: q.StrategyID, quoteID: q.ID})
	if err != nil {
		return err
	}
	src := q.Source
	if _, err := im.exec(`INSERT INTO quotes (id, person_id, strategy_id, text, fidelity, source_type,
		source_title, publisher, date_year, date_month, date_day, url, context, said_year, said_month,
		said_day, archive_url, video_id, video_platform, start_seconds, end_seconds, source, source_time,
		retracted_seq, recorded_at, seq)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
		ON CONFLICT (id) DO UPDATE SET text = excluded.text, fidelity = excluded.fidelity,
		source_type = excluded.source_type, source_title = excluded.source_title,
		publisher = excluded.publisher, date_year = excluded.date_year, date_month = excluded.date_month,
		date_day = excluded.date_day, url = excluded.url, context = excluded.context,
		said_year = excluded.said_year, said_month = excluded.said_month, said_day = excluded.said_day,
		archive_url = excluded.archive_url, video_id = excluded.video_id,
		video_platform = excluded.video_platform, start_seconds = excluded.start_seconds,
		end_seconds = excluded.end_seconds, source = excluded.source, source_time = excluded.source_time,
		retracted_seq = 0, recorded_at = excluded.recorded_at, seq = excluded.seq`,
		q.ID, q.PersonID, q.StrategyID, q.Text, string(q.Fidelity), src.Type, src.Title, src.Publisher,
		src.Date.Year, src.Date.Month, src.Date.Day, src.URL, q.Context, q.Date.Year, q.Date.Month, q.Date.Day,
		src.ArchiveURL, src.VideoID, src.VideoPlatform, src.StartSeconds, src.EndSeconds, im.opts.Source,
		im.sourceTimeOr(q.SourceTime), im.now, seq); err != nil {
		return err
	}
	if err := im.quoteTruth(old, q); err != nil {
		return err
	}
	if err := im.quoteProvenance(q); err != nil {
		return err
	}
	im.count(kind == bot.ChangeQuoteNew, func(c *bot.ImportCounts) *int { return &c.Quotes })
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
