package slack

import "sync"

// seenSet remembers the last max event ids, so that an event Slack delivers
// again (a retry) is answered only once, in bounded memory.
type seenSet struct {
	mu    sync.Mutex
	ids   map[string]struct{}
	ring  []string
	next  int
	limit int
}

func newSeenSet(limit int) *seenSet {
	return &seenSet{ids: make(map[string]struct{}, limit), ring: make([]string, limit), limit: limit}
}

// add records id and reports whether it is new. Empty ids are always new.
func (s *seenSet) add(id string) bool {
	if id == "" {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.ids[id]; dup {
		return false
	}
	if old := s.ring[s.next]; old != "" {
		delete(s.ids, old)
	}
	s.ring[s.next] = id
	s.ids[id] = struct{}{}
	s.next = (s.next + 1) % s.limit
	return true
}
