package slack

import (
	"context"
	"strings"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/stancebot/stancebot/bot"
)

// Callback ids of the message shortcuts: "Find sources" and "Propose as a position".
const (
	shortcutFindSources = "find_sources"
	shortcutPropose     = "propose_message"
)

// maxAckBytes bounds an answer sent inside an acknowledgement: Slack
// closes a Socket Mode connection on a message over 20,480 bytes
// (fakeslack.MaxFrameBytes), and the envelope around the answer (its id,
// JSON escapes) needs room.
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
// nil when there is no answer in time or the answer is a form (opened with
// the command's trigger). Whatever the acknowledgement does not carry (a
// late answer, one too big, the messages after the first, or a first
// message whose acknowledgement failed or could no longer be sent) is
// delivered through the response URL in the background.
func (a *Adapter) slashCommand(ctx context.Context, sc slackapi.SlashCommand, ack func(*ackMessage) bool) {
	line := strings.TrimPrefix(sc.Command, "/") + " " + slackToPlain(sc.Text)
	d := delivery{channelID: sc.ChannelID, userID: sc.UserID, responseURL: sc.ResponseURL,
		trigger: trigger{id: sc.TriggerID, at: time.Now()}}
	a.race(ctx,
		func(ctx context.Context) bot.Reply { return a.runLine(ctx, line, sc.UserID, sc.ChannelID, "") },
		func(r bot.Reply) { a.ackWith(ctx, d, r, ack) },
		func() { ack(nil) },
		func(ctx context.Context, r bot.Reply) { a.answer(ctx, d, r) },
	)
}

// race has the core compute a reply in the background and waits up to
// AckAfter, and no longer than ctx, for it. A reply in time goes to ready;
// otherwise timeout is called, and late gets the reply in the background
// when it comes. Exactly one of ready and timeout is called, before race
// returns.
func (a *Adapter) race(ctx context.Context, compute func(context.Context) bot.Reply,
	ready func(bot.Reply), timeout func(), late func(context.Context, bot.Reply)) {
	var mu sync.Mutex
	tooLate := false
	done := make(chan bot.Reply, 1)
	a.spawn(ctx, func(ctx context.Context) {
		r := compute(ctx)
		mu.Lock()
		if !tooLate {
			done <- r
			mu.Unlock()
			return
		}
		mu.Unlock()
		late(ctx, r)
	})
	timer := time.NewTimer(a.opts.AckAfter)
	defer timer.Stop()
	select {
	case r := <-done:
		ready(r)
		return
	case <-timer.C:
	case <-ctx.Done():
	}
	mu.Lock()
	select {
	case r := <-done:
		mu.Unlock()
		ready(r)
	default:
		tooLate = true
		mu.Unlock()
		timeout()
	}
}

// ackWith offers the first message of a reply that is ready in time to ack,
// and delivers the rest in the background: the messages after the first,
// or all of them when the first is too big for an acknowledgement or ack
// could not send it, and the reply's notices. A form is not a message: the
// command is acknowledged without one and the form opened.
func (a *Adapter) ackWith(ctx context.Context, d delivery, r bot.Reply, ack func(*ackMessage) bool) {
	if r.Form != nil {
		ack(nil)
		a.spawn(ctx, func(ctx context.Context) { a.answer(ctx, d, r) })
		return
	}
	if len(r.Notices) > 0 {
		a.spawn(ctx, func(ctx context.Context) { a.sendNotices(ctx, r.Notices) })
	}
	msgs := render(r)
	msgs[0] = withAsker(msgs[0], d.userID)
	first := &ackMessage{ResponseType: responseType(r.Visibility), Text: msgs[0].Text, Blocks: msgs[0].Blocks}
	if !fitsAck(first) {
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
		a.answer(ctx, delivery{channelID: channel, userID: user, threadTS: thread, postPublic: true}, r)
	})
}

