package digest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	// The IANA time zone database, embedded so that zones resolve on hosts
	// without /usr/share/zoneinfo (scratch containers, Windows).
	_ "time/tzdata"

	"github.com/stancebot/stancebot/bot"
)

// DateLayout is how a digest's date is written: its day in the
// subscription's time zone.
const DateLayout = "2006-01-02"

// defaultTime is the time of day of a subscription that names none, unless
// Options.Time says otherwise.
var defaultTime = TimeOfDay{Hour: 9}

// TimeOfDay is a wall-clock time in a subscription's zone.
type TimeOfDay struct {
	Hour, Minute int
}

var timeOfDayRE = regexp.MustCompile(`^(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$`)

// ParseTimeOfDay reads "9:00", "09:30", "21:15", "9am" or "9:30pm".
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	m := timeOfDayRE.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if m == nil || (m[2] == "" && m[3] == "") {
		return TimeOfDay{}, bot.Errorf(bot.EINVALID, "%q is not a time of day: use HH:MM (24-hour), e.g. 09:00.", s)
	}
	h, _ := strconv.Atoi(m[1])
	mm := 0
	if m[2] != "" {
		mm, _ = strconv.Atoi(m[2])
	}
	if ampm := strings.ReplaceAll(m[3], ".", ""); ampm != "" {
		if h < 1 || h > 12 {
			return TimeOfDay{}, bot.Errorf(bot.EINVALID, "%q is not a time of day: the hour of %s must be 1 to 12.", s, ampm)
		}
		h %= 12
		if ampm == "pm" {
			h += 12
		}
	}
	if h > 23 || mm > 59 {
		return TimeOfDay{}, bot.Errorf(bot.EINVALID, "%q is not a time of day: use HH:MM from 00:00 to 23:59.", s)
	}
	return TimeOfDay{Hour: h, Minute: mm}, nil
}

// String writes the time as "HH:MM".
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", t.Hour, t.Minute) }

// LoadZone resolves an IANA time zone name ("Europe/Paris", "UTC"; "utc"
// and "gmt" in any case, as /digest subscribe recognises them). The
// server's "Local" zone is refused: a subscription must mean the same time
// wherever the bot runs.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || strings.EqualFold(name, "local") {
		return nil, bot.Errorf(bot.EINVALID, "%q is not a time zone: use an IANA name such as Europe/Paris or UTC.", name)
	}
	if strings.EqualFold(name, "UTC") || strings.EqualFold(name, "GMT") {
		name = strings.ToUpper(name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, bot.Errorf(bot.EINVALID, "Unknown time zone %q: use an IANA name such as Europe/Paris or America/New_York.", name)
	}
	return loc, nil
}

// slotOn is the subscription's time on the given day in loc. A time that
// does not exist that day (skipped by a daylight-saving change) moves
// forward by the size of the gap; one that happens twice is its first
// occurrence. (time.Date alone promises neither: it picks one of the two
// offsets of the change, and which one differs by zone.)
func slotOn(at TimeOfDay, year int, month time.Month, day int, loc *time.Location) time.Time {
	wall := time.Date(year, month, day, at.Hour, at.Minute, 0, 0, time.UTC)
	// The offsets in force a day and a half either side: they differ only
	// around a change of offset.
	_, before := wall.Add(-36 * time.Hour).In(loc).Zone()
	_, after := wall.Add(36 * time.Hour).In(loc).Zone()
	early := wall.Add(-time.Duration(max(before, after)) * time.Second)
	late := wall.Add(-time.Duration(min(before, after)) * time.Second)
	reads := func(t time.Time) bool {
		l := t.In(loc)
		return l.Day() == wall.Day() && l.Hour() == at.Hour && l.Minute() == at.Minute
	}
	switch {
	case reads(early):
		return early.In(loc)
	case reads(late):
		return late.In(loc)
	default:
		// In the gap: the wall time read with the offset before the change,
		// which falls the size of the gap later.
		return wall.Add(-time.Duration(before) * time.Second).In(loc)
	}
}

// lastSlot is the latest scheduled time at or before now.
func lastSlot(now time.Time, at TimeOfDay, loc *time.Location) time.Time {
	l := now.In(loc)
	s := slotOn(at, l.Year(), l.Month(), l.Day(), loc)
	if s.After(now) {
		s = slotOn(at, l.Year(), l.Month(), l.Day()-1, loc)
	}
	return s
}

// nextSlot is the first scheduled time after t.
func nextSlot(t time.Time, at TimeOfDay, loc *time.Location) time.Time {
	l := lastSlot(t, at, loc).In(loc)
	return slotOn(at, l.Year(), l.Month(), l.Day()+1, loc)
}

// schedule is a subscription's settings, parsed.
type schedule struct {
	at  TimeOfDay
	loc *time.Location
}

func parseSchedule(sub Subscription) (schedule, error) {
	at, err := ParseTimeOfDay(sub.At)
	if err != nil {
		return schedule{}, fmt.Errorf("subscription %s/%s: %w", sub.Platform, sub.ChannelID, err)
	}
	loc, err := LoadZone(sub.Zone)
	if err != nil {
		return schedule{}, fmt.Errorf("subscription %s/%s: %w", sub.Platform, sub.ChannelID, err)
	}
	return schedule{at: at, loc: loc}, nil
}

// due reports whether a digest is due at now and for which date: the latest
// scheduled time has passed since the subscription was last changed, and
// the channel has no digest for that day or a later one.
func (sc schedule) due(sub Subscription, now time.Time) (string, bool) {
	s := lastSlot(now, sc.at, sc.loc)
	date := s.In(sc.loc).Format(DateLayout)
	return date, !s.Before(sub.UpdatedAt) && date > sub.LastDate
}

// next is when the subscription's next digest will be due, at or after now.
func (sc schedule) next(sub Subscription, now time.Time) time.Time {
	if _, ok := sc.due(sub, now); ok {
		return now
	}
	s := nextSlot(now, sc.at, sc.loc)
	for s.Before(sub.UpdatedAt) || s.In(sc.loc).Format(DateLayout) <= sub.LastDate {
		s = nextSlot(s, sc.at, sc.loc)
	}
	return s
}
