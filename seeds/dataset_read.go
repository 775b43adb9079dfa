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
		quotesFile: quoteTable, storiesFile: storyTable,
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
			ds.People = append(ds.People, decodePerson(f))
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
	return bot.Strategy{ID: f.str("id"), Name: f.str("name"), Summary: f.str("summary"), Aliases: f.strs("aliases")}
}

func decodePerson(f *fields) bot.Person {
	p := bot.Person{
		ID: f.str("id"), Name: f.str("name"), Aliases: f.strs("aliases"), Role: f.str("role"),
		Expertise: bot.Expertise(f.str("expertise")), Recognition: bot.Recognition(f.str("recognition")),
		Vintage: bot.Vintage(f.str("vintage")), Profiled: f.boolean("profiled"),
	}
	if pd, ok := f.number("pdoom"); ok {
		p.PDoom = &bot.PDoom{Percent: pd, Source: f.str("pdoom_source")}
	} else if f.has("pdoom_source") {
		f.fail("pdoom_source", "pdoom_source without pdoom")
	}
	return p
}

func decodeStance(f *fields) bot.Stance {
	s := bot.Stance{PersonID: f.str("person"), StrategyID: f.str("strategy"), Kind: bot.StanceKind(f.str("kind")), Summary: f.str("summary")}
	s.KindSupplied = f.boolean("kind_supplied")
	return s
}

func decodeQuote(f *fields) bot.Quote {
	q := decodeQuoteSource(f)
	decodeQuoteTruth(f, &q)
	return q
}

// decodeQuoteTruth reads what a quote's entry says beyond its words and
// source: whether its date was given at import, and a moderator's
// verification with who judged it, when and why.
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
}

func decodeQuoteSource(f *fields) bot.Quote {
	return bot.Quote{
		ID: f.str("id"), PersonID: f.str("person"), StrategyID: f.str("strategy"), Text: f.str("text"),
		Fidelity: bot.Fidelity(f.str("fidelity")), Context: f.str("context"),
		Source: bot.Source{
			Type: f.str("source_type"), Title: f.str("title"), Publisher: f.str("publisher"),
			Date: f.date("date"), URL: f.str("url"),
		},
	}
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
