package slack

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"github.com/stancebot/stancebot/adapters/internal/gridpng"
	"net/url"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/bot"
)

// maxResponseURLUses is how often Slack accepts posts to one response URL.
const maxResponseURLUses = 5

// maxAttempts bounds the tries of one Slack call that is rate limited.
const maxAttempts = 5

// delivery says where the messages of one answer go.
type delivery struct {
	channelID string
	userID    string // who asked: the recipient of ephemeral messages
	threadTS  string // the thread to answer in; "" for the channel
	// responseURL is the interaction's response URL, "" when there is none.
	responseURL string
	// postPublic sends public answers with chat.postMessage (which can
	// answer in a thread) and uses the response URL only when the bot may
	// not post in the channel.
	postPublic bool
	// replaceFirst makes the first message replace the message whose button
	// was clicked.
	replaceFirst bool
}

// deliver sends the messages of an answer in order, logging a failure.
func (a *Adapter) deliver(ctx context.Context, d delivery, vis bot.Visibility, msgs []message) {
	uses := 0
	for i, m := range msgs {
		m = withAsker(m, d.userID)
		ts, err := a.deliverOne(ctx, d, vis, m, d.replaceFirst && i == 0, &uses)
		if err != nil {
			a.log.Error("answer not delivered", "channel", d.channelID, "message", i+1, "messages", len(msgs), "error", err)
			return
		}
		if m.grid != nil && vis == bot.Public && !d.replaceFirst {
			a.shareGrid(ctx, d.channelID, cmp.Or(d.threadTS, ts), m.grid)
		}
	}
}

// deliverOne sends one message; ts is the message's timestamp when it was
// posted with chat.postMessage, "" otherwise.
func (a *Adapter) deliverOne(ctx context.Context, d delivery, vis bot.Visibility, m message, replace bool, uses *int) (ts string, err error) {
	public := vis == bot.Public
	if public && d.postPublic {
		ts, err := a.post(ctx, d.channelID, d.threadTS, m)
		if err == nil || d.responseURL == "" || !notMember(err) {
			return ts, err
		}
		a.log.Info("cannot post in the channel; answering through the response URL", "channel", d.channelID, "error", err)
	}
	if d.responseURL != "" && *uses < maxResponseURLUses {
		*uses++
		return "", a.respond(ctx, d.responseURL, vis, replace, d.threadTS, m)
	}
	if public {
		return a.post(ctx, d.channelID, d.threadTS, m)
	}
	return "", a.postEphemeral(ctx, d.channelID, d.userID, d.threadTS, m)
}

// notMember reports whether a post failed because the bot may not post in
// the channel (a private channel it was not invited to).
func notMember(err error) bool {
	var e slackapi.SlackErrorResponse
	return errors.As(err, &e) && (e.Err == "not_in_channel" || e.Err == "channel_not_found")
}

func msgOptions(m message, threadTS string) []slackapi.MsgOption {
	o := []slackapi.MsgOption{slackapi.MsgOptionText(m.Text, false), slackapi.MsgOptionBlocks(m.Blocks...)}
	if threadTS != "" {
		o = append(o, slackapi.MsgOptionTS(threadTS))
	}
	return o
}

