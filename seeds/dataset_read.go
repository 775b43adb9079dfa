package seeds

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/stancebot/stancebot/bot"
)

// ReadDir reads the dataset directory dir of fsys. A missing file is an
// empty one, but at least one of DatasetFiles must be there. Anything
// wrong (TOML syntax, an unknown field, a value of the wrong type, an
// unknown tier, kind or fidelity, a bad date, a reference to a person,
// strategy or quote the dataset does not have) is a *FileError naming the
// file, the line and the problem.
func ReadDir(fsys fs.FS, dir string) (bot.Dataset, error) {
	r := &dirReader{fsys: fsys, dir: dir, pos: map[string]*tomlLines{}}
	var ds bot.Dataset
	found := false
	for _, name := range DatasetFiles {
		doc, ok, err := r.load(name)
		if err != nil {
			return bot.Dataset{}, err
		}
		found = found || ok
		if err := r.decode(name, doc, &ds); err != nil {
			return bot.Dataset{}, r.fileError(err)
		}
	}
	if !found {
		return bot.Dataset{}, &FileError{File: dir, Msg: fmt.Sprintf("no dataset files (%s, ...)", boardFile)}
	}
	if err := checkDataset(ds); err != nil {
		return bot.Dataset{}, r.fileError(err)
	}
	for i := range ds.Quotes {
		ds.Quotes[i].ID = quoteID(ds.Quotes[i])
	}
	return ds, nil
}

// dirReader holds what ReadDir has read so far.
type dirReader struct {
	fsys fs.FS
	dir  string
	pos  map[string]*tomlLines // by file name, for line numbers
}

// load reads and parses one file; ok is false when it does not exist.
func (r *dirReader) load(name string) (doc map[string]any, ok bool, err error) {
	file := path.Join(r.dir, name)
	data, err := fs.ReadFile(r.fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read dataset: %w", err)
	}
	r.pos[name] = newTOMLLines(data)
	if _, err := toml.Decode(string(data), &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, false, &FileError{File: file, Line: pe.Position.Line, Msg: pe.Message}
		}
		return nil, false, &FileError{File: file, Msg: err.Error()}
	}
	return doc, true, nil
}

// fileError turns an entry's problem into a *FileError with its line.
func (r *dirReader) fileError(err *entryError) *FileError {
	fe := &FileError{File: path.Join(r.dir, err.at.file), Msg: err.msg}
	if t := r.pos[err.at.file]; t != nil {
		fe.Line = t.locate(err.at)
	}
	return fe
}

// decode adds what one file says to ds.
func (r *dirReader) decode(name string, doc map[string]any, ds *bot.Dataset) *entryError {
	if doc == nil {
		return nil
	}
	if name == boardFile {
		return decodeBoard(doc, ds)
	}
	table := map[string]string{
		strategiesFile: strategyTable, peopleFile: personTable, stancesFile: stanceTable,
		quotesFile: quoteTable, storiesFile: storyTable, canonicalFile: canonicalTable, statedFile: statedTable,
	}[name]
	top := &fields{m: doc, at: where{file: name}}
	entries := top.tables(table)
	if err := top.done(); err != nil {
		return err
	}
	for i, m := range entries {
		f := &fields{m: m, at: where{file: name, table: table, index: i}}
		switch name {
		case strategiesFile:
			ds.Strategies = append(ds.Strategies, decodeStrategy(f))
		case peopleFile:
			p, err := decodePerson(f)
			if err != nil {
				return err
			}
			ds.People = append(ds.People, p)
		case canonicalFile:
			ds.Canonical = append(ds.Canonical, decodeCanonical(f))
		case statedFile:
			a, err := decodeStated(f)
			if err != nil {
				return err
			}
			ds.Stated = append(ds.Stated, a)
		case stancesFile:
			ds.Stances = append(ds.Stances, decodeStance(f))
		case quotesFile:
			ds.Quotes = append(ds.Quotes, decodeQuote(f))
		case storiesFile:
			s, err := decodeStory(f)
			if err != nil {
				return err
			}
			ds.Stories = append(ds.Stories, s)
		}
		if err := f.done(); err != nil {
			return err
		}
	}
	return nil
}

func decodeBoard(doc map[string]any, ds *bot.Dataset) *entryError {
	if len(doc) == 0 {
		return nil
	}
	f := &fields{m: doc, at: where{file: boardFile}}
	ds.Board = &bot.Board{Name: f.str("name"), ProfiledTotal: f.integer("profiled_total"), Synthetic: f.boolean("synthetic")}
	return f.done()
}

