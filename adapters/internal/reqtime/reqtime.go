// Package reqtime checks the timestamp a platform signs an HTTP request
// with, so that a captured request cannot be replayed later.
package reqtime

import (
	"fmt"
	"strconv"
	"time"
)

// MaxSkew is how far a signed request's timestamp may be from now, in
// either direction: five minutes, for Discord and Slack alike.
const MaxSkew = 5 * time.Minute

// Fresh reports whether ts, a request timestamp in Unix seconds, is within
// MaxSkew of now. It fails when ts is not a number.
func Fresh(ts string, now time.Time) (bool, error) {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false, fmt.Errorf("request timestamp %q is not Unix seconds", ts)
	}
	d := now.Sub(time.Unix(sec, 0))
	return d <= MaxSkew && d >= -MaxSkew, nil
}
