package atlas

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// BoardName is the name of the board the repository is the data of.
const BoardName = "AGI Strategies"

// The board's slugs that differ from the bot's; the others are the same words.
var (
	expertiseSlugs = map[string]bot.Expertise{"external-domain": bot.ExpertiseExternalExpert}
	vintageSlugs   = map[string]bot.Vintage{"deep-learning": bot.VintageDeepLearningRise}
	fidelities     = map[string]bot.Fidelity{
		"direct":              bot.FidelityDirect,
		"paraphrase-faithful": bot.FidelityFaithful,
		"paraphrase-loose":    bot.FidelityLoose,
		"summary":             bot.FidelitySummary,
	}
)

// Dataset converts the board to the bot's domain: strategy tags become
// strategies (linked to the canonical catalogue by the bridge), people keep
// the board's order (in the dataset and as Person.Order, the board's
// tie-break), and each position becomes a stance (Stance.Order its place
// among the person's positions) with its quotes, in the board's order. What does not fit the domain (an unknown tier,
// stance or fidelity, a date that is no date) is left out, with a warning
// for each.
func (b *Board) Dataset() (bot.Dataset, []string) {
	c := converter{tagIDs: map[string]string{}}
	ds := bot.Dataset{Board: &bot.Board{Name: BoardName}}
	for _, t := range b.StrategyTags {
		id := bot.Slug(t.ID)
		c.tagIDs[t.ID] = id
		s := bot.Strategy{ID: id, Name: t.Name, Summary: t.OneLine, Aliases: slices.Clone(t.Aka)}
		if cid := b.TagToStrategyID[t.ID]; cid != nil {
			s.CanonicalID = *cid
		}
		ds.Strategies = append(ds.Strategies, s)
	}
	for _, s := range b.Strategies {
		ds.Canonical = append(ds.Canonical, bot.CanonicalStrategy{
			ID: s.ID, Name: s.Name, Bet: s.Bet, Mechanism: s.Mechanism,
			ConflictsWith: slices.Clone(s.ConflictsWith), ComplementsWith: slices.Clone(s.ComplementsWith),
		})
	}
	for i, p := range b.People {
		person := c.person(p)
		person.Order = i + 1
		if person.Profiled {
			ds.Board.ProfiledTotal++
		}
		ds.People = append(ds.People, person)
		for j, pos := range p.Positions {
			st, quotes, ok := c.position(person.ID, pos)
			if !ok {
				continue
			}
			st.Order = j + 1
			ds.Stances = append(ds.Stances, st)
			ds.Quotes = append(ds.Quotes, quotes...)
		}
	}
	setQuoteIDs(&ds)
	return ds, c.warnings
}

// converter holds what converting one board needs across people.
type converter struct {
	tagIDs   map[string]string // board tag id -> strategy id; nil: every tag, as its slug
	warnings []string
}

func (c *converter) warn(format string, args ...any) {
	c.warnings = append(c.warnings, fmt.Sprintf(format, args...))
}

// date parses a board date; one that is no date is a warning and unknown.
func (c *converter) date(what, s string) bot.Date {
	d, err := bot.ParseDate(strings.TrimSpace(s))
	if err != nil {
		c.warn("%s: %v: left unknown", what, err)
		return bot.Date{}
	}
	return d
}

func (c *converter) person(p Person) bot.Person {
	out := bot.Person{
		ID: p.ID, Name: p.Name, Role: bot.OneLine(p.Tagline), Tagline: p.Tagline, Summary: p.Summary,
		Categories: slices.Clone(p.Categories), Homepage: p.Homepage, Wikipedia: p.Wikipedia, Twitter: p.Twitter,
		LastUpdated: c.date(p.ID+": lastUpdated", p.LastUpdated),
	}
	if id := bot.Slug(p.ID); id != p.ID {
		out.ID = id
		out.Aliases = append(out.Aliases, p.ID)
	}
	for _, a := range p.Affiliations {
		out.Affiliations = append(out.Affiliations, bot.Affiliation(a))
	}
	// The repository is the whole board: a person it gives no profile is
	// one the board has not profiled, not one whose tiers are missing.
	out.Unprofiled = p.Profile == nil
	if pr := p.Profile; pr != nil {
		out.Profiled = true
		out.ProfileNotes = bot.ProfileNotes{Expertise: pr.ExpertiseNote, Recognition: pr.RecognitionNote, Vintage: pr.VintageNote}
		out.Expertise = c.expertise(p.ID, pr.Expertise)
		if r, ok := bot.ParseRecognition(pr.Recognition); ok {
			out.Recognition = r
		} else if pr.Recognition != "" {
			c.warn("%s: unknown recognition tier %q: left unknown", p.ID, pr.Recognition)
		}
		out.Vintage = c.vintage(p.ID, pr.Vintage)
	}
	for i, d := range p.PDoom {
		what := fmt.Sprintf("%s: p(doom) claim %d", p.ID, i+1)
		lo, hi := min(d.Value.Low, d.Value.High), max(d.Value.Low, d.Value.High)
		if lo < 0 || hi > 1 {
			c.warn("%s: %v-%v is not a probability from 0 to 1: left out", what, lo, hi)
			continue
		}
		lo, hi = percent(lo), percent(hi)
		out.PDoomClaims = append(out.PDoomClaims, bot.PDoomClaim{
			Low: lo, High: hi, Definition: d.Definition, Date: c.date(what, d.Date), Source: c.source(what, d.Source),
		})
	}
	for i, t := range p.Timelines {
		what := fmt.Sprintf("%s: timeline claim %d", p.ID, i+1)
		tc := bot.TimelineClaim{Milestone: t.Milestone, Year: t.Year, Date: c.date(what, t.Date), Source: c.source(what, t.Source)}
		if t.Range != nil {
			tc.RangeFrom, tc.RangeTo = t.Range[0], t.Range[1]
		}
		if pr := t.Probability; pr != nil && (*pr <= 0 || *pr > 1) {
			c.warn("%s: probability %v is not from 0 to 1: left unstated", what, *pr)
		} else if pr != nil {
			tc.Probability = percent(*pr)
		}
		out.Timelines = append(out.Timelines, tc)
	}
	return out
}