func decodeStrategy(f *fields) bot.Strategy {
	return bot.Strategy{ID: f.str("id"), Name: f.str("name"), Summary: f.str("summary"), Aliases: f.strs("aliases"),
		CanonicalID: f.str("canonical")}
}

func decodePerson(f *fields) (bot.Person, *entryError) {
	p := bot.Person{
		ID: f.str("id"), Name: f.str("name"), Aliases: f.strs("aliases"), Role: f.str("role"),
		Tagline: f.str("tagline"), Summary: f.str("summary"), Categories: f.strs("categories"),
		Homepage: f.str("homepage"), Wikipedia: f.str("wikipedia"), Twitter: f.str("twitter"),
		LastUpdated: f.date("last_updated"),
		Expertise:   bot.Expertise(f.str("expertise")), Recognition: bot.Recognition(f.str("recognition")),
		Vintage: bot.Vintage(f.str("vintage")), Profiled: f.boolean("profiled"), Order: f.integer("order"),
		Unprofiled: f.boolean("unprofiled"),
		ProfileNotes: bot.ProfileNotes{Expertise: f.str("expertise_note"), Recognition: f.str("recognition_note"),
			Vintage: f.str("vintage_note")},
		SourceTime: f.datetime("source_time"),
	}
	for j, m := range f.tables(affiliationTable) {
		af := f.sub(affiliationTable, j, m)
		p.Affiliations = append(p.Affiliations, bot.Affiliation{Org: af.str("org"), Role: af.str("role"),
			Start: af.str("start"), End: af.str("end"), Current: af.boolean("current")})
		if err := af.done(); err != nil {
			return p, err
		}
	}
	for j, m := range f.tables(pdoomTable) {
		cf := f.sub(pdoomTable, j, m)
		c := bot.PDoomClaim{Definition: cf.str("definition"), Date: cf.date("date"), Source: decodeSource(cf),
			SourceTime: cf.datetime("source_time")}
		if v, ok := cf.number("value"); ok {
			c.Low, c.High = v, v
			if cf.has("low") || cf.has("high") {
				cf.fail("low", "a p(doom) claim has a value or low and high, not both")
			}
		} else {
			lo, okLo := cf.number("low")
			hi, okHi := cf.number("high")
			if !okLo || !okHi {
				cf.fail("value", "a p(doom) claim needs a value, or low and high")
			}
			c.Low, c.High = lo, hi
		}
		p.PDoomClaims = append(p.PDoomClaims, c)
		if err := cf.done(); err != nil {
			return p, err
		}
	}
	for j, m := range f.tables(timelineTable) {
		tf := f.sub(timelineTable, j, m)
		c := bot.TimelineClaim{Milestone: tf.str("milestone"), Year: tf.integer("year"), RangeFrom: tf.integer("from"),
			RangeTo: tf.integer("to"), Date: tf.date("date"), Source: decodeSource(tf)}
		c.Probability, _ = tf.number("probability")
		p.Timelines = append(p.Timelines, c)
		if err := tf.done(); err != nil {
			return p, err
		}
	}
	return p, nil
}

// decodeSource reads a source's keys (a quote's, a claim's).
func decodeSource(f *fields) bot.Source {
	return bot.Source{
		Type: f.str("source_type"), Title: f.str("title"), Publisher: f.str("publisher"),
		Date: f.date(f.sourceDateKey()), URL: f.str("url"), ArchiveURL: f.str("archive_url"),
		VideoID: f.str("video_id"), VideoPlatform: f.str("video_platform"),
		StartSeconds: f.integer("start_seconds"), EndSeconds: f.integer("end_seconds"),
	}
}

func decodeStance(f *fields) bot.Stance {
	s := bot.Stance{PersonID: f.str("person"), StrategyID: f.str("strategy"), Kind: bot.StanceKind(f.str("kind")),
		Tentative: f.boolean("tentative"), Summary: f.str("summary"), Order: f.integer("order"),
		SourceTime: f.datetime("source_time")}
	s.KindSupplied = f.boolean("kind_supplied")
	return s
}

func decodeQuote(f *fields) bot.Quote {
	q := decodeQuoteSource(f)
	decodeQuoteTruth(f, &q)
	return q
}

