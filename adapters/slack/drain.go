package slack

import (
	"context"
	"fmt"
)

// Drain waits until the answers under way are delivered, or ctx is done.
// That includes the answers of HTTP requests that have already ended: slash
// commands answered late or in several messages through the response URL,
// and events and interactions answered with chat.postMessage or the
// response URL. Run drains by itself when it stops; in HTTP mode call Drain
// on shutdown after the HTTP server has stopped.
func (a *Adapter) Drain(ctx context.Context) error {
	if err := a.answers.Wait(ctx); err != nil {
		return fmt.Errorf("slack: answers still under way: %w", err)
	}
	return nil
}
