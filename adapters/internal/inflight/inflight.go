// Package inflight counts the answers a platform adapter has under way, so
// that a shutdown can let them finish.
package inflight

import (
	"context"
	"sync"
)

// Counter counts work under way. Unlike a sync.WaitGroup it may be waited on
// while new work starts (HTTP requests keep arriving until the server stops),
// and a wait can be given up with its context. The zero Counter is ready.
type Counter struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops back to 0
}

// Add records that one more piece of work has started.
func (c *Counter) Add() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == 0 {
		c.idle = make(chan struct{})
	}
	c.n++
}

// Done records that one piece of work has finished.
func (c *Counter) Done() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n--
	if c.n == 0 {
		close(c.idle)
	}
}

// Wait returns when no work is under way, or with ctx's error.
func (c *Counter) Wait(ctx context.Context) error {
	c.mu.Lock()
	if c.n == 0 {
		c.mu.Unlock()
		return nil
	}
	idle := c.idle
	c.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
