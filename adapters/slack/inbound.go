package slack

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/stancebot/stancebot/bot"
)

// shortcutFindSources is the callback id of the "Find sources" message shortcut.
const shortcutFindSources = "find_sources"

// maxAckBytes bounds an answer sent inside an acknowledgement; Slack drops
// Socket Mode responses of 20 KB or more.
const maxAckBytes = 16 << 10

// ackMessage is an answer sent as the acknowledgement itself: the HTTP
// response body of a slash command, or the payload of a Socket Mode ack.
type ackMessage struct {
	ResponseType string           `json:"response_type"`
	Text         string           `json:"text"`
	Blocks       []slackapi.Block `json:"blocks"`
}

// slashCommand answers a slash command. It waits up to AckAfter, and no
// longer than ctx (the request or the socket it came on), for the answer,
// and offers its first message to ack. ack sends the acknowledgement and
// reports whether the message went with it; it is called exactly once, with
// nil when there is no answer in time. Whatever the acknowledgement does not
// carry (a late answer, one too big, the messages after the first, or a
// first message whose acknowledgement failed or could no longer be sent) is
// delivered through the response URL in the background.
func (a *Adapter) slashCommand(ctx context.Context, sc slackapi.SlashCommand, ack func(*ackMessage) bool) {
	line := strings.TrimPrefix(sc.Command, "/") + " " + slackToPlain(sc.Text)
	d := delivery{channelID: sc.ChannelID, userID: sc.UserID, responseURL: sc.ResponseURL}
	var mu sync.Mutex
	late := false
	ready := make(chan bot.Reply, 1)
	a.spawn(ctx, func(ctx context.Context) {
		r := a.runLine(ctx, line, sc.UserID, sc.ChannelID, "")
		mu.Lock()
		if !late {
			ready <- r
			mu.Unlock()
			return
		}
		mu.Unlock()
		a.deliver(ctx, d, r.Visibility, render(r))
	})
	timer := time.NewTimer(a.opts.AckAfter)
	defer timer.Stop()
	select {
	case r := <-ready:
		a.ackWith(ctx, d, r, ack)
		return
	case <-timer.C:
	case <-ctx.Done():
	}
	mu.Lock()
	select {
	case r := <-ready:
		mu.Unlock()
		a.ackWith(ctx, d, r, ack)
	default:
		late = true
		mu.Unlock()
		ack(nil)
	}
}

// ackWith offers the first message of a reply that is ready in time to ack,
// and delivers the rest in the background: the messages after the first,
// or all of them when the first is too big for an acknowledgement or ack
// could not send it.
func (a *Adapter) ackWith(ctx context.Context, d delivery, r bot.Reply, ack func(*ackMessage) bool) {
	msgs := render(r)
	msgs[0] = withAsker(msgs[0], d.userID)
	first := &ackMessage{ResponseType: responseType(r.Visibility), Text: msgs[0].Text, Blocks: msgs[0].Blocks}
	if b, err := json.Marshal(first); err != nil || len(b) > maxAckBytes {
		ack(nil)
	} else if ack(first) {
		if g := msgs[0].grid; g != nil && r.Visibility == bot.Public {
			a.spawn(ctx, func(ctx context.Context) { a.shareGrid(ctx, d.channelID, d.threadTS, g) })
		}
		msgs = msgs[1:]
	}
	if len(msgs) > 0 {
		a.spawn(ctx, func(ctx context.Context) { a.deliver(ctx, d, r.Visibility, msgs) })
	}
}

// eventRetryWindow is how long Slack may deliver an event again: it retries
// three times, over about five minutes; an hour leaves room for its delays.
const eventRetryWindow = time.Hour

// firstDelivery reports whether an event id is seen for the first time: not
// in memory, nor (with Options.Events) in the store within Slack's retry
// window. When the store cannot say, the event is answered: twice rather
// than never.
func (a *Adapter) firstDelivery(ctx context.Context, id string) bool {
	if !a.seen.add(id) {
		return false
	}
	if a.opts.Events == nil || id == "" {
		return true
	}
	seen, err := a.opts.Events.SeeEvent(ctx, bot.PlatformSlack, id, eventRetryWindow)
	if err != nil {
		a.log.Warn("could not check the event against those answered before; answering it", "event_id", id, "error", err)
		return true
	}
	return !seen
}