// decodeQuoteTruth reads what a quote's entry says beyond its words and
// source: whether its date was given at import, a moderator's
// verification with who judged it, when and why, and the provenance of a
// quote a community recorded.
func decodeQuoteTruth(f *fields, q *bot.Quote) {
	q.DateSupplied = f.boolean("date_supplied")
	if s := f.str("verification"); s != "" {
		v, ok := bot.ParseVerification(s)
		if !ok {
			f.fail("verification", "unknown verification %q (want unverified, verified, disputed or misattributed)", s)
		}
		q.Verification = v
	}
	q.Verdict = bot.Verdict{By: f.str("verified_by"), On: f.date("verified_on"), Reason: f.str("verification_reason")}
	if f.has("proposed_by") {
		q.Provenance = &bot.Provenance{ProposedBy: bot.ParseActor(f.str("proposed_by")), ProposedIn: f.str("proposed_in"),
			ProposedAt: f.datetime("proposed_at"), ApprovedBy: bot.ParseActor(f.str("approved_by")),
			ApprovedAt: f.datetime("approved_at")}
	}
}

func decodeQuoteSource(f *fields) bot.Quote {
	return bot.Quote{
		ID: f.str("id"), PersonID: f.str("person"), StrategyID: f.str("strategy"), Text: f.str("text"),
		Fidelity: bot.Fidelity(f.str("fidelity")), Context: f.str("context"), Date: f.date("said"),
		Source: decodeSource(f), SourceTime: f.datetime("source_time"),
	}
}

func decodeCanonical(f *fields) bot.CanonicalStrategy {
	return bot.CanonicalStrategy{ID: f.str("id"), Name: f.str("name"), Bet: f.str("bet"), Mechanism: f.str("mechanism"),
		ConflictsWith: f.strs("conflicts_with"), ComplementsWith: f.strs("complements_with")}
}

func decodeStated(f *fields) (bot.StatedAggregates, *entryError) {
	count := func(key string) int {
		if !f.has(key) {
			return bot.NotStated
		}
		return f.integer(key)
	}
	a := bot.StatedAggregates{
		StrategyID: f.str("strategy"), Source: f.str("source"),
		StatedEndorsers: count("stated_endorsers"), Opposers: count("opposers"),
		ProfiledEndorsers: count("profiled_endorsers"), QuotesByEndorsers: count("quotes_by_endorsers"),
		VintageAssigned: count("vintage_assigned"), People: f.strs("people"),
	}
	if mean, ok := f.number("pdoom_mean"); ok {
		a.PDoom = &bot.StatedPDoom{Mean: mean, Median: bot.NotStated, N: count("pdoom_n")}
		if m, ok := f.number("pdoom_median"); ok {
			a.PDoom.Median = m
		}
	} else if f.has("pdoom_median") || f.has("pdoom_n") {
		f.fail("pdoom_mean", "pdoom_median or pdoom_n without pdoom_mean")
	}
	a.ExpertiseMix = intMap(f, "expertise_mix", func(s string) bot.Expertise { return bot.Expertise(s) })
	a.RecognitionMix = intMap(f, "recognition_mix", func(s string) bot.Recognition { return bot.Recognition(s) })
	a.VintageMix = intMap(f, "vintage_mix", func(s string) bot.Vintage { return bot.Vintage(s) })
	for j, m := range f.tables(unnamedTable) {
		uf := f.sub(unnamedTable, j, m)
		a.Unnamed = append(a.Unnamed, bot.UnnamedCell{Expertise: bot.Expertise(uf.str("expertise")),
			Recognition: bot.Recognition(uf.str("recognition")), Count: uf.integer("count")})
		if err := uf.done(); err != nil {
			return a, err
		}
	}
	return a, nil
}

// intMap reads key as an inline table of counts ({ slug = 3, ... }); nil
// when absent.
func intMap[K ~string](f *fields, key string, conv func(string) K) map[K]int {
	v, ok := f.get(key)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		f.wrongType(key, "a table of counts", v)
		return nil
	}
	out := make(map[K]int, len(m))
	for k, x := range m {
		n, ok := x.(int64)
		if !ok || n < 0 || n > 1<<31-1 {
			f.wrongType(key, "a table of counts", x)
			return nil
		}
		out[conv(k)] = int(n)
	}
	return out
}

func decodeStory(f *fields) (bot.Story, *entryError) {
	s := bot.Story{ID: f.str("id"), Headline: f.str("headline"), QuoteID: f.str("quote")}
	for j, m := range f.tables(sectionTable) {
		sf := f.sub(sectionTable, j, m)
		s.Sections = append(s.Sections, bot.StorySection{Heading: sf.str("heading"), Text: sf.str("text")})
		if err := sf.done(); err != nil {
			return s, err
		}
	}
	for j, m := range f.tables(replyTable) {
		rf := f.sub(replyTable, j, m)
		s.Replies = append(s.Replies, bot.StoryReply{To: rf.strs("to"), Text: rf.str("text"), QuotesPost: rf.boolean("quotes_post")})
		if err := rf.done(); err != nil {
			return s, err
		}
	}
	return s, nil
}

