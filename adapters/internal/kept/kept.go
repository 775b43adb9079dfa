// Package kept is the adapters' in-memory store of what a chat message
// cannot carry (a form behind a button, where a refused form's next
// submission goes) and of what need not be asked of the platform twice (a
// user's DM channel, whether a Slack user is an admin): values under keys,
// each for a while, at most a number of them. It is lost on restart; callers say so when a key is gone.
package kept

import (
	"crypto/rand"
	"sync"
	"time"
)

// How many users' DM channel ids an adapter keeps, and for how long: a
// user's DM channel with the bot does not change, so only the first direct
// message to a user in that time opens it.
const (
	DMChannels        = 1000
	DMChannelLifetime = 24 * time.Hour
)

// Store keeps values of type T under keys. It holds at most max values,
// each for ttl; the oldest beyond max and the expired are dropped as new
// ones are put. It is safe for concurrent use.
type Store[T any] struct {
	mu      sync.Mutex
	max     int
	ttl     time.Duration
	now     func() time.Time
	entries map[string]entry[T]
	order   []keyedSeq // when each key was put, oldest first
	seq     uint64
}

type entry[T any] struct {
	v       T
	expires time.Time
	seq     uint64
}

type keyedSeq struct {
	key string
	seq uint64
}

// New returns a Store of at most max values, each kept for ttl, on the
// clock now.
func New[T any](max int, ttl time.Duration, now func() time.Time) *Store[T] {
	return &Store[T]{max: max, ttl: ttl, now: now, entries: map[string]entry[T]{}}
}

// Put keeps v under key, replacing what was kept there, and drops the
// expired values and the oldest beyond max.
func (s *Store[T]) Put(key string, v T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.seq++
	s.entries[key] = entry[T]{v: v, expires: now.Add(s.ttl), seq: s.seq}
	s.order = append(s.order, keyedSeq{key, s.seq})
	for len(s.order) > 0 {
		k := s.order[0]
		e, ok := s.entries[k.key]
		switch {
		case !ok || e.seq != k.seq: // put again later, or dropped
		case len(s.entries) > s.max || now.After(e.expires):
			delete(s.entries, k.key)
		default:
			return
		}
		s.order = s.order[1:]
	}
}

// Add keeps v under a new random key (26 characters), which it returns.
func (s *Store[T]) Add(v T) string {
	key := rand.Text()
	s.Put(key, v)
	return key
}

// Delete drops what is kept under key, if anything.
func (s *Store[T]) Delete(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.entries, key)
}

// Get returns the value kept under key, unless it expired.
func (s *Store[T]) Get(key string) (T, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[key]
	if !ok || s.now().After(e.expires) {
		var zero T
		return zero, false
	}
	return e.v, true
}