// event handles an Events API event: a mention of the bot, or a direct
// message to it. Events seen before (Slack's retries) are ignored, and so
// are messages from bots, the bot itself included.
func (a *Adapter) event(ctx context.Context, ev slackevents.EventsAPIEvent) {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok {
		return
	}
	if !a.firstDelivery(ctx, cb.EventID) {
		a.log.Debug("duplicate event ignored", "event_id", cb.EventID)
		return
	}
	var user, channel, thread, text, botID string
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		user, channel, thread, text, botID = e.User, e.Channel, e.ThreadTimeStamp, e.Text, e.BotID
	case *slackevents.MessageEvent:
		if e.ChannelType != slackevents.ChannelTypeIM || e.SubType != "" {
			return
		}
		user, channel, thread, text, botID = e.User, e.Channel, e.ThreadTimeStamp, e.Text, e.BotID
	default:
		return
	}
	if botID != "" || user == "" {
		return
	}
	a.spawn(ctx, func(ctx context.Context) {
		self, _, err := a.identity(ctx)
		if err != nil {
			a.log.Error("event dropped: cannot tell the bot's own messages apart", "error", err)
			return
		}
		if user == self {
			return
		}
		line := strings.TrimPrefix(commandText(afterMention(text, self)), "/")
		r := a.runLine(ctx, line, user, channel, thread)
		a.deliver(ctx, delivery{channelID: channel, userID: user, threadTS: thread, postPublic: true}, r.Visibility, render(r))
	})
}

// interaction handles a message shortcut or a click on one of the bot's buttons.
func (a *Adapter) interaction(ctx context.Context, cb slackapi.InteractionCallback) {
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	switch cb.Type {
	case slackapi.InteractionTypeMessageAction:
		if cb.CallbackID != shortcutFindSources {
			return
		}
		thread := cb.Message.ThreadTimestamp
		if thread == "" {
			thread = cb.Message.Timestamp
		}
		text := slackToPlain(cb.Message.Text)
		a.spawn(ctx, func(ctx context.Context) {
			from := bot.Request{Platform: bot.PlatformSlack, UserID: cb.User.ID, ChannelID: channel, ThreadID: thread, ActionRoom: maxButtonValue}
			r := a.bot.HandleFindSources(ctx, from, text)
			d := delivery{channelID: channel, userID: cb.User.ID, threadTS: thread, responseURL: cb.ResponseURL, postPublic: true}
			a.deliver(ctx, d, r.Visibility, render(r))
		})
	case slackapi.InteractionTypeBlockActions:
		thread := cb.Container.ThreadTs
		if thread == "" {
			thread = cb.Message.ThreadTimestamp
		}
		for _, act := range cb.ActionCallback.BlockActions {
			if !strings.HasPrefix(act.ActionID, actionPrefix) || act.Value == "" {
				continue
			}
			line := act.Value
			mine := askerOf(act.ActionID) == "" || askerOf(act.ActionID) == cb.User.ID
			a.spawn(ctx, func(ctx context.Context) {
				r := a.runLine(ctx, line, cb.User.ID, channel, thread)
				if !mine {
					// Someone else's card: the clicker gets the page for
					// themselves, and the card stays as its author left it.
					r.Visibility = bot.Ephemeral
				}
				d := delivery{channelID: channel, userID: cb.User.ID, threadTS: thread, responseURL: cb.ResponseURL,
					replaceFirst: r.Error == "" && mine}
				a.deliver(ctx, d, r.Visibility, render(r))
			})
		}
	}
}

// runLine parses a command line and has the core answer it. It never fails:
// a line that does not parse gets the core's error reply.
// Whether the user may manage the channel is asked of Slack only for a
// command that needs it; when Slack cannot say, the user is told so rather
// than refused as no admin.
func (a *Adapter) runLine(ctx context.Context, line, userID, channelID, threadTS string) bot.Reply {
	from := bot.Request{Platform: bot.PlatformSlack, UserID: userID, ChannelID: channelID, ThreadID: threadTS, ActionRoom: maxButtonValue}
	req, err := a.bot.ParseCommandLine(line)
	if err == nil {
		probe := from
		probe.Command, probe.Options = req.Command, req.Options
		if a.bot.NeedsManage(probe) {
			ok, err := a.canManage(ctx, userID)
			if err != nil {
				return bot.ErrorReply(bot.Errorf(bot.EINTERNAL,
					"Slack did not say whether you may manage this channel; please try again in a minute."))
			}
			from.CanManageChannel = ok
		}
	}
	return a.bot.HandleLine(ctx, line, from)
}

// responseType is Slack's name for a visibility.
func responseType(v bot.Visibility) string {
	if v == bot.Ephemeral {
		return slackapi.ResponseTypeEphemeral
	}
	return slackapi.ResponseTypeInChannel
}