func (c *converter) expertise(id, s string) bot.Expertise {
	if e, ok := expertiseSlugs[s]; ok {
		return e
	}
	if e, ok := bot.ParseExpertise(s); ok {
		return e
	}
	if s != "" {
		c.warn("%s: unknown expertise tier %q: left unknown", id, s)
	}
	return ""
}

func (c *converter) vintage(id, s string) bot.Vintage {
	if v, ok := vintageSlugs[s]; ok {
		return v
	}
	if v, ok := bot.ParseVintage(s); ok {
		return v
	}
	if s != "" {
		c.warn("%s: unknown vintage %q: left unknown", id, s)
	}
	return ""
}

func (c *converter) source(what string, s Source) bot.Source {
	return bot.Source{
		Type: s.Medium, Title: s.Title, Publisher: s.Publisher, Date: c.date(what+": source date", s.Date),
		URL: s.URL, ArchiveURL: s.ArchiveURL, VideoID: s.VideoID, VideoPlatform: s.VideoPlatform,
		StartSeconds: s.StartSeconds, EndSeconds: s.EndSeconds,
	}
}

// position is one position as a stance and its quotes; ok is false when it
// cannot be one (an unknown tag or stance), with a warning.
func (c *converter) position(personID string, pos Position) (bot.Stance, []bot.Quote, bool) {
	what := personID + " on " + pos.StrategyID
	sid, ok := c.tagIDs[pos.StrategyID]
	if c.tagIDs == nil { // no tag list (walking the history): a tag is its slug
		sid, ok = bot.Slug(pos.StrategyID), true
	}
	if !ok {
		c.warn("%s: no strategy tag %q: position left out", what, pos.StrategyID)
		return bot.Stance{}, nil, false
	}
	kind, ok := bot.ParseStanceKind(pos.Stance)
	if !ok {
		c.warn("%s: unknown stance %q: position left out", what, pos.Stance)
		return bot.Stance{}, nil, false
	}
	st := bot.Stance{PersonID: personID, StrategyID: sid, Kind: kind, Tentative: pos.Tentative, Summary: pos.Summary}
	var quotes []bot.Quote
	for i, q := range pos.Quotes {
		qwhat := fmt.Sprintf("%s: quote %d", what, i+1)
		f, ok := fidelities[q.Fidelity]
		if !ok {
			c.warn("%s: unknown fidelity %q: quote left out", qwhat, q.Fidelity)
			continue
		}
		if strings.TrimSpace(q.Text) == "" {
			c.warn("%s: no text: quote left out", qwhat)
			continue
		}
		quotes = append(quotes, bot.Quote{
			PersonID: personID, StrategyID: sid, Text: q.Text, Fidelity: f,
			Date: c.date(qwhat, q.Date), Source: c.source(qwhat, q.Source), Context: q.Context,
		})
	}
	return st, quotes, true
}

// percent turns the board's probability (0..1) into the bot's percent,
// rounded to a millionth of a percent so that 0.46 is 46, not 46.00000000000001.
func percent(p float64) float64 { return math.Round(p*1e8) / 1e6 }

// setQuoteIDs gives every quote its id from its (final) person, strategy and text.
func setQuoteIDs(ds *bot.Dataset) {
	for i := range ds.Quotes {
		q := &ds.Quotes[i]
		q.ID = bot.QuoteID(q.PersonID, q.StrategyID, q.Text)
	}
}
