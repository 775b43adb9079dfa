package console

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/stancebot/stancebot/bot"
)

// Sender prints unprompted replies (daily digests) to a writer. It
// implements bot.Sender and is safe for concurrent use.
type Sender struct {
	mu sync.Mutex
	w  io.Writer
}

// NewSender returns a Sender that prints to w.
func NewSender(w io.Writer) *Sender { return &Sender{w: w} }

// Send prints the reply under a line naming the channel.
func (s *Sender) Send(ctx context.Context, channelID string, reply bot.Reply) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("console send: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := fmt.Fprintf(s.w, "--- to #%s ---\n", channelID); err != nil {
		return fmt.Errorf("console send: %w", err)
	}
	if err := Render(s.w, reply); err != nil {
		return fmt.Errorf("console send: %w", err)
	}
	if _, err := fmt.Fprintln(s.w); err != nil {
		return fmt.Errorf("console send: %w", err)
	}
	return nil
}
