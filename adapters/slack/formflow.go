package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/adapters/internal/kept"
	"github.com/stancebot/stancebot/adapters/internal/styled"
	"github.com/stancebot/stancebot/bot"
)

// triggerLife is how long Slack lets an interaction's trigger_id open a
// modal, once.
const triggerLife = 3 * time.Second

// trigger is an interaction's trigger_id and when it arrived.
type trigger struct {
	id string
	at time.Time
}

// usable reports whether the trigger may still open a modal.
func (t trigger) usable() bool { return t.id != "" && time.Since(t.at) < triggerLife }

// formButtonPrefix starts the action_id of a button that opens a form
// (the rest is the form's id in a.forms). It is not actionPrefix:
// the button runs no command.
const formButtonPrefix = "stancebot-form:"

// answer sends a reply where d says: its notices, and its form (opened
// for the user, or offered with a button) or its messages.
func (a *Adapter) answer(ctx context.Context, d delivery, r bot.Reply) {
	a.sendNotices(ctx, r.Notices)
	if r.Form != nil {
		a.openForm(ctx, d, *r.Form)
		return
	}
	a.deliver(ctx, d, r.Visibility, render(r))
}

// openForm opens a form's modal with the trigger of the interaction that
// asked for it. When the trigger cannot be used (none, expired, already
// used, or a passing failure), the user gets an ephemeral message with a
// button that opens the form: the click brings a fresh trigger. A form
// Slack refuses is an error, logged with Slack's reasons, and the user is
// told it cannot be shown.
func (a *Adapter) openForm(ctx context.Context, d delivery, f bot.Form) {
	view, err := modalView(f, formMeta{Command: f.Command, Channel: d.channelID, Thread: d.threadTS})
	if err == nil && d.trigger.usable() {
		if err = a.openView(ctx, d.trigger.id, view); err == nil {
			return
		}
		if !refusedView(err) {
			a.log.Info("form not opened with the trigger; offering a button instead", "error", err)
			err = nil
		}
	}
	if err != nil {
		a.log.Error("form not shown", "error", err)
		r := bot.ErrorReply(bot.Errorf(bot.EINTERNAL, "This form cannot be shown on Slack."))
		a.deliver(ctx, d, r.Visibility, render(r))
		return
	}
	id := a.forms.Add(forUser[slackapi.ModalViewRequest]{d.userID, view})
	a.deliver(ctx, d, bot.Ephemeral, []message{formButton(f.Title, id)})
}

// openView calls views.open. Slack's reasons for refusing a view (its
// response_metadata messages) are in the error.
func (a *Adapter) openView(ctx context.Context, triggerID string, view slackapi.ModalViewRequest) error {
	return a.call(ctx, "views.open", "", func(ctx context.Context) error {
		_, err := a.api.OpenViewContext(ctx, triggerID, view)
		var e slackapi.SlackErrorResponse
		if errors.As(err, &e) && len(e.ResponseMetadata.Messages) > 0 {
			return fmt.Errorf("%w: %s", err, strings.Join(e.ResponseMetadata.Messages, "; "))
		}
		return err
	})
}

// refusedView reports whether Slack refused a view itself, which another
// trigger would not change.
func refusedView(err error) bool { return slackError(err, "invalid_arguments", "view_too_large") }

// formButton is the message that offers a form the bot could not open.
func formButton(title, id string) message {
	title = bot.OneLine(title)
	if title == "" {
		title = "A form"
	}
	btn := slackapi.NewButtonBlockElement(formButtonPrefix+id, id, plainText("Open the form"))
	btn.Style = slackapi.StylePrimary
	return message{
		Text: escape(title),
		Blocks: []slackapi.Block{
			mrkdwnSection("*" + escape(title) + "*\nClick the button to fill in the form."),
			slackapi.NewActionBlock("", btn),
		},
	}
}

