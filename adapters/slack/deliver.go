package slack

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/internal/gridpng"
	"github.com/stancebot/stancebot/adapters/internal/wait"
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
	// trigger is the interaction's trigger, which can open a form; none
	// for events.
	trigger trigger
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
// posted with chat.postMessage, "" otherwise. A message the channel does
// not take from the bot (it is not a member, or the user no longer is),
// with no response URL to answer through instead (a form's answer, whose
// submission brings none), goes to the user as a direct message.
func (a *Adapter) deliverOne(ctx context.Context, d delivery, vis bot.Visibility, m message, replace bool, uses *int) (ts string, err error) {
	public := vis == bot.Public
	if public && d.postPublic {
		if ts, err = a.post(ctx, d.channelID, d.threadTS, m); err == nil || !notMember(err) {
			return ts, err
		}
	}
	if d.responseURL != "" && *uses < maxResponseURLUses {
		if err != nil {
			a.log.Info("cannot post in the channel; answering through the response URL", "channel", d.channelID, "error", err)
		}
		*uses++
		return "", a.respond(ctx, d.responseURL, vis, replace, d.threadTS, m)
	}
	switch {
	case err != nil: // already refused by the channel
	case public:
		ts, err = a.post(ctx, d.channelID, d.threadTS, m)
	default:
		err = a.postEphemeral(ctx, d.channelID, d.userID, d.threadTS, m)
	}
	if err == nil || d.userID == "" || !notMember(err) && !userNotInChannel(err) {
		return ts, err
	}
	a.log.Info("cannot answer in the channel; sending a direct message", "channel", d.channelID, "user", d.userID, "error", err)
	return "", a.directMessage(ctx, d.userID, m)
}

// notMember reports whether a post failed because the bot may not post in
// the channel (a private channel it was not invited to).
func notMember(err error) bool { return slackError(err, "not_in_channel", "channel_not_found") }

// userNotInChannel reports whether an ephemeral message failed because
// its user is not in the channel.
func userNotInChannel(err error) bool { return slackError(err, "user_not_in_channel") }

// slackError reports whether err is Slack's answer with one of the error
// codes.
func slackError(err error, codes ...string) bool {
	var e slackapi.SlackErrorResponse
	return errors.As(err, &e) && slices.Contains(codes, e.Err)
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
			retryAfter := rl.RetryAfter
			if retryAfter <= 0 {
				retryAfter = a.opts.PostInterval
			}
			a.log.Warn("rate limited by Slack", "call", what, "channel", channel, "retry_after", retryAfter)
			if err := wait.Sleep(ctx, retryAfter); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		default:
			a.platformError("api")
			return fmt.Errorf("%s: %w", what, err)
		}
	}
}

// Split renders a reply into the Slack messages it takes (daily digests),
// each as the JSON Post sends. It implements bot.Sender.
func (a *Adapter) Split(reply bot.Reply) ([][]byte, error) {
	msgs := render(reply)
	out := make([][]byte, len(msgs))
	for i, m := range msgs {
		b, err := json.Marshal(wireMessage{Text: m.Text, Blocks: slackapi.Blocks{BlockSet: m.Blocks}})
		if err != nil {
			return nil, fmt.Errorf("slack split: %w", err)
		}
		out[i] = b
	}
	return out, nil
}

// wireMessage is a message as Split stores it (slack.Blocks decodes blocks
// of every type).
type wireMessage struct {
	Text   string          `json:"text"`
	Blocks slackapi.Blocks `json:"blocks"`
}

// digestEventType is the metadata event type of the bot's unprompted posts;
// the payload's "key" is the post's idempotency key.
const digestEventType = "stancebot_digest_message"

// Post posts one message of Split into a channel, always public, spaced
// about one per second per channel, retrying after Slack's Retry-After when
// rate limited. The key travels in the message's metadata; a retry (m.Retry
// set) first looks for it in the channel's history since the earlier
// attempt, and posts nothing if it is there. It implements bot.Sender.
// not_in_channel, channel_not_found and is_archived wrap bot.ErrUndeliverable.
func (a *Adapter) Post(ctx context.Context, channelID string, m bot.Outgoing) error {
	var w wireMessage
	if err := json.Unmarshal(m.Payload, &w); err != nil {
		return fmt.Errorf("slack post: decode message: %w", err)
	}
	if !m.Retry.IsZero() {
		found, err := a.posted(ctx, channelID, m.Key, m.Retry)
		switch {
		case cannotReadHistory(err):
			// A public channel the bot posts to without being a member
			// (chat:write.public), or an install without the history
			// scopes: nothing to check; posting again may repeat the message.
			a.log.Warn("cannot read the channel's history to check for an earlier post; posting it again",
				"channel", channelID, "key", m.Key, "error", err)
		case err != nil:
			return postError(channelID, "look for an earlier post", err)
		}
		if found {
			a.log.Info("message already in the channel; not posted again", "channel", channelID, "key", m.Key)
			return nil
		}
	}
	opts := append(msgOptions(message{Text: w.Text, Blocks: w.Blocks.BlockSet}, ""),
		slackapi.MsgOptionMetadata(slackapi.SlackMetadata{
			EventType: digestEventType, EventPayload: map[string]any{"key": m.Key},
		}))
	err := a.call(ctx, "chat.postMessage", channelID, func(ctx context.Context) error {
		_, _, err := a.api.PostMessageContext(ctx, channelID, opts...)
		return err
	})
	if err != nil {
		return postError(channelID, "post", err)
	}
	return nil
}

// postError describes a failed post, wrapping bot.ErrUndeliverable when the
// channel refuses the bot for good.
func postError(channelID, what string, err error) error {
	var e slackapi.SlackErrorResponse
	if errors.As(err, &e) {
		switch e.Err {
		case "not_in_channel", "channel_not_found", "is_archived":
			return fmt.Errorf("%w: slack channel %s: %s", bot.ErrUndeliverable, channelID, e.Err)
		}
	}
	return fmt.Errorf("slack %s to %s: %w", what, channelID, err)
}

// cannotReadHistory reports whether conversations.history failed because
// the bot may not read the channel, as opposed to a passing failure.
func cannotReadHistory(err error) bool { return slackError(err, "not_in_channel", "missing_scope") }

// historyMargin widens the history searched for an earlier post, for clock
// skew between this host and Slack.
const historyMargin = time.Minute

// posted reports whether a message carrying the key in its metadata was
// posted in the channel since the given time (conversations.history).
func (a *Adapter) posted(ctx context.Context, channelID, key string, since time.Time) (bool, error) {
	oldest := since.Add(-historyMargin)
	params := &slackapi.GetConversationHistoryParameters{
		ChannelID: channelID, Limit: 200, IncludeAllMetadata: true,
		Oldest: fmt.Sprintf("%d.%06d", oldest.Unix(), oldest.Nanosecond()/1000),
	}
	for range 20 { // at most 4,000 messages
		var res *slackapi.GetConversationHistoryResponse
		err := a.call(ctx, "conversations.history", "", func(ctx context.Context) error {
			var err error
			res, err = a.api.GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			return false, err
		}
		for _, msg := range res.Messages {
			if msg.Metadata.EventType == digestEventType && msg.Metadata.EventPayload["key"] == key {
				return true, nil
			}
		}
		if !res.HasMore || res.ResponseMetaData.NextCursor == "" {
			return false, nil
		}
		params.Cursor = res.ResponseMetaData.NextCursor
	}
	return false, fmt.Errorf("more than 4,000 messages since %s", since.UTC().Format(time.RFC3339))
}
