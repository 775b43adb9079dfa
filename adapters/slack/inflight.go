package slackadapter

import (
	"context"
	"fmt"
	"sync"
)

// inflight counts the answers under way, so that Run and Drain can let them
// finish. Unlike a sync.WaitGroup it may be waited on while new answers
// start (HTTP requests keep arriving until the server stops), and a wait
// can be given up with its context.
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

// Drain waits until the answers under way are delivered, or ctx is done.
// That includes the answers of HTTP requests that have already ended: slash
// commands answered late or in several messages through the response URL,
// and events and interactions answered with chat.postMessage or the
// response URL. Run drains by itself when it stops; in HTTP mode call Drain
// on shutdown after the HTTP server has stopped.
func (a *Adapter) Drain(ctx context.Context) error {
	if err := a.answers.wait(ctx); err != nil {
		return fmt.Errorf("slack: answers still under way: %w", err)
	}
	return nil
}
