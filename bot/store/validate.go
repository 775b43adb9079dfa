package store

import (
	"reflect"
	"slices"
	"strings"
	"unicode"

	"github.com/stancebot/stancebot/bot"
)

// normalizeDataset checks a dataset before it is imported and returns it with
// every quote's ID filled in and exact duplicates dropped. Anything wrong is
// an EINVALID *bot.Error naming the entity. References between entities are
// checked later, against the dataset and the store together.
func normalizeDataset(ds bot.Dataset) (bot.Dataset, error) {
	var out bot.Dataset
	if b := ds.Board; b != nil {
		if strings.TrimSpace(b.Name) == "" || b.ProfiledTotal < 0 {
			return out, bot.Errorf(bot.EINVALID, "Board: a name and a profiled total of 0 or more are required.")
		}
		bb := *b
		out.Board = &bb
	}
	var err error
	if out.Strategies, err = dedupe(ds.Strategies, "strategy",
		func(s bot.Strategy) string { return s.ID }, equalStrategy, checkStrategy); err != nil {
		return out, err
	}
	if out.People, err = dedupe(ds.People, "person",
		func(p bot.Person) string { return p.ID }, equalPerson, checkPerson); err != nil {
		return out, err
	}
	if out.Stances, err = dedupe(ds.Stances, "stance",
		func(s bot.Stance) string { return s.PersonID + " on " + s.StrategyID }, equalStance, checkStance); err != nil {
		return out, err
	}
	quotes := make([]bot.Quote, len(ds.Quotes))
	for i, q := range ds.Quotes {
		id := bot.QuoteID(q.PersonID, q.StrategyID, q.Text)
		if q.ID != "" && q.ID != id {
			return out, bot.Errorf(bot.EINVALID, "Quote %q: its id does not match its person, strategy and text (want %q).", q.ID, id)
		}
		q.ID = id
		quotes[i] = q
	}
	if out.Quotes, err = dedupe(quotes, "quote",
		func(q bot.Quote) string { return q.ID }, equalQuote, checkQuote); err != nil {
		return out, err
	}
	if out.Stories, err = dedupe(ds.Stories, "story",
		func(s bot.Story) string { return s.ID }, equalStory, checkStory); err != nil {
		return out, err
	}
	if out.Canonical, err = dedupe(ds.Canonical, "canonical strategy",
		func(c bot.CanonicalStrategy) string { return c.ID }, equalCanonical, checkCanonical); err != nil {
		return out, err
	}
	if out.Stated, err = dedupe(ds.Stated, "stated aggregates of",
		func(a bot.StatedAggregates) string { return a.StrategyID }, equalStated, checkStated); err != nil {
		return out, err
	}
	return out, nil
}

// dedupe checks every item and drops exact repeats of a key; two different
// items with the same key are an error.
func dedupe[T any](items []T, what string, key func(T) string, equal func(a, b T) bool, check func(T) error) ([]T, error) {
	seen := make(map[string]int, len(items))
	out := make([]T, 0, len(items))
	for _, it := range items {
		if err := check(it); err != nil {
			return nil, err
		}
		k := key(it)
		if i, dup := seen[k]; dup {
			if !equal(out[i], it) {
				return nil, bot.Errorf(bot.EINVALID, "The dataset describes %s %q twice, differently.", what, k)
			}
			continue
		}
		seen[k] = len(out)
		out = append(out, it)
	}
	return out, nil
}

// validID reports whether id is a slug ("open-source").
func validID(id string) bool { return id != "" && bot.Slug(id) == id }

// checkText refuses the separator of packed rows (U+001F) in stored text.
func checkText(what, id string, vals ...string) error {
	for _, v := range vals {
		if strings.Contains(v, fieldSep) {
			return bot.Errorf(bot.EINVALID, "%s %q: text contains the control character U+001F.", what, id)
		}
	}
	return nil
}

func checkAliases(what, id string, aliases []string) error {
	for _, a := range aliases {
		if strings.TrimSpace(a) == "" || strings.ContainsFunc(a, unicode.IsControl) {
			return bot.Errorf(bot.EINVALID, "%s %q: alias %q is empty or has control characters.", what, id, a)
		}
	}
	return nil
}

