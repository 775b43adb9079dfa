package kept

import (
	"testing"
	"time"
)

func TestStore(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	s := New[string](3, time.Hour, func() time.Time { return now })
	a := s.Add("/a")
	s.Put("b", "/b")
	s.Put("b", "/b2") // replaced, not counted twice
	s.Put("c", "/c")
	if v, ok := s.Get(a); !ok || v != "/a" {
		t.Fatalf("get %q: %q %v", a, v, ok)
	}
	if v, _ := s.Get("b"); v != "/b2" {
		t.Errorf("b is %q, want the value put last", v)
	}
	s.Put("d", "/d")
	if _, ok := s.Get(a); ok {
		t.Error("the oldest value is kept beyond the bound")
	}
	for _, k := range []string{"b", "c", "d"} {
		if _, ok := s.Get(k); !ok {
			t.Errorf("%s dropped", k)
		}
	}
	now = now.Add(time.Hour + time.Second)
	if _, ok := s.Get("d"); ok {
		t.Error("an expired value is returned")
	}
	s.Put("e", "/e")
	if len(s.entries) != 1 || len(s.order) != 1 {
		t.Errorf("expired values are kept: %d entries, %d in order", len(s.entries), len(s.order))
	}
	if k := s.Add("/f"); len(k) != 26 || k == a {
		t.Errorf("key %q", k)
	}
	s.Delete("e")
	if _, ok := s.Get("e"); ok {
		t.Error("a deleted value is returned")
	}
	s.Put("e", "/e2") // put again after a delete: kept, and dropped in its turn
	if v, ok := s.Get("e"); !ok || v != "/e2" {
		t.Errorf("e put again: %q %v", v, ok)
	}
}
