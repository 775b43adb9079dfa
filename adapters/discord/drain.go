package discord

import "context"

// Drain waits until the answers under way (including deferred answers of
// HTTP interactions whose request has ended) are delivered, or ctx is done.
// Run drains by itself when it stops; in HTTP mode without Run, call Drain
// on shutdown after the HTTP server has stopped.
func (a *Adapter) Drain(ctx context.Context) error {
	return a.answers.Wait(ctx)
}
