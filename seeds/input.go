package seeds

import (
	"strings"
	"time"
	"unicode"

	"github.com/stancebot/stancebot/bot"
)

// refuseControl refuses an export with a control character (NUL, an
// escape sequence, ...) on any line: no export has one, and stored it would
// reach chat messages and terminals. Tabs are white space and accepted.
func refuseControl(what string, ls []line) error {
	for _, l := range ls {
		if i := strings.IndexFunc(l.text, isControl); i >= 0 {
			r := []rune(l.text[i:])[0]
			return bot.Errorf(bot.EINVALID, "%s: line %d has the control character %U", what, l.n, r)
		}
	}
	return nil
}

// isControl reports a control character other than a tab.
func isControl(r rune) bool { return r != '\t' && unicode.IsControl(r) }

// checkNotFuture refuses a date after today (zero today: the current UTC
// date). A date known to the year or month is in the future when its
// first day is.
func checkNotFuture(what string, d, today bot.Date) error {
	if d.IsZero() {
		return nil
	}
	if today.IsZero() {
		now := time.Now().UTC()
		today = bot.Date{Year: now.Year(), Month: int(now.Month()), Day: now.Day()}
	}
	first := func(d bot.Date) [3]int { return [3]int{d.Year, max(d.Month, 1), max(d.Day, 1)} }
	a, b := first(d), first(today)
	for i := range a {
		if a[i] != b[i] {
			if a[i] > b[i] {
				return bot.Errorf(bot.EINVALID, "%s %s is in the future (today is %s)", what, d, today)
			}
			return nil
		}
	}
	return nil
}