func checkStrategy(s bot.Strategy) error {
	if !validID(s.ID) {
		return bot.Errorf(bot.EINVALID, "Strategy %q (%q): the id must be a slug such as \"open-source\".", s.ID, s.Name)
	}
	if strings.TrimSpace(s.Name) == "" {
		return bot.Errorf(bot.EINVALID, "Strategy %q: no name.", s.ID)
	}
	if err := checkText("Strategy", s.ID, s.Name, s.Summary); err != nil {
		return err
	}
	return checkAliases("Strategy", s.ID, s.Aliases)
}

func checkPerson(p bot.Person) error {
	if !validID(p.ID) {
		return bot.Errorf(bot.EINVALID, "Person %q (%q): the id must be a slug such as \"yann-lecun\".", p.ID, p.Name)
	}
	if strings.TrimSpace(p.Name) == "" {
		return bot.Errorf(bot.EINVALID, "Person %q: no name.", p.ID)
	}
	if p.Expertise != "" && !slices.Contains(bot.Expertises, p.Expertise) {
		return bot.Errorf(bot.EINVALID, "Person %q: unknown expertise tier %q.", p.ID, p.Expertise)
	}
	if p.Recognition != "" && !slices.Contains(bot.Recognitions, p.Recognition) {
		return bot.Errorf(bot.EINVALID, "Person %q: unknown recognition tier %q.", p.ID, p.Recognition)
	}
	if p.Vintage != "" && !slices.Contains(bot.Vintages, p.Vintage) {
		return bot.Errorf(bot.EINVALID, "Person %q: unknown vintage %q.", p.ID, p.Vintage)
	}
	if p.Order < 0 {
		return bot.Errorf(bot.EINVALID, "Person %q: order %d is negative.", p.ID, p.Order)
	}
	if d := p.LastUpdated; d != (bot.Date{}) {
		if parsed, err := bot.ParseDate(d.String()); err != nil || parsed != d {
			return bot.Errorf(bot.EINVALID, "Person %q: invalid last-updated date.", p.ID)
		}
	}
	for _, c := range p.PDoomClaims {
		if err := bot.CheckPDoomClaim(c); err != nil {
			return bot.Errorf(bot.EINVALID, "Person %q: %v.", p.ID, err)
		}
	}
	for _, c := range p.Timelines {
		if err := bot.CheckTimeline(c); err != nil {
			return bot.Errorf(bot.EINVALID, "Person %q: %v.", p.ID, err)
		}
	}
	for _, a := range p.Affiliations {
		if err := bot.CheckAffiliation(a); err != nil {
			return bot.Errorf(bot.EINVALID, "Person %q: %v.", p.ID, err)
		}
	}
	if err := checkText("Person", p.ID, p.Name, p.Role); err != nil {
		return err
	}
	return checkAliases("Person", p.ID, p.Aliases)
}

func checkStance(s bot.Stance) error {
	if s.PersonID == "" || s.StrategyID == "" {
		return bot.Errorf(bot.EINVALID, "Stance %q on %q: a person and a strategy are required.", s.PersonID, s.StrategyID)
	}
	if !slices.Contains(bot.StanceKinds, s.Kind) {
		return bot.Errorf(bot.EINVALID, "Stance of %q on %q: unknown kind %q.", s.PersonID, s.StrategyID, s.Kind)
	}
	if s.Order < 0 {
		return bot.Errorf(bot.EINVALID, "Stance of %q on %q: order %d is negative.", s.PersonID, s.StrategyID, s.Order)
	}
	return checkText("Stance of "+s.PersonID+" on", s.StrategyID, s.PersonID, s.StrategyID, s.Summary)
}

func checkQuote(q bot.Quote) error {
	if q.PersonID == "" || q.StrategyID == "" || strings.TrimSpace(q.Text) == "" {
		return bot.Errorf(bot.EINVALID, "Quote %q: a person, a strategy and a text are required.", q.ID)
	}
	if !slices.Contains(bot.Fidelities, q.Fidelity) {
		return bot.Errorf(bot.EINVALID, "Quote %q of %q: unknown fidelity %q.", q.ID, q.PersonID, q.Fidelity)
	}
	for _, d := range []bot.Date{q.Source.Date, q.Date} {
		if d != (bot.Date{}) {
			if parsed, err := bot.ParseDate(d.String()); err != nil || parsed != d {
				return bot.Errorf(bot.EINVALID, "Quote %q of %q: invalid date %d-%d-%d.", q.ID, q.PersonID, d.Year, d.Month, d.Day)
			}
		}
	}
	if err := bot.CheckSource(q.Source); err != nil {
		return bot.Errorf(bot.EINVALID, "Quote %q of %q: %v.", q.ID, q.PersonID, err)
	}
	if err := checkVerification(q); err != nil {
		return err
	}
	return checkText("Quote", q.ID, q.PersonID, q.StrategyID, q.Text, q.Source.Type, q.Source.Title,
		q.Source.Publisher, q.Source.URL, q.Context, q.Source.ArchiveURL, q.Source.VideoID, q.Source.VideoPlatform)
}