// openPendingForm answers a click on a form button: the form opens with
// the click's trigger, for the user it was offered to.
func (a *Adapter) openPendingForm(ctx context.Context, id string, d delivery) {
	view, ok := keptFor(a.forms, id, d.userID)
	if !ok {
		r := bot.ErrorReply(bot.Errorf(bot.EINVALID, "This form is no longer available; please ask again."))
		a.deliver(ctx, d, r.Visibility, render(r))
		return
	}
	if err := a.openView(ctx, d.trigger.id, view); err != nil {
		a.log.Warn("form not opened from its button", "error", err)
		r := bot.ErrorReply(bot.Errorf(bot.EINTERNAL, "Slack did not open the form; please click again."))
		a.deliver(ctx, d, r.Visibility, render(r))
	}
}

// forUser is a value the adapter keeps (a.forms, a.resubmits) with the
// user it was kept for: nobody else may use it.
type forUser[T any] struct {
	user string
	v    T
}

// Bounds of what the adapter keeps in memory: after a restart a form's
// button says the form is gone, and a refused form's resubmission goes to
// the form's own command.
const (
	formsKept    = 1000
	formLifetime = time.Hour
)

// keptFor returns what s keeps under key for the user. It stays: a user
// who closed a modal by mistake can click again.
func keptFor[T any](s *kept.Store[forUser[T]], key, user string) (T, bool) {
	k, ok := s.Get(key)
	if !ok || k.user != user {
		var zero T
		return zero, false
	}
	return k.v, true
}

// submission answers a view_submission of one of the adapter's forms. The
// core runs at once; when its answer comes within AckAfter (and ctx) it
// decides the acknowledgement: errors beside the inputs for a refused
// submission, the next form in place of this one, or the modal cleared and
// the answer posted where the form was asked for. When the answer is late
// the modal is cleared and the answer posted when it comes (a refusal as an
// ephemeral message, a form behind a button). ack sends the
// acknowledgement and reports whether it went; it is called exactly once,
// with nil for a view that is not the adapter's.
func (a *Adapter) submission(ctx context.Context, cb slackapi.InteractionCallback, ack func(*slackapi.ViewSubmissionResponse) bool) {
	tr := trigger{id: cb.TriggerID, at: time.Now()}
	if cb.View.CallbackID != formCallback {
		ack(nil)
		return
	}
	meta, err := decodeMeta(cb.View.PrivateMetadata)
	if err != nil {
		a.log.Warn("form submission ignored", "error", err)
		ack(nil)
		return
	}
	if c, ok := keptFor(a.resubmits, cb.View.ID, cb.User.ID); ok {
		meta.Command = c // the core kept what a refused submission gave (Reply.Resubmit)
	}
	values := formValues(cb.View.State)
	d := delivery{channelID: meta.Channel, userID: cb.User.ID, threadTS: meta.Thread, postPublic: true, trigger: tr}
	a.race(ctx,
		func(ctx context.Context) bot.Reply {
			return a.runForm(ctx, meta.Command, values, cb.User.ID, meta.Channel, meta.Thread)
		},
		func(r bot.Reply) { a.ackSubmission(ctx, d, cb.View, r, ack) },
		func() { ack(slackapi.NewClearViewSubmissionResponse()) },
		func(ctx context.Context, r bot.Reply) { a.answer(ctx, d, listInvalid(r, cb.View)) },
	)
}

// ackSubmission acknowledges a submission with the core's answer, ready in
// time: errors beside the inputs, or the next form in place of the
// submitted one, or else the modal cleared. What the acknowledgement does
// not carry (the notices, the answer's messages, a form too big for an
// acknowledgement, or everything when the acknowledgement failed) is sent
// in the background.
func (a *Adapter) ackSubmission(ctx context.Context, d delivery, view slackapi.View, r bot.Reply, ack func(*slackapi.ViewSubmissionResponse) bool) {
	var resp *slackapi.ViewSubmissionResponse
	switch {
	case r.Form != nil:
		meta := formMeta{Command: r.Form.Command, Channel: d.channelID, Thread: d.threadTS}
		if view, err := modalView(*r.Form, meta); err == nil {
			if update := slackapi.NewUpdateViewSubmissionResponse(&view); fitsAck(update) {
				resp = update
			}
		}
	case r.Error != "":
		if errs, ok := fieldErrors(r, view.Blocks.BlockSet); ok {
			resp = slackapi.NewErrorsViewSubmissionResponse(errs)
			if r.Resubmit != "" { // the modal stays open: its next submission goes there
				a.resubmits.Put(view.ID, forUser[string]{d.userID, r.Resubmit})
			}
		}
	}
	if resp == nil {
		ack(slackapi.NewClearViewSubmissionResponse())
	} else if ack(resp) {
		notices := r.Notices
		a.spawn(ctx, func(ctx context.Context) { a.sendNotices(ctx, notices) })
		return
	}
	a.spawn(ctx, func(ctx context.Context) { a.answer(ctx, d, listInvalid(r, view)) })
}

