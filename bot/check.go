package bot

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The rules for the values of what the board records, in one place: the
// store refuses to import, and the dataset reader to read, anything they
// reject. Each returns nil or what is wrong, without naming the entity
// (the caller does).

// validPercent reports whether x is a percentage from 0 to 100.
func validPercent(x float64) bool { return !math.IsNaN(x) && x >= 0 && x <= 100 }

// validDate reports whether d is the zero Date or a real date.
func validDate(d Date) bool {
	if d.IsZero() {
		return d == Date{}
	}
	parsed, err := ParseDate(d.String())
	return err == nil && parsed == d
}

// CheckPDoomClaim checks a p(doom) claim: a value or range from 0 to 100
// percent, low first, a valid date and source.
func CheckPDoomClaim(c PDoomClaim) error {
	if !validPercent(c.Low) || !validPercent(c.High) || c.Low > c.High {
		return fmt.Errorf("p(doom) %v–%v is not a percentage or range from 0 to 100, low first", c.Low, c.High)
	}
	if !validDate(c.Date) {
		return fmt.Errorf("p(doom) claim: invalid date %d-%d-%d", c.Date.Year, c.Date.Month, c.Date.Day)
	}
	return CheckSource(c.Source)
}

// CheckTimeline checks a timeline claim: a milestone, a year or a range
// (from <= to), a probability from 0 to 100, a valid date and source.
func CheckTimeline(c TimelineClaim) error {
	switch {
	case strings.TrimSpace(c.Milestone) == "":
		return errors.New("timeline claim: no milestone")
	case c.Year < 0 || c.RangeFrom < 0 || c.RangeTo < c.RangeFrom:
		return fmt.Errorf("timeline claim %q: invalid year %d or range %d–%d", c.Milestone, c.Year, c.RangeFrom, c.RangeTo)
	case !validPercent(c.Probability):
		return fmt.Errorf("timeline claim %q: probability %v is not a percentage", c.Milestone, c.Probability)
	case !validDate(c.Date):
		return fmt.Errorf("timeline claim %q: invalid date", c.Milestone)
	}
	return CheckSource(c.Source)
}

// CheckAffiliation checks an affiliation: it names an organisation.
func CheckAffiliation(a Affiliation) error {
	if strings.TrimSpace(a.Org) == "" {
		return errors.New("affiliation: no organisation")
	}
	return nil
}

// VideoPlatforms lists the platforms a Source.VideoID may be on.
var VideoPlatforms = []string{"youtube", "vimeo"}

// CheckSource checks a source: a valid date, a known video platform with
// a video id, and seconds that are not negative and in order.
func CheckSource(s Source) error {
	switch {
	case !validDate(s.Date):
		return fmt.Errorf("source: invalid date %d-%d-%d", s.Date.Year, s.Date.Month, s.Date.Day)
	case (s.VideoID == "") != (s.VideoPlatform == ""):
		return errors.New("source: a video id needs its platform, and a platform its video id")
	case s.VideoPlatform != "" && !slices.Contains(VideoPlatforms, s.VideoPlatform):
		return fmt.Errorf("source: unknown video platform %q (want youtube or vimeo)", s.VideoPlatform)
	case s.StartSeconds < 0 || s.EndSeconds < 0 || (s.EndSeconds != 0 && s.EndSeconds < s.StartSeconds):
		return fmt.Errorf("source: invalid video times %d–%d s", s.StartSeconds, s.EndSeconds)
	case (s.StartSeconds != 0 || s.EndSeconds != 0) && s.VideoID == "":
		return errors.New("source: video times without a video")
	}
	return nil
}

// CheckCanonical checks a canonical strategy: a slug id and a name.
func CheckCanonical(c CanonicalStrategy) error {
	if c.ID == "" || Slug(c.ID) != c.ID {
		return fmt.Errorf("canonical strategy %q: the id must be a slug", c.ID)
	}
	if strings.TrimSpace(c.Name) == "" {
		return fmt.Errorf("canonical strategy %q: no name", c.ID)
	}
	for _, id := range append(slices.Clone(c.ConflictsWith), c.ComplementsWith...) {
		if id == "" || Slug(id) != id {
			return fmt.Errorf("canonical strategy %q: related id %q is not a slug", c.ID, id)
		}
	}
	return nil
}

// CheckStated checks stated aggregates: a strategy, counts that are
// NotStated or not negative, known tiers, percentages.
func CheckStated(a StatedAggregates) error {
	if a.StrategyID == "" {
		return errors.New("stated aggregates: no strategy")
	}
	for _, n := range []int{a.StatedEndorsers, a.Opposers, a.ProfiledEndorsers, a.QuotesByEndorsers, a.VintageAssigned} {
		if n < NotStated {
			return fmt.Errorf("stated aggregates of %q: count %d is negative", a.StrategyID, n)
		}
	}
	if d := a.PDoom; d != nil && (!validPercent(d.Mean) || (d.Median != NotStated && !validPercent(d.Median)) || d.N < NotStated) {
		return fmt.Errorf("stated aggregates of %q: p(doom) is not a percentage", a.StrategyID)
	}
	for e, n := range a.ExpertiseMix {
		if !slices.Contains(Expertises, e) || n < 0 {
			return fmt.Errorf("stated aggregates of %q: expertise mix %q: %d", a.StrategyID, e, n)
		}
	}
	for r, n := range a.RecognitionMix {
		if !slices.Contains(Recognitions, r) || n < 0 {
			return fmt.Errorf("stated aggregates of %q: recognition mix %q: %d", a.StrategyID, r, n)
		}
	}
	for v, n := range a.VintageMix {
		if !slices.Contains(Vintages, v) || n < 0 {
			return fmt.Errorf("stated aggregates of %q: vintage mix %q: %d", a.StrategyID, v, n)
		}
	}
	for _, c := range a.Unnamed {
		if !slices.Contains(Expertises, c.Expertise) || !slices.Contains(Recognitions, c.Recognition) || c.Count < 0 {
			return fmt.Errorf("stated aggregates of %q: unnamed cell %q × %q: %d", a.StrategyID, c.Expertise, c.Recognition, c.Count)
		}
	}
	for _, id := range a.People {
		if id == "" || Slug(id) != id {
			return fmt.Errorf("stated aggregates of %q: person id %q is not a slug", a.StrategyID, id)
		}
	}
	return nil
}
