package console

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/stancebot/stancebot/bot"
)

// Sender prints unprompted replies (daily digests) to a writer. It
// implements bot.Sender and is safe for concurrent use. A terminal keeps no
// history to check, so a retried message is printed again.
type Sender struct {
	mu sync.Mutex
	w  io.Writer
}

// NewSender returns a Sender that prints to w.
func NewSender(w io.Writer) *Sender { return &Sender{w: w} }

// Split renders the reply as one message of plain text.
func (s *Sender) Split(reply bot.Reply) ([][]byte, error) {
	var b bytes.Buffer
	if err := Render(&b, reply); err != nil {
		return nil, fmt.Errorf("console split: %w", err)
	}
	return [][]byte{b.Bytes()}, nil
}

// Post prints a message of Split under a line naming the channel.
func (s *Sender) Post(ctx context.Context, channelID string, m bot.Outgoing) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("console send: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := fmt.Fprintf(s.w, "--- to #%s ---\n%s\n", channelID, m.Payload); err != nil {
		return fmt.Errorf("console send: %w", err)
	}
	return nil
}
