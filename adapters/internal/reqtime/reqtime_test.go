package reqtime

import (
	"strconv"
	"testing"
	"time"
)

func TestFresh(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	at := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }
	for _, tc := range []struct {
		ts      string
		fresh   bool
		invalid bool
	}{
		{at(0), true, false},
		{at(-MaxSkew), true, false},
		{at(MaxSkew), true, false},
		{at(-MaxSkew - time.Second), false, false},
		{at(MaxSkew + time.Second), false, false},
		{"", false, true},
		{"soon", false, true},
		{at(0) + ".5", false, true},
	} {
		fresh, err := Fresh(tc.ts, now)
		if fresh != tc.fresh || (err != nil) != tc.invalid {
			t.Errorf("Fresh(%q) = %v, %v; want %v, error %v", tc.ts, fresh, err, tc.fresh, tc.invalid)
		}
	}
}
