package seeds

import (
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// contextPrefix starts the optional note under a quote.
const contextPrefix = "Context:"

// parsePeople reads the people on the record into ds. Each entry is
// name / role / stance / summary / quote / optional "Context: ..." /
// source line; a photo repeats the name right after the previous entry.
// Entries are delimited by their source lines.
func (p *boardParser) parsePeople(ls []line, ds *bot.Dataset) {
	strategyID := ds.Strategies[0].ID
	seen := map[string]int{} // person id -> line of first entry
	for len(ls) > 0 {
		end := 0
		for end < len(ls) && !isSourceLine(ls[end].text) {
			end++
		}
		if end == len(ls) {
			p.warnf("people on the record: lines %d-%d end without a source line; not imported", ls[0].n, ls[end-1].n)
			return
		}
		if end == 0 {
			p.warnf("people on the record: line %d: a source line with no entry before it; not imported", ls[0].n)
			ls = ls[1:]
			continue
		}
		entry := p.splitEntry(ls[:end])
		src := ls[end]
		ls = ls[end+1:]
		if entry == nil {
			continue
		}
		p.addEntry(ds, strategyID, entry, src, seen)
	}
}

// entry is one person's lines before their source line.
type entry struct {
	name, role, summary string
	kind                bot.StanceKind
	quote, context      []line
	first               line
}

// splitEntry reads one entry's lines. When the lines hold more than one
// stance, earlier entries lost their source lines; they are reported and
// the last entry is kept.
func (p *boardParser) splitEntry(ls []line) *entry {
	var stances []int
	for i, l := range ls {
		if _, ok := bot.ParseStanceKind(l.text); ok && i > 0 {
			stances = append(stances, i)
		}
	}
	if len(stances) == 0 {
		p.warnf("people on the record: lines %d-%d (%s): no stance line; not imported", ls[0].n, ls[len(ls)-1].n, ls[0].text)
		return nil
	}
	if len(stances) > 1 {
		st := stances[len(stances)-1]
		start := max(st-2, 0)
		if start > 0 && ls[start-1].text == ls[start].text {
			start-- // the photo's alt text repeats the name
		}
		if start > 0 {
			p.warnf("people on the record: lines %d-%d (%s): no source line; not imported", ls[0].n, ls[start-1].n, ls[0].text)
		}
		ls, stances = ls[start:], []int{st - start}
	}
	e := &entry{name: ls[0].text, first: ls[0]}
	k := 1
	if len(ls) > 1 && ls[1].text == e.name {
		k = 2 // the photo's alt text repeats the name
	}
	st := stances[0]
	var role []string
	for _, l := range ls[min(k, st):st] {
		role = append(role, l.text)
	}
	e.role = strings.Join(role, " ")
	e.kind, _ = bot.ParseStanceKind(ls[st].text)
	rest := ls[st+1:]
	if len(rest) > 0 {
		e.summary, rest = rest[0].text, rest[1:]
	}
	for _, l := range rest {
		if strings.HasPrefix(l.text, contextPrefix) {
			e.context = append(e.context, l)
		} else {
			e.quote = append(e.quote, l)
		}
	}
	return e
}

// addEntry adds an entry's person, stance and quote to ds.
func (p *boardParser) addEntry(ds *bot.Dataset, strategyID string, e *entry, src line, seen map[string]int) {
	id := bot.Slug(e.name)
	if id == "" {
		p.warnf("people on the record: line %d: %q is not a name; not imported", e.first.n, e.name)
		return
	}
	if e.role == "" {
		p.warnf("%s (line %d): no role", e.name, e.first.n)
	}
	if e.summary == "" {
		p.warnf("%s (line %d): no stance summary", e.name, e.first.n)
	}
	if first, dup := seen[id]; dup {
		p.warnf("%s (line %d): already on the record at line %d; only the quote is imported", e.name, e.first.n, first)
	} else {
		seen[id] = e.first.n
		ds.People = append(ds.People, bot.Person{ID: id, Name: e.name, Role: e.role})
		ds.Stances = append(ds.Stances, bot.Stance{PersonID: id, StrategyID: strategyID, Kind: e.kind, Summary: e.summary})
	}
	q, ok := p.entryQuote(id, strategyID, e, src)
	if !ok {
		return
	}
	for _, have := range ds.Quotes {
		if have.ID == q.ID {
			p.warnf("%s (line %d): the same quote again; not imported twice", e.name, src.n)
			return
		}
	}
	ds.Quotes = append(ds.Quotes, q)
}

// entryQuote builds an entry's quote. Fidelity comes from the source line
// and is kept as stated; the curly quotes around a direct quote are only
// its typography.
func (p *boardParser) entryQuote(personID, strategyID string, e *entry, src line) (bot.Quote, bool) {
	var parts []string
	for _, l := range e.quote {
		parts = append(parts, l.text)
	}
	text := strings.Join(parts, "\n")
	quoted := strings.HasPrefix(text, "“") && strings.HasSuffix(text, "”") && len(text) > len("“”")
	if quoted {
		text = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(text, "“"), "”"))
	}
	if text == "" {
		p.warnf("%s (line %d): no quote text; quote not imported", e.name, src.n)
		return bot.Quote{}, false
	}
	sl := parseSourceLine(src.text)
	for _, prob := range sl.Problems {
		p.warnf("%s (line %d): source line: %s", e.name, src.n, prob)
	}
	switch {
	case quoted && !sl.Fidelity.IsDirect():
		p.warnf("%s (line %d): quote is in quotation marks but the source line says %s; kept as %s", e.name, src.n, sl.Fidelity, sl.Fidelity)
	case !quoted && sl.Fidelity.IsDirect():
		p.warnf("%s (line %d): direct quote without quotation marks", e.name, src.n)
	}
	var ctx []string
	for _, l := range e.context {
		ctx = append(ctx, strings.TrimSpace(strings.TrimPrefix(l.text, contextPrefix)))
	}
	return bot.Quote{
		ID:         bot.QuoteID(personID, strategyID, text),
		PersonID:   personID,
		StrategyID: strategyID,
		Text:       text,
		Fidelity:   sl.Fidelity,
		Source:     sl.Source,
		Context:    strings.Join(ctx, " "),
	}, true
}
