package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/bot"
)

func TestParseTimeOfDay(t *testing.T) {
	tests := []struct {
		in   string
		want TimeOfDay
		ok   bool
	}{
		{"09:00", TimeOfDay{9, 0}, true},
		{"9:05", TimeOfDay{9, 5}, true},
		{"23:59", TimeOfDay{23, 59}, true},
		{"00:00", TimeOfDay{0, 0}, true},
		{"9am", TimeOfDay{9, 0}, true},
		{"12am", TimeOfDay{0, 0}, true},
		{"12pm", TimeOfDay{12, 0}, true},
		{"9:30PM", TimeOfDay{21, 30}, true},
		{"7 p.m.", TimeOfDay{19, 0}, true},
		{"24:00", TimeOfDay{}, false},
		{"09:60", TimeOfDay{}, false},
		{"13pm", TimeOfDay{}, false},
		{"9", TimeOfDay{}, false},
		{"nine", TimeOfDay{}, false},
		{"", TimeOfDay{}, false},
	}
	for _, tt := range tests {
		got, err := ParseTimeOfDay(tt.in)
		if tt.ok != (err == nil) || got != tt.want {
			t.Errorf("ParseTimeOfDay(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("ParseTimeOfDay(%q): error code %q, want EINVALID", tt.in, bot.ErrorCode(err))
		}
	}
	if s := (TimeOfDay{7, 5}).String(); s != "07:05" {
		t.Errorf("String = %q", s)
	}
}

func TestLoadZone(t *testing.T) {
	for _, name := range []string{"Europe/Paris", "America/New_York", "UTC", "Asia/Kathmandu"} {
		if loc, err := LoadZone(name); err != nil || loc.String() != name {
			t.Errorf("LoadZone(%q) = %v, %v", name, loc, err)
		}
	}
	// /digest subscribe takes "utc" and "gmt" for zones in any case.
	for _, name := range []string{"utc", "Gmt"} {
		if loc, err := LoadZone(name); err != nil || loc.String() != strings.ToUpper(name) {
			t.Errorf("LoadZone(%q) = %v, %v", name, loc, err)
		}
	}
	for _, name := range []string{"", "Local", "Europe/Pariss", "Mars/Olympus"} {
		if _, err := LoadZone(name); bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("LoadZone(%q): err %v, want EINVALID", name, err)
		}
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := LoadZone(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestSlotsAcrossDST checks the scheduled instants around daylight-saving
// changes: the wall-clock time stays put while the UTC instant moves.
func TestSlotsAcrossDST(t *testing.T) {
	ny, paris := mustZone(t, "America/New_York"), mustZone(t, "Europe/Paris")
	utc := func(mo time.Month, d, h, m int) time.Time { return time.Date(2026, mo, d, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		at       TimeOfDay
		loc      *time.Location
		now      time.Time
		last     time.Time
		next     time.Time
		lastDate string
	}{
		{"NY before the change", TimeOfDay{9, 0}, ny, utc(11, 1, 12, 0), utc(10, 31, 13, 0), utc(11, 1, 14, 0), "2026-10-31"},
		// 13:30 UTC on 1 Nov is 08:30 EST: the day's 09:00 is still to come.
		{"NY on the day of the change", TimeOfDay{9, 0}, ny, utc(11, 1, 13, 30), utc(10, 31, 13, 0), utc(11, 1, 14, 0), "2026-10-31"},
		{"NY after the change", TimeOfDay{9, 0}, ny, utc(11, 1, 14, 0), utc(11, 1, 14, 0), utc(11, 2, 14, 0), "2026-11-01"},
		// 01:30 happens twice on 1 Nov in New York: the first (EDT) one is the slot.
		{"NY twice-occurring time", TimeOfDay{1, 30}, ny, utc(11, 1, 6, 0), utc(11, 1, 5, 30), utc(11, 2, 6, 30), "2026-11-01"},
		{"Paris across 25 Oct", TimeOfDay{9, 0}, paris, utc(10, 25, 7, 30), utc(10, 24, 7, 0), utc(10, 25, 8, 0), "2026-10-24"},
		{"Paris after 25 Oct", TimeOfDay{9, 0}, paris, utc(10, 25, 8, 0), utc(10, 25, 8, 0), utc(10, 26, 8, 0), "2026-10-25"},
		// 02:30 does not exist on 29 Mar in Paris: the slot moves to 03:30 CEST.
		{"Paris skipped time", TimeOfDay{2, 30}, paris, utc(3, 29, 1, 0), utc(3, 28, 1, 30), utc(3, 29, 1, 30), "2026-03-28"},
		// The same in New York (time.Date alone gives 01:30 EST there).
		{"NY skipped time", TimeOfDay{2, 30}, ny, utc(3, 8, 6, 0), utc(3, 7, 7, 30), utc(3, 8, 7, 30), "2026-03-07"},
		// 02:30 happens twice on 25 Oct in Paris: the first (CEST) one is the
		// slot (time.Date alone gives the CET one there).
		{"Paris twice-occurring time", TimeOfDay{2, 30}, paris, utc(10, 25, 0, 45), utc(10, 25, 0, 30), utc(10, 26, 1, 30), "2026-10-25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			last := lastSlot(tt.now, tt.at, tt.loc)
			if !last.Equal(tt.last) {
				t.Errorf("lastSlot = %v, want %v", last.UTC(), tt.last)
			}
			if d := last.In(tt.loc).Format(DateLayout); d != tt.lastDate {
				t.Errorf("last slot's date = %s, want %s", d, tt.lastDate)
			}
			if next := nextSlot(tt.now, tt.at, tt.loc); !next.Equal(tt.next) {
				t.Errorf("nextSlot = %v, want %v", next.UTC(), tt.next)
			}
		})
	}
}

func TestDue(t *testing.T) {
	sc := schedule{at: TimeOfDay{9, 0}, loc: time.UTC}
	sub := func(updated time.Time, last string) Subscription {
		return Subscription{UpdatedAt: updated, LastDate: last}
	}
	tests := []struct {
		name string
		sub  Subscription
		now  time.Time
		date string
		due  bool
		next time.Time
	}{
		{"before the time", sub(at(20, 12, 0), "2026-11-20"), at(21, 8, 59), "2026-11-20", false, at(21, 9, 0)},
		{"at the time", sub(at(20, 12, 0), "2026-11-20"), at(21, 9, 0), "2026-11-21", true, at(21, 9, 0)},
		{"already sent today", sub(at(20, 12, 0), "2026-11-21"), at(21, 18, 0), "2026-11-21", false, at(22, 9, 0)},
		{"subscribed after today's time", sub(at(21, 10, 0), ""), at(21, 11, 0), "2026-11-21", false, at(22, 9, 0)},
		{"subscribed before today's time", sub(at(21, 8, 0), ""), at(21, 9, 30), "2026-11-21", true, at(21, 9, 30)},
		{"missed days", sub(at(10, 8, 0), "2026-11-12"), at(21, 8, 0), "2026-11-20", true, at(21, 8, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			date, due := sc.due(tt.sub, tt.now)
			if date != tt.date || due != tt.due {
				t.Errorf("due = %s, %v; want %s, %v", date, due, tt.date, tt.due)
			}
			if next := sc.next(tt.sub, tt.now); !next.Equal(tt.next) {
				t.Errorf("next = %v, want %v", next, tt.next)
			}
		})
	}
}