// interaction handles a message shortcut or a click on one of the bot's
// buttons. View submissions are answered by submission, which needs the
// acknowledgement.
func (a *Adapter) interaction(ctx context.Context, cb slackapi.InteractionCallback) {
	tr := trigger{id: cb.TriggerID, at: time.Now()}
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	switch cb.Type {
	case slackapi.InteractionTypeMessageAction:
		if cb.CallbackID != shortcutFindSources && cb.CallbackID != shortcutPropose {
			return
		}
		thread := cb.Message.ThreadTimestamp
		if thread == "" {
			thread = cb.Message.Timestamp
		}
		d := delivery{channelID: channel, userID: cb.User.ID, threadTS: thread, responseURL: cb.ResponseURL, postPublic: true, trigger: tr}
		from := a.base(cb.User.ID, channel, thread)
		if cb.CallbackID == shortcutPropose {
			text := withLinks(cb.Message.Text)
			a.spawn(ctx, func(ctx context.Context) { a.answer(ctx, d, a.bot.HandleProposeMessage(ctx, from, text)) })
			return
		}
		text := slackToPlain(cb.Message.Text)
		a.spawn(ctx, func(ctx context.Context) { a.answer(ctx, d, a.bot.HandleFindSources(ctx, from, text)) })
	case slackapi.InteractionTypeBlockActions:
		thread := cb.Container.ThreadTs
		if thread == "" {
			thread = cb.Message.ThreadTimestamp
		}
		for _, act := range cb.ActionCallback.BlockActions {
			if id, ok := strings.CutPrefix(act.ActionID, formButtonPrefix); ok {
				d := delivery{channelID: channel, userID: cb.User.ID, threadTS: thread, responseURL: cb.ResponseURL, trigger: tr}
				a.spawn(ctx, func(ctx context.Context) { a.openPendingForm(ctx, id, d) })
				continue
			}
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
					replaceFirst: r.Error == "" && mine, trigger: tr}
				a.answer(ctx, d, r)
			})
		}
	}
}

// base is the request of a user in a place, before any command: what the
// platform can show (buttons, forms).
func (a *Adapter) base(userID, channelID, threadTS string) bot.Request {
	return bot.Request{Platform: bot.PlatformSlack, UserID: userID, ChannelID: channelID, ThreadID: threadTS,
		ActionRoom: maxButtonValue, FormFields: maxFormFields}
}

// runLine parses a command line and has the core answer it. It never fails:
// a line that does not parse gets the core's error reply.
func (a *Adapter) runLine(ctx context.Context, line, userID, channelID, threadTS string) bot.Reply {
	req, err := a.bot.ParseCommandLine(line)
	return a.handle(ctx, a.base(userID, channelID, threadTS), req, err)
}

// runForm has the core answer a submitted form: its command with the
// values. It never fails, as runLine.
func (a *Adapter) runForm(ctx context.Context, command string, values map[string]string, userID, channelID, threadTS string) bot.Reply {
	req, err := a.bot.FormRequest(command, values)
	return a.handle(ctx, a.base(userID, channelID, threadTS), req, err)
}

// handle has the core answer req, parsed with err, as the user in from
// asked it: a request that did not parse gets the core's error reply, a
// parsed one the core's answer once permit has said whether they may
// manage the channel.
func (a *Adapter) handle(ctx context.Context, from, req bot.Request, err error) bot.Reply {
	if err != nil {
		return a.bot.HandleUnparsed(ctx, from, err) // the core's answer to what does not parse
	}
	from.Command, from.Options = req.Command, req.Options
	if r, refused := a.permit(ctx, &from); refused {
		return r
	}
	return a.bot.Handle(ctx, from)
}

// permit sets from.CanManageChannel for a command that needs it, asking
// Slack whether the user may manage the channel; other commands do not
// ask. When Slack cannot say, the reply to give tells the user so rather
// than refuse them as no admin (refused is then true).
func (a *Adapter) permit(ctx context.Context, from *bot.Request) (reply bot.Reply, refused bool) {
	if !a.bot.NeedsManage(*from) {
		return bot.Reply{}, false
	}
	ok, err := a.canManage(ctx, from.UserID)
	if err != nil {
		return bot.ErrorReply(bot.Errorf(bot.EINTERNAL,
			"Slack did not say whether you may manage this channel; please try again in a minute.")), true
	}
	from.CanManageChannel = ok
	return bot.Reply{}, false
}

// responseType is Slack's name for a visibility.
func responseType(v bot.Visibility) string {
	if v == bot.Ephemeral {
		return slackapi.ResponseTypeEphemeral
	}
	return slackapi.ResponseTypeInChannel
}
