package digest

import "time"

// Clock tells the time and waits. The scheduler takes one so that tests can
// move time by hand.
type Clock interface {
	Now() time.Time
	// After returns a channel that receives once d has passed.
	After(d time.Duration) <-chan time.Time
}

// storeClock tells the store's time and waits in real time.
type storeClock struct{ st Store }

func (c storeClock) Now() time.Time                       { return c.st.Now() }
func (storeClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
