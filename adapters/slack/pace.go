package slack

import (
	"context"
	"sync"
	"time"

	"github.com/stancebot/stancebot/adapters/internal/wait"
)

// pacer spaces posts to one channel at least interval apart (Slack allows
// about one message per second per channel). Callers are served in the
// order they ask.
type pacer struct {
	mu       sync.Mutex
	interval time.Duration
	next     map[string]time.Time // the earliest time of the next post, by channel
}

func newPacer(interval time.Duration) *pacer {
	return &pacer{interval: interval, next: map[string]time.Time{}}
}

// wait blocks until the caller may post to the channel.
func (p *pacer) wait(ctx context.Context, channel string) error {
	now := time.Now()
	p.mu.Lock()
	at := p.next[channel]
	if at.Before(now) {
		at = now
	}
	p.next[channel] = at.Add(p.interval)
	if len(p.next) > 1024 {
		for ch, t := range p.next {
			if t.Before(now) {
				delete(p.next, ch)
			}
		}
	}
	p.mu.Unlock()
	d := at.Sub(now)
	if d <= 0 {
		return nil
	}
	return wait.Sleep(ctx, d)
}
