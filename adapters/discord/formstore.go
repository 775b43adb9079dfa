package discord

import (
	"crypto/rand"
	"sync"
	"time"

	"github.com/stancebot/stancebot/bot"
)

// How many forms the adapter keeps, and for how long.
const (
	formsKept    = 2000
	formLifetime = 2 * time.Hour
)

// formStore keeps forms in memory for a while: those behind buttons (their
// values do not fit a custom_id), those whose command does not fit a
// modal's custom_id, and those opened as modals, to re-open one whose
// submission was refused. It holds at most max forms, each for ttl; a
// button or a submission whose form it no longer has says so.
type formStore struct {
	mu      sync.Mutex
	max     int
	ttl     time.Duration
	now     func() time.Time
	entries map[string]keptForm
	order   []keyedSeq // when each key was put, oldest first
	seq     uint64
}

type keptForm struct {
	form    bot.Form
	expires time.Time
	seq     uint64
}

type keyedSeq struct {
	key string
	seq uint64
}

func newFormStore(max int, ttl time.Duration, now func() time.Time) *formStore {
	return &formStore{max: max, ttl: ttl, now: now, entries: map[string]keptForm{}}
}

// put keeps f under key, replacing what was kept there, and drops the
// expired forms and the oldest beyond max.
func (s *formStore) put(key string, f bot.Form) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.seq++
	s.entries[key] = keptForm{form: f, expires: now.Add(s.ttl), seq: s.seq}
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

// add keeps f under a new random key, which it returns.
func (s *formStore) add(f bot.Form) string {
	key := rand.Text()
	s.put(key, f)
	return key
}

// get returns the form kept under key.
func (s *formStore) get(key string) (bot.Form, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[key]
	if !ok || s.now().After(e.expires) {
		return bot.Form{}, false
	}
	return e.form, true
}