// post sends a public message with chat.postMessage and returns its timestamp.
func (a *Adapter) post(ctx context.Context, channel, threadTS string, m message) (string, error) {
	opts := msgOptions(m, threadTS)
	var ts string
	err := a.call(ctx, "chat.postMessage", channel, func(ctx context.Context) (err error) {
		_, ts, err = a.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	return ts, err
}

// shareGrid uploads the picture of a tier grid (files.uploadV2) into the
// thread of the message that shows it, or into the channel when that
// message's timestamp is unknown. A failure is logged: the text grid is on
// the card.
func (a *Adapter) shareGrid(ctx context.Context, channel, threadTS string, g *gridPicture) {
	png, err := gridpng.Draw(g.grid, g.title)
	if err == nil {
		err = a.call(ctx, "files.uploadV2", channel, func(ctx context.Context) error {
			_, err := a.api.UploadFileContext(ctx, slackapi.UploadFileParameters{
				Reader: bytes.NewReader(png), FileSize: len(png), Filename: gridpng.FileName,
				Title: "Tier grid: " + g.title, AltTxt: altText(g), Channel: channel, ThreadTimestamp: threadTS,
			})
			return err
		})
	}
	if err != nil {
		a.log.Warn("tier grid picture not shared", "channel", channel, "error", err)
	}
}

// maxAltText is the longest alt text Slack keeps for a file.
const maxAltText = 1000

// altText describes the grid picture for screen readers: each cell with people.
func altText(g *gridPicture) string {
	var parts []string
	for _, r := range g.grid.Rows {
		for j, c := range r.Cells {
			if c.Count() > 0 {
				parts = append(parts, r.Label+" × "+g.grid.Cols[j]+": "+c.Text())
			}
		}
	}
	return bot.Clip("Tier grid of "+g.title+" (expertise × recognition). "+strings.Join(parts, "; "), maxAltText)
}

// postEphemeral sends a message only the user sees, with chat.postEphemeral.
func (a *Adapter) postEphemeral(ctx context.Context, channel, userID, threadTS string, m message) error {
	opts := msgOptions(m, threadTS)
	return a.call(ctx, "chat.postEphemeral", channel, func(ctx context.Context) error {
		_, err := a.api.PostEphemeralContext(ctx, channel, userID, opts...)
		return err
	})
}

// respond posts a message to a response URL.
func (a *Adapter) respond(ctx context.Context, responseURL string, vis bot.Visibility, replace bool, threadTS string, m message) error {
	msg := &slackapi.WebhookMessage{
		Text:            m.Text,
		Blocks:          &slackapi.Blocks{BlockSet: m.Blocks},
		ResponseType:    responseType(vis),
		ReplaceOriginal: replace,
		ThreadTimestamp: threadTS,
	}
	return a.call(ctx, "response_url", "", func(ctx context.Context) error {
		return hideURL("response URL", slackapi.PostWebhookCustomHTTPContext(ctx, responseURL, a.http, msg))
	})
}

// hideURL keeps a secret-bearing URL out of an error's text, and so out of
// the logs, naming it by what instead: whoever has a response URL can post
// into the conversation for half an hour, and a Socket Mode URL carries a
// connection ticket.
func hideURL(what string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s %s: %w", ue.Op, what, ue.Err)
	}
	return err
}

// call runs one Slack call, spacing calls to a channel and retrying when
// Slack rate-limits it, after the Retry-After it asks for.
func (a *Adapter) call(ctx context.Context, what, channel string, f func(context.Context) error) error {
	for attempt := 1; ; attempt++ {
		if channel != "" {
			if err := a.pace.wait(ctx, channel); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		err := f(ctx)
		var rl *slackapi.RateLimitedError
		switch {
		case err == nil:
			return nil
		case errors.As(err, &rl) && attempt < maxAttempts:
			a.platformError(bot.PlatformRateLimited)
			wait := rl.RetryAfter
			if wait <= 0 {
				wait = a.opts.PostInterval
			}
			a.log.Warn("rate limited by Slack", "call", what, "channel", channel, "retry_after", wait)
			if err := sleep(ctx, wait); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		default:
			a.platformError("api")
			return fmt.Errorf("%s: %w", what, err)
		}
	}
}

// Send posts a reply into a channel, unprompted (daily digests): always
// public, as many messages as the reply needs, spaced about one per second
// per channel, retrying after Slack's Retry-After when rate limited.
func (a *Adapter) Send(ctx context.Context, channelID string, reply bot.Reply) error {
	for i, m := range render(reply) {
		if _, err := a.post(ctx, channelID, "", m); err != nil {
			return fmt.Errorf("slack send to %s (message %d): %w", channelID, i+1, err)
		}
	}
	return nil
}
