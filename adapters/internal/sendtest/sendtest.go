// Package sendtest helps the adapters' tests post a whole reply through a
// bot.Sender, as the digest scheduler does: split, then each message under
// its own key.
package sendtest

import (
	"context"
	"fmt"

	"github.com/stancebot/stancebot/bot"
)

// Send splits reply with s and posts every message into the channel in
// order, keyed "k0", "k1", ...; it stops at the first failure.
func Send(ctx context.Context, s bot.Sender, channelID string, reply bot.Reply) error {
	msgs, err := s.Split(reply)
	if err != nil {
		return err
	}
	for i, m := range msgs {
		if err := s.Post(ctx, channelID, bot.Outgoing{Key: fmt.Sprintf("k%d", i), Payload: m}); err != nil {
			return fmt.Errorf("message %d of %d: %w", i+1, len(msgs), err)
		}
	}
	return nil
}