// fitsAck reports whether a response fits an acknowledgement.
func fitsAck(v any) bool {
	b, err := json.Marshal(v)
	return err == nil && len(b) <= maxAckBytes
}

// listInvalid is r for a message, the errors of a refused submission of
// view listed on a card (card.ListInvalid): the modal that would show
// them beside its inputs is closed.
func listInvalid(r bot.Reply, view slackapi.View) bot.Reply {
	labels := map[string]string{}
	for _, b := range view.Blocks.BlockSet {
		if in, ok := b.(*slackapi.InputBlock); ok && in.Label != nil {
			labels[in.BlockID] = in.Label.Text
		}
	}
	return card.ListInvalid(r, labels)
}

// sendNotices sends each notice privately to its user: an ephemeral
// message in the notice's channel when it names one, else (or when that
// fails) a direct message. A failure is logged, never shown in a channel.
func (a *Adapter) sendNotices(ctx context.Context, notices []bot.Notice) {
	for _, n := range notices {
		if n.UserID == "" || strings.TrimSpace(n.Text) == "" {
			a.log.Warn("notice without a user or a text dropped")
			continue
		}
		items := sectionItems([]para{{text: styled.Plain.Of(n.Text)}})
		m := message{Text: escape(bot.Clip(bot.OneLine(n.Text), maxFallbackText))}
		for _, it := range items {
			m.Blocks = append(m.Blocks, it.block)
		}
		if n.ChannelID != "" {
			err := a.postEphemeral(ctx, n.ChannelID, n.UserID, "", m)
			if err == nil {
				continue
			}
			a.log.Info("notice not shown in the channel; sending it as a direct message", "user", n.UserID, "channel", n.ChannelID, "error", err)
		}
		if err := a.directMessage(ctx, n.UserID, m); err != nil {
			a.log.Warn("notice not delivered", "user", n.UserID, "error", err)
		}
	}
}

// directMessage posts a message in the user's direct message channel with
// the bot. A kept channel Slack no longer takes posts in (channel_not_found,
// is_archived) is opened again, once.
func (a *Adapter) directMessage(ctx context.Context, userID string, m message) error {
	channelID, cached, err := a.dmChannel(ctx, userID)
	if err != nil {
		return err
	}
	_, err = a.post(ctx, channelID, "", m)
	if err != nil && cached && slackError(err, "channel_not_found", "is_archived") {
		a.dms.Delete(userID)
		if channelID, _, err = a.dmChannel(ctx, userID); err == nil {
			_, err = a.post(ctx, channelID, "", m)
		}
	}
	return err
}

// dmChannel returns the id of the direct message channel with the user:
// kept from an earlier direct message (cached true), else opened
// (conversations.open) and kept.
func (a *Adapter) dmChannel(ctx context.Context, userID string) (id string, cached bool, err error) {
	if id, ok := a.dms.Get(userID); ok {
		return id, true, nil
	}
	var ch *slackapi.Channel
	err = a.call(ctx, "conversations.open", "", func(ctx context.Context) error {
		var err error
		ch, _, _, err = a.api.OpenConversationContext(ctx, &slackapi.OpenConversationParameters{Users: []string{userID}, ReturnIM: true})
		return err
	})
	if err != nil {
		return "", false, err
	}
	a.dms.Put(userID, ch.ID)
	return ch.ID, false, nil
}
