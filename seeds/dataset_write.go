package seeds

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stancebot/stancebot/bot"
)

// WriteDir writes ds as a dataset directory: the six files of
// DatasetFiles, each entry sorted by its natural key and each field
// written only when known, so that writing what ReadDir read gives the
// same bytes. RecordedAt is never written. An invalid dataset is refused
// before anything is written.
func WriteDir(dir string, ds bot.Dataset) error {
	files, err := EncodeDataset(ds)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("write dataset: %w", err)
	}
	for _, name := range DatasetFiles {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return fmt.Errorf("write dataset: %w", err)
		}
	}
	return nil
}

// EncodeDataset returns the contents of each file of ds's dataset
// directory, by file name (see WriteDir).
func EncodeDataset(ds bot.Dataset) (map[string][]byte, error) {
	ds = sortedDataset(ds)
	if err := checkDataset(ds); err != nil {
		return nil, fmt.Errorf("write dataset: %s entry %d: %s", err.at.file, err.at.index+1, err.msg)
	}
	e := &encoder{files: map[string][]byte{}}
	e.board(ds.Board)
	e.canonical(ds.Canonical)
	e.strategies(ds.Strategies)
	e.people(ds.People)
	e.stances(ds.Stances)
	e.quotes(ds.Quotes)
	e.stories(ds.Stories)
	e.stated(ds.Stated)
	if e.err != nil {
		return nil, fmt.Errorf("write dataset: %w", e.err)
	}
	return e.files, nil
}

// encoder writes TOML by hand, so that the layout is fixed: one
// [[table]] per entry, its keys in a fixed order, empty values left out.
type encoder struct {
	files map[string][]byte
	buf   bytes.Buffer
	err   error
}

// file starts a file with its comment.
func (e *encoder) file(comment string) {
	e.buf.Reset()
	e.buf.WriteString("# " + comment + "\n")
}

// end stores the file written since file().
func (e *encoder) end(name string) {
	e.files[name] = bytes.Clone(e.buf.Bytes())
}

// table starts a [[name]] entry.
func (e *encoder) table(name string) { fmt.Fprintf(&e.buf, "\n[[%s]]\n", name) }

// str writes key = "value" unless value is empty (or always, when required).
func (e *encoder) str(key, value string, required bool) {
	if value == "" && !required {
		return
	}
	e.buf.WriteString(key + " = " + e.quote(value) + "\n")
}

// strs writes key = ["a", "b"] unless the list is empty.
func (e *encoder) strs(key string, values []string) {
	if len(values) == 0 {
		return
	}
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = e.quote(v)
	}
	e.buf.WriteString(key + " = [" + strings.Join(q, ", ") + "]\n")
}

// integer writes key = n unless n is 0.
func (e *encoder) integer(key string, n int) {
	if n != 0 {
		fmt.Fprintf(&e.buf, "%s = %d\n", key, n)
	}
}

// num writes key = n (as a float) unless n is 0.
func (e *encoder) num(key string, n float64) {
	if n != 0 {
		e.buf.WriteString(key + " = " + number(n) + "\n")
	}
}

// datetime writes key = a TOML date-time unless t is zero.
func (e *encoder) datetime(key string, t time.Time) {
	if !t.IsZero() {
		e.buf.WriteString(key + " = " + t.UTC().Format(time.RFC3339Nano) + "\n")
	}
}

// source writes a source's keys; dateKey is the key of its date.
func (e *encoder) source(s bot.Source, dateKey string) {
	e.str("source_type", s.Type, false)
	e.str("title", s.Title, false)
	e.str("publisher", s.Publisher, false)
	e.str(dateKey, s.Date.String(), false)
	e.str("url", s.URL, false)
	e.str("archive_url", s.ArchiveURL, false)
	e.str("video_id", s.VideoID, false)
	e.str("video_platform", s.VideoPlatform, false)
	e.integer("start_seconds", s.StartSeconds)
	e.integer("end_seconds", s.EndSeconds)
}

// counts writes key = { slug = n, ... } in the tiers' order, unless m is nil.
func counts[K comparable](e *encoder, key string, tiers []K, m map[K]int) {
	if m == nil {
		return
	}
	var parts []string
	for _, t := range tiers {
		if n, ok := m[t]; ok {
			parts = append(parts, fmt.Sprintf("%v = %d", t, n))
		}
	}
	e.buf.WriteString(key + " = {" + strings.Join(parts, ", ") + "}\n")
}

func (e *encoder) boolean(key string, v bool) {
	if v {
		e.buf.WriteString(key + " = true\n")
	}
}