func checkStory(s bot.Story) error {
	if !validID(s.ID) {
		return bot.Errorf(bot.EINVALID, "Story %q: the id must be a slug.", s.ID)
	}
	if s.QuoteID == "" {
		return bot.Errorf(bot.EINVALID, "Story %q: no post (quote id).", s.ID)
	}
	for _, r := range s.Replies {
		for _, h := range r.To {
			if strings.TrimSpace(h) == "" {
				return bot.Errorf(bot.EINVALID, "Story %q: a reply is addressed to an empty handle.", s.ID)
			}
		}
	}
	return nil
}

func checkCanonical(c bot.CanonicalStrategy) error {
	if err := bot.CheckCanonical(c); err != nil {
		return bot.Errorf(bot.EINVALID, "%v.", err)
	}
	return nil
}

func checkStated(a bot.StatedAggregates) error {
	if err := bot.CheckStated(a); err != nil {
		return bot.Errorf(bot.EINVALID, "%v.", err)
	}
	return nil
}

// The equal functions compare what a dataset describes; RecordedAt is the
// store's and is ignored. nil and empty lists are equal.

func equalStrategy(a, b bot.Strategy) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Summary == b.Summary && a.CanonicalID == b.CanonicalID &&
		slices.Equal(a.Aliases, b.Aliases)
}

// equalPerson compares everything but RecordedAt, of the person and their
// p(doom) claims, and Order (see importer.reorder).
func equalPerson(a, b bot.Person) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Role == b.Role && a.Expertise == b.Expertise &&
		a.Recognition == b.Recognition && a.Vintage == b.Vintage && a.Profiled == b.Profiled &&
		a.Unprofiled == b.Unprofiled && a.Tagline == b.Tagline && a.Summary == b.Summary && a.Homepage == b.Homepage &&
		a.Wikipedia == b.Wikipedia && a.Twitter == b.Twitter && a.LastUpdated == b.LastUpdated &&
		a.ProfileNotes == b.ProfileNotes && a.SourceTime.Equal(b.SourceTime) &&
		slices.Equal(a.Aliases, b.Aliases) && slices.Equal(a.Categories, b.Categories) &&
		slices.Equal(a.Affiliations, b.Affiliations) && slices.Equal(a.Timelines, b.Timelines) &&
		slices.EqualFunc(a.PDoomClaims, b.PDoomClaims, func(x, y bot.PDoomClaim) bool {
			return sameClaim(x, y) && x.SourceTime.Equal(y.SourceTime)
		})
}

// equalStance compares everything but RecordedAt and Order (see importer.reorder).
func equalStance(a, b bot.Stance) bool {
	return a.PersonID == b.PersonID && a.StrategyID == b.StrategyID && a.Kind == b.Kind && a.Summary == b.Summary &&
		a.Tentative == b.Tentative && a.SourceTime.Equal(b.SourceTime) && a.KindSupplied == b.KindSupplied
}

func equalQuote(a, b bot.Quote) bool {
	return a.ID == b.ID && a.PersonID == b.PersonID && a.StrategyID == b.StrategyID && a.Text == b.Text &&
		a.Fidelity == b.Fidelity && a.Source == b.Source && a.Context == b.Context && a.Date == b.Date &&
		a.SourceTime.Equal(b.SourceTime) &&
		a.DateSupplied == b.DateSupplied && a.Verification == b.Verification && a.Verdict == b.Verdict &&
		equalProvenance(a.Provenance, b.Provenance)
}

func equalStated(a, b bot.StatedAggregates) bool { return reflect.DeepEqual(a, b) }

func equalStory(a, b bot.Story) bool {
	return a.ID == b.ID && a.Headline == b.Headline && a.QuoteID == b.QuoteID &&
		slices.Equal(a.Sections, b.Sections) &&
		slices.EqualFunc(a.Replies, b.Replies, func(x, y bot.StoryReply) bool {
			return x.Text == y.Text && x.QuotesPost == y.QuotesPost && slices.Equal(x.To, y.To)
		})
}