// fields reads the keys of one TOML table, remembering which it used and
// the first problem.
type fields struct {
	m    map[string]any
	at   where
	used map[string]bool
	err  *entryError
}

func (f *fields) get(key string) (any, bool) {
	if f.used == nil {
		f.used = map[string]bool{}
	}
	f.used[key] = true
	v, ok := f.m[key]
	return v, ok
}

func (f *fields) has(key string) bool { _, ok := f.get(key); return ok }

// fail records the first problem, at key.
func (f *fields) fail(key, format string, args ...any) {
	if f.err == nil {
		w := f.at
		w.key = key
		f.err = &entryError{at: w, msg: fmt.Sprintf(format, args...)}
	}
}

func (f *fields) wrongType(key, want string, v any) {
	f.fail(key, "%s: want %s, got %s", key, want, tomlType(v))
}

func (f *fields) str(key string) string {
	v, ok := f.get(key)
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		f.wrongType(key, "a string", v)
	}
	return s
}

func (f *fields) strs(key string) []string {
	v, ok := f.get(key)
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		f.wrongType(key, "a list of strings", v)
		return nil
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			f.wrongType(key, "a list of strings", x)
			return nil
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func (f *fields) boolean(key string) bool {
	v, ok := f.get(key)
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		f.wrongType(key, "true or false", v)
	}
	return b
}

func (f *fields) integer(key string) int {
	v, ok := f.get(key)
	if !ok {
		return 0
	}
	n, ok := v.(int64)
	if !ok || n < -1<<31 || n > 1<<31-1 {
		f.wrongType(key, "an integer", v)
	}
	return int(n)
}

func (f *fields) number(key string) (float64, bool) {
	v, ok := f.get(key)
	if !ok {
		return 0, false
	}
	switch n := v.(type) {
	case float64:
		return n, true
	case int64:
		return float64(n), true
	}
	f.wrongType(key, "a number", v)
	return 0, false
}

// date reads "2024", "2024-02" or "2024-02-13" (a TOML date is accepted too).
func (f *fields) date(key string) bot.Date {
	v, ok := f.get(key)
	if !ok {
		return bot.Date{}
	}
	switch d := v.(type) {
	case string:
		parsed, err := bot.ParseDate(d)
		if err != nil {
			f.fail(key, "%v", err)
		}
		return parsed
	case time.Time:
		return bot.Date{Year: d.Year(), Month: int(d.Month()), Day: d.Day()}
	}
	f.wrongType(key, `a date such as "2024", "2024-02" or "2024-02-13"`, v)
	return bot.Date{}
}

// datetime reads a TOML date-time (source_time = 2026-11-21T10:00:00Z).
func (f *fields) datetime(key string) time.Time {
	v, ok := f.get(key)
	if !ok {
		return time.Time{}
	}
	t, ok := v.(time.Time)
	if !ok {
		f.wrongType(key, "a date-time such as 2026-11-21T10:00:00Z", v)
		return time.Time{}
	}
	return t.UTC()
}

// sourceDateKey is the key of a source's date: "date" in a quote, whose
// own date is "said"; "source_date" in a claim, whose own date is "date".
func (f *fields) sourceDateKey() string {
	if f.at.sub == pdoomTable || f.at.sub == timelineTable {
		return "source_date"
	}
	return "date"
}

// tables reads key as an array of tables ([[key]]).
func (f *fields) tables(key string) []map[string]any {
	v, ok := f.get(key)
	if !ok {
		return nil
	}
	switch t := v.(type) {
	case []map[string]any:
		return t
	case []any:
		out := make([]map[string]any, 0, len(t))
		for _, x := range t {
			m, ok := x.(map[string]any)
			if !ok {
				f.wrongType(key, "[["+key+"]] tables", v)
				return nil
			}
			out = append(out, m)
		}
		return out
	}
	f.wrongType(key, "[["+key+"]] tables", v)
	return nil
}

// sub returns the fields of the j-th [[table.sub]] of this entry.
func (f *fields) sub(name string, j int, m map[string]any) *fields {
	w := f.at
	w.sub, w.subIndex = name, j
	return &fields{m: m, at: w}
}

// done returns the first problem, or an unknown key (the first by name).
func (f *fields) done() *entryError {
	if f.err != nil {
		return f.err
	}
	var unknown []string
	for k := range f.m {
		if !f.used[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		f.fail(unknown[0], "unknown field %q", unknown[0])
	}
	return f.err
}

// tomlType names a decoded TOML value's type for error messages.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date-time"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}
