package discord

import (
	"context"
	"sync"
)

// inflight counts the answers under way, so that a shutdown can let them
// finish.
type inflight struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops back to 0
}

func (f *inflight) add() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == 0 {
		f.idle = make(chan struct{})
	}
	f.n++
}

func (f *inflight) done() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n--
	if f.n == 0 {
		close(f.idle)
	}
}

// wait returns when no answer is under way, or with ctx's error.
func (f *inflight) wait(ctx context.Context) error {
	f.mu.Lock()
	if f.n == 0 {
		f.mu.Unlock()
		return nil
	}
	idle := f.idle
	f.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Drain waits until the answers under way (including deferred answers of
// HTTP interactions whose request has ended) are delivered, or ctx is done.
// Run drains by itself when it stops; in HTTP mode without Run, call Drain
// on shutdown after the HTTP server has stopped.
func (a *Adapter) Drain(ctx context.Context) error {
	return a.answers.wait(ctx)
}
