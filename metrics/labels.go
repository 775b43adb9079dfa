package metrics

import (
	"strings"
	"sync"
)

// maxLabelValues bounds the distinct values of one label, so that a stream of
// made-up command names cannot grow the metrics without limit.
const maxLabelValues = 64

// otherValue replaces a label value that is malformed or over the bound.
const otherValue = "other"

// labelGuard keeps label values well-formed and their number bounded.
type labelGuard struct {
	max  int
	mu   sync.Mutex
	seen map[string]map[string]bool // label -> values in use
}

func newLabelGuard(max int) *labelGuard {
	return &labelGuard{max: max, seen: map[string]map[string]bool{}}
}

// value returns v for the label when it is a short lowercase name already in
// use or under the bound, and "other" otherwise.
func (g *labelGuard) value(label, v string) string {
	if !wellFormed(v) {
		return otherValue
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	vals := g.seen[label]
	if vals == nil {
		vals = map[string]bool{}
		g.seen[label] = vals
	}
	if vals[v] {
		return v
	}
	if len(vals) >= g.max {
		return otherValue
	}
	vals[v] = true
	return v
}

// wellFormed reports whether v is 1 to 32 bytes of [a-z0-9_-].
func wellFormed(v string) bool {
	if v == "" || len(v) > 32 {
		return false
	}
	return strings.IndexFunc(v, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}) < 0
}
