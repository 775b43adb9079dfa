package store

import (
	"reflect"
	"slices"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// normalizeDataset checks a dataset before it is imported and returns it with
// every quote's ID filled in and exact duplicates dropped. Anything wrong is
// an EINVALID *bot.Error naming the entity. References between entities are
// checked later, against the dataset and the store together.
func normalizeDataset(ds bot.Dataset) (bot.Dataset, error) {
	var out bot.Dataset
	if b := ds.Board; b != nil {
		if err := invalid(bot.CheckBoard(*b)); err != nil {
			return out, err
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
		// Checked before its id is filled in: a given id must be QuoteID's.
		if err := checkQuote(q); err != nil {
			return out, err
		}
		q.ID = bot.QuoteID(q.PersonID, q.StrategyID, q.Text)
		quotes[i] = q
	}
	checked := func(bot.Quote) error { return nil }
	if out.Quotes, err = dedupe(quotes, "quote",
		func(q bot.Quote) string { return q.ID }, equalQuote, checked); err != nil {
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

// invalid is a domain check's problem as the store's EINVALID error.
func invalid(err error) error {
	if err == nil {
		return nil
	}
	return bot.Errorf(bot.EINVALID, "%v.", err)
}

// checkText refuses the separator of packed rows (U+001F) in stored text.
func checkText(what, id string, vals ...string) error {
	for _, v := range vals {
		if strings.Contains(v, fieldSep) {
			return bot.Errorf(bot.EINVALID, "%s %q: text contains the control character U+001F.", what, id)
		}
	}
	return nil
}

// The store's checks of each entity: the domain's (bot.CheckStrategy, ...)
// and the store's own, that no text holds the packed rows' separator.

func checkStrategy(s bot.Strategy) error {
	if err := invalid(bot.CheckStrategy(s)); err != nil {
		return err
	}
	return checkText("Strategy", s.ID, s.Name, s.Summary)
}

func checkPerson(p bot.Person) error {
	if err := invalid(bot.CheckPerson(p)); err != nil {
		return err
	}
	return checkText("Person", p.ID, p.Name, p.Role)
}

func checkStance(s bot.Stance) error {
	if err := invalid(bot.CheckStance(s)); err != nil {
		return err
	}
	return checkText("Stance of "+s.PersonID+" on", s.StrategyID, s.PersonID, s.StrategyID, s.Summary)
}

func checkQuote(q bot.Quote) error {
	if err := invalid(bot.CheckQuote(q)); err != nil {
		return err
	}
	if err := checkVerification(q); err != nil {
		return err
	}
	return checkText("Quote", q.ID, q.PersonID, q.StrategyID, q.Text, q.Source.Type, q.Source.Title,
		q.Source.Publisher, q.Source.URL, q.Context, q.Source.ArchiveURL, q.Source.VideoID, q.Source.VideoPlatform)
}

func checkStory(s bot.Story) error { return invalid(bot.CheckStory(s)) }

func checkCanonical(c bot.CanonicalStrategy) error { return invalid(bot.CheckCanonical(c)) }

func checkStated(a bot.StatedAggregates) error { return invalid(bot.CheckStated(a)) }

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
