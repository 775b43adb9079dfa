package bot

import (
	"fmt"
	"sync"
	"time"
)

// limiter enforces Limits: a per-user cooldown and a per-channel rate per
// minute. Refused commands do not count. Safe for concurrent use.
type limiter struct {
	limits Limits

	mu        sync.Mutex
	lastUser  map[string]time.Time   // platform/user -> last accepted command
	channel   map[string][]time.Time // platform/channel -> accepted commands in the last minute
	lastSweep time.Time
}

func newLimiter(l Limits) *limiter {
	return &limiter{limits: l, lastUser: map[string]time.Time{}, channel: map[string][]time.Time{}}
}

// allow records the request at now, or returns an ERATELIMITED error saying
// how long to wait.
func (l *limiter) allow(req Request, now time.Time) error {
	cooldown, perMinute := l.limits.UserCooldown, l.limits.ChannelPerMinute
	if cooldown <= 0 && perMinute <= 0 {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	userKey := string(req.Platform) + "/" + req.UserID
	checkUser := cooldown > 0 && req.UserID != ""
	if last, ok := l.lastUser[userKey]; checkUser && ok && now.Sub(last) < cooldown {
		return Errorf(ERATELIMITED, "Easy there: please wait %s before your next command.", waitText(cooldown-now.Sub(last)))
	}
	chanKey := string(req.Platform) + "/" + req.ChannelID
	checkChan := perMinute > 0 && req.ChannelID != ""
	var recent []time.Time
	if checkChan {
		recent = keepSince(l.channel[chanKey], now.Add(-time.Minute))
		if len(recent) >= perMinute {
			l.channel[chanKey] = recent
			return Errorf(ERATELIMITED, "This channel has asked a lot in the last minute; please try again in %s.", waitText(recent[0].Add(time.Minute).Sub(now)))
		}
		l.channel[chanKey] = append(recent, now)
	}
	if checkUser {
		l.lastUser[userKey] = now
	}
	return nil
}

// sweep forgets users and channels with nothing left to limit, once a minute.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < time.Minute {
		return
	}
	l.lastSweep = now
	for k, t := range l.lastUser {
		if now.Sub(t) >= l.limits.UserCooldown {
			delete(l.lastUser, k)
		}
	}
	for k, ts := range l.channel {
		if len(keepSince(ts, now.Add(-time.Minute))) == 0 {
			delete(l.channel, k)
		}
	}
}

// keepSince drops the times before cutoff from a time-ordered slice.
func keepSince(ts []time.Time, cutoff time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(cutoff) {
		i++
	}
	return ts[i:]
}

// waitText formats a wait for people: "3 seconds", rounded up.
func waitText(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	if s <= 1 {
		return "a second"
	}
	return fmt.Sprintf("%d seconds", s)
}
