package bot

import (
	"sync"
	"time"
)

// formKey names values given in forms that the store does not keep (yet):
// who gave them, for what (the command they go to: "/resolve 3
// as:corrected", "/review edit:5").
type formKey struct {
	by Actor
	of string
}

// formValues keeps, in memory, values given in forms that the store does
// not keep: a correction's between its forms, a refused edit's for its Fix
// button. They take minutes, not days: a restart loses them (the next form
// says so, or opens with what the store holds), and each is kept for at
// most a lifetime.
type formValues struct {
	mu sync.Mutex
	m  map[formKey]heldValues
}

type heldValues struct {
	v  ProposalValues
	at time.Time
}

// get returns the values kept for k, unless older than lifetime.
func (f *formValues) get(k formKey, now time.Time, lifetime time.Duration) (ProposalValues, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for key, x := range f.m {
		if now.Sub(x.at) > lifetime {
			delete(f.m, key)
		}
	}
	x, ok := f.m[k]
	return x.v, ok
}

// put keeps the values of k.
func (f *formValues) put(k formKey, v ProposalValues, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[formKey]heldValues{}
	}
	f.m[k] = heldValues{v: v, at: now}
}

// drop forgets k, once the store keeps what it held.
func (f *formValues) drop(k formKey) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.m, k)
}