// quote returns s as a TOML basic string.
func (e *encoder) quote(s string) string {
	if !utf8.ValidString(s) && e.err == nil {
		e.err = fmt.Errorf("%q is not UTF-8 text", s)
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// number formats a float so that it reads back as a float ("25.0").
func number(f float64) string {
	s := formatNumber(f)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

func (e *encoder) board(b *bot.Board) {
	e.file("The board this dataset was taken from (none when empty).")
	if b != nil {
		e.str("name", b.Name, true)
		fmt.Fprintf(&e.buf, "profiled_total = %d\n", b.ProfiledTotal)
		e.boolean("synthetic", b.Synthetic)
	}
	e.end(boardFile)
}

func (e *encoder) strategies(ss []bot.Strategy) {
	e.file("Strategies: the positions people argue about.")
	for _, s := range ss {
		e.table(strategyTable)
		e.str("id", s.ID, true)
		e.str("name", s.Name, true)
		e.str("summary", s.Summary, false)
		e.strs("aliases", s.Aliases)
		e.str("canonical", s.CanonicalID, false)
	}
	e.end(strategiesFile)
}

func (e *encoder) people(ps []bot.Person) {
	e.file("People whose positions are on record. Tiers are left out when unknown.")
	for _, p := range ps {
		e.table(personTable)
		e.str("id", p.ID, true)
		e.str("name", p.Name, true)
		e.strs("aliases", p.Aliases)
		e.str("role", p.Role, false)
		e.str("expertise", string(p.Expertise), false)
		e.str("recognition", string(p.Recognition), false)
		e.str("vintage", string(p.Vintage), false)
		e.boolean("profiled", p.Profiled)
		e.boolean("unprofiled", p.Unprofiled)
		e.integer("order", p.Order)
		e.str("expertise_note", p.ProfileNotes.Expertise, false)
		e.str("recognition_note", p.ProfileNotes.Recognition, false)
		e.str("vintage_note", p.ProfileNotes.Vintage, false)
		e.str("tagline", p.Tagline, false)
		e.str("summary", p.Summary, false)
		e.strs("categories", p.Categories)
		e.str("homepage", p.Homepage, false)
		e.str("wikipedia", p.Wikipedia, false)
		e.str("twitter", p.Twitter, false)
		e.str("last_updated", p.LastUpdated.String(), false)
		e.datetime("source_time", p.SourceTime)
		for _, a := range p.Affiliations {
			e.table(personTable + "." + affiliationTable)
			e.str("org", a.Org, true)
			e.str("role", a.Role, false)
			e.str("start", a.Start, false)
			e.str("end", a.End, false)
			e.boolean("current", a.Current)
		}
		for _, c := range p.PDoomClaims {
			e.table(personTable + "." + pdoomTable)
			if c.IsRange() {
				e.buf.WriteString("low = " + number(c.Low) + "\nhigh = " + number(c.High) + "\n")
			} else {
				e.buf.WriteString("value = " + number(c.Low) + "\n")
			}
			e.str("definition", c.Definition, false)
			e.str("date", c.Date.String(), false)
			e.source(c.Source, "source_date")
			e.datetime("source_time", c.SourceTime)
		}
		for _, c := range p.Timelines {
			e.table(personTable + "." + timelineTable)
			e.str("milestone", c.Milestone, true)
			e.integer("year", c.Year)
			e.integer("from", c.RangeFrom)
			e.integer("to", c.RangeTo)
			e.num("probability", c.Probability)
			e.str("date", c.Date.String(), false)
			e.source(c.Source, "source_date")
		}
	}
	e.end(peopleFile)
}

func (e *encoder) stances(ss []bot.Stance) {
	e.file("Stances: each person's current position on a strategy.")
	for _, s := range ss {
		e.table(stanceTable)
		e.str("person", s.PersonID, true)
		e.str("strategy", s.StrategyID, true)
		e.str("kind", string(s.Kind), true)
		e.boolean("tentative", s.Tentative)
		e.str("summary", s.Summary, false)
		e.integer("order", s.Order)
		e.datetime("source_time", s.SourceTime)
		e.boolean("kind_supplied", s.KindSupplied)
	}
	e.end(stancesFile)
}

func (e *encoder) quotes(qs []bot.Quote) {
	e.file("Quotes with their sources. The id is derived from person, strategy and text.")
	for _, q := range qs {
		e.table(quoteTable)
		e.str("id", quoteID(q), true)
		e.str("person", q.PersonID, true)
		e.str("strategy", q.StrategyID, true)
		e.str("text", q.Text, true)
		e.str("fidelity", string(q.Fidelity), true)
		e.source(q.Source, "date")
		e.str("said", q.Date.String(), false)
		e.str("context", q.Context, false)
		e.datetime("source_time", q.SourceTime)
		e.quoteTruth(q)
		e.provenance(q.Provenance)
	}
	e.end(quotesFile)
}

// provenance writes who proposed a quote recorded by a community, where
// and when, and who approved it when; nothing for any other quote.
func (e *encoder) provenance(p *bot.Provenance) {
	if p == nil {
		return
	}
	e.str("proposed_by", p.ProposedBy.String(), true)
	e.str("proposed_in", p.ProposedIn, false)
	e.datetime("proposed_at", p.ProposedAt)
	e.str("approved_by", p.ApprovedBy.String(), true)
	e.datetime("approved_at", p.ApprovedAt)
}

// quoteTruth writes whether a quote's date was given at import, and its
// verification with who judged it, when and why.
func (e *encoder) quoteTruth(q bot.Quote) {
	e.boolean("date_supplied", q.DateSupplied)
	if q.Verification != bot.VerificationUnverified || !q.Verdict.IsZero() {
		e.str("verification", q.Verification.String(), true)
	}
	e.str("verified_by", q.Verdict.By, false)
	e.str("verified_on", q.Verdict.On.String(), false)
	e.str("verification_reason", q.Verdict.Reason, false)
}

func (e *encoder) stories(ss []bot.Story) {
	e.file("Stories: discussion threads, their post (a quote id), overview and replies.")
	for _, s := range ss {
		e.table(storyTable)
		e.str("id", s.ID, true)
		e.str("headline", s.Headline, true)
		e.str("quote", s.QuoteID, true)
		for _, sec := range s.Sections {
			e.table(storyTable + "." + sectionTable)
			e.str("heading", sec.Heading, false)
			e.str("text", sec.Text, false)
		}
		for _, r := range s.Replies {
			e.table(storyTable + "." + replyTable)
			e.strs("to", r.To)
			e.str("text", r.Text, false)
			e.boolean("quotes_post", r.QuotesPost)
		}
	}
	e.end(storiesFile)
}

func (e *encoder) canonical(cs []bot.CanonicalStrategy) {
	e.file("The board's canonical strategies and the relations they declare (ids of other canonical strategies).")
	for _, c := range cs {
		e.table(canonicalTable)
		e.str("id", c.ID, true)
		e.str("name", c.Name, true)
		e.str("bet", c.Bet, false)
		e.str("mechanism", c.Mechanism, false)
		e.strs("conflicts_with", c.ConflictsWith)
		e.strs("complements_with", c.ComplementsWith)
	}
	e.end(canonicalFile)
}

func (e *encoder) stated(as []bot.StatedAggregates) {
	e.file("Aggregates a source page printed for a strategy, as printed; shown beside the computed ones, never used to compute.")
	for _, a := range as {
		e.table(statedTable)
		e.str("strategy", a.StrategyID, true)
		e.str("source", a.Source, false)
		for _, c := range []struct {
			key string
			n   int
		}{{"stated_endorsers", a.StatedEndorsers}, {"opposers", a.Opposers}, {"profiled_endorsers", a.ProfiledEndorsers},
			{"quotes_by_endorsers", a.QuotesByEndorsers}, {"vintage_assigned", a.VintageAssigned}} {
			if c.n != bot.NotStated {
				fmt.Fprintf(&e.buf, "%s = %d\n", c.key, c.n)
			}
		}
		if d := a.PDoom; d != nil {
			e.buf.WriteString("pdoom_mean = " + number(d.Mean) + "\n")
			if d.Median != bot.NotStated {
				e.buf.WriteString("pdoom_median = " + number(d.Median) + "\n")
			}
			if d.N != bot.NotStated {
				fmt.Fprintf(&e.buf, "pdoom_n = %d\n", d.N)
			}
		}
		counts(e, "expertise_mix", bot.Expertises, a.ExpertiseMix)
		counts(e, "recognition_mix", bot.Recognitions, a.RecognitionMix)
		counts(e, "vintage_mix", bot.Vintages, a.VintageMix)
		e.strs("people", a.People)
		for _, c := range a.Unnamed {
			e.table(statedTable + "." + unnamedTable)
			e.str("expertise", string(c.Expertise), true)
			e.str("recognition", string(c.Recognition), true)
			e.integer("count", c.Count)
		}
	}
	e.end(statedFile)
}
