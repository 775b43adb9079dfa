package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/bot"
)

// Forms. A bot.Form opens as a modal (interaction response type 9), which
// Discord allows only as the first response to a command or a click: a
// form that comes later (after a deferral, or in answer to a modal's
// submission, which cannot open another) is sent as a message with a button
// opening it. Modals have no error display: a refused submission is
// answered with the list of what is wrong and a button re-opening the form
// with the answers given.

// Texts of the messages standing in for a modal.
const (
	openFormLabel  = "Open the form"
	fixFormLabel   = "Fix and send again"
	formPrompt     = "Press the button below to fill in the form."
	expiredForm    = "This form has expired; run the command again."
	unshowableForm = "Internal error: this form could not be shown."
)

// openedKey is the key of a form opened as a modal with the custom_id, for
// the user: what a submission of that modal finds it by.
func openedKey(userID, customID string) string { return "opened\x00" + userID + "\x00" + customID }

// modal is the response opening f as a modal, its custom_id left for the
// caller to set. It fails on a form Discord cannot show: no title, no
// fields or more than five, a field name that is no custom_id, two fields
// of one name. Longer texts are clipped to the limits; a pre-filled value
// longer than its field's length is cut there (the user sees it and may
// fix it).
func modal(f bot.Form) (*discordgo.InteractionResponse, error) {
	title := strings.TrimSpace(f.Title)
	switch {
	case title == "":
		return nil, errors.New("form without a title")
	case len(f.Fields) == 0 || len(f.Fields) > maxModalInputs:
		return nil, fmt.Errorf("form %q: %d fields; a modal takes 1 to %d", title, len(f.Fields), maxModalInputs)
	}
	rows := make([]discordgo.MessageComponent, 0, len(f.Fields))
	seen := map[string]bool{}
	for _, fl := range f.Fields {
		if fl.Name == "" || len(fl.Name) > maxCustomID || seen[fl.Name] {
			return nil, fmt.Errorf("form %q: field name %q is empty, longer than %d bytes or given twice", title, fl.Name, maxCustomID)
		}
		seen[fl.Name] = true
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{textInput(fl)}})
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &discordgo.InteractionResponseData{
		Title: bot.Clip(title, maxModalTitle), Components: rows,
	}}, nil
}

// textInput is a form field as a modal's text input. Fixed choices, which
// a text input cannot offer, are listed in an empty field's placeholder.
func textInput(fl bot.FormField) discordgo.TextInput {
	limit := fl.MaxLength
	if limit <= 0 || limit > maxInputLength {
		limit = maxInputLength
	}
	style := discordgo.TextInputShort
	if fl.Long {
		style = discordgo.TextInputParagraph
	}
	label := strings.TrimSpace(fl.Label)
	if label == "" {
		label = fl.Name
	}
	hint := fl.Placeholder
	if hint == "" && len(fl.Choices) > 0 {
		hint = strings.Join(fl.Choices, ", ")
	}
	value := fl.Value
	if r := []rune(value); len(r) > limit {
		value = string(r[:limit])
	}
	return discordgo.TextInput{
		CustomID: fl.Name, Label: bot.Clip(label, maxInputLabel), Style: style,
		Placeholder: bot.Clip(hint, maxInputHint), Value: value, Required: fl.Required, MaxLength: limit,
	}
}

// openForm answers in, not yet answered and not a modal's submission,
// with f as a modal. Its custom_id carries f's command, as a button's
// does, or when that does not fit, the key of f kept in the store. Only a
// form that opens is kept: one Discord cannot show keeps nothing, and what
// was kept for a modal Discord did not take is dropped.
func (a *Adapter) openForm(ctx context.Context, in *interaction, r responder, f bot.Form) {
	resp, err := modal(f)
	if err != nil {
		a.log.ErrorContext(ctx, "form cannot be shown as a modal", "error", err.Error())
		a.respondNow(ctx, in, r, false, bot.ErrorReply(bot.Errorf(bot.EINTERNAL, unshowableForm)))
		return
	}
	id, err := encodeCustomID(f.Command)
	if err != nil {
		id = formIDPrefix + a.forms.Add(f)
	}
	resp.Data.CustomID = id
	opened := openedKey(in.userID(), id)
	a.forms.Put(opened, f)
	if err := r.respond(ctx, resp); err != nil {
		a.apiFailed(ctx, "open form", err)
		a.forms.Delete(opened)
		if key, ok := strings.CutPrefix(id, formIDPrefix); ok {
			a.forms.Delete(key)
		}
	}
}

// openKeptForm answers a click on a button opening a kept form.
func (a *Adapter) openKeptForm(ctx context.Context, in *interaction, r responder, key string) {
	f, ok := a.forms.Get(key)
	if !ok {
		a.respondNow(ctx, in, r, false, bot.ErrorReply(bot.Errorf(bot.EINVALID, expiredForm)))
		return
	}
	a.openForm(ctx, in, r, f)
}

// submission is a modal's submission: the command it is sent to, the
// values by field name, and the form as submitted, to re-open it: the form
// opened, with the values in place, when the adapter still has it, else
// one made of the submitted inputs.
type submission struct {
	command string
	values  map[string]string
	form    bot.Form
}

// submitted reads a MODAL_SUBMIT; false when its command is no longer
// known (it was kept, and has expired).
func (a *Adapter) submitted(in *interaction) (submission, bool) {
	data := in.ModalSubmitData()
	cmd, ok := decodeCustomID(data.CustomID)
	if key, kept := strings.CutPrefix(data.CustomID, formIDPrefix); kept {
		var f bot.Form
		f, ok = a.forms.Get(key)
		cmd = f.Command
	}
	if !ok {
		return submission{}, false
	}
	sub := submission{command: cmd, values: map[string]string{}}
	f, known := a.forms.Get(openedKey(in.userID(), data.CustomID))
	if !known {
		f = bot.Form{Command: cmd, Title: "Your answers"}
	}
	for _, t := range textInputs(data.Components) {
		sub.values[t.CustomID] = t.Value
		if !known {
			f.Fields = append(f.Fields, bot.FormField{Name: t.CustomID, Label: t.CustomID, Long: true})
		}
	}
	f.Fields = append([]bot.FormField(nil), f.Fields...)
	for i, fl := range f.Fields {
		if v, ok := sub.values[fl.Name]; ok {
			f.Fields[i].Value = v
		}
	}
	sub.form = f
	return sub, true
}

// textInputs returns the text inputs of a modal's submitted rows, in order.
func textInputs(comps []discordgo.MessageComponent) []*discordgo.TextInput {
	var out []*discordgo.TextInput
	for _, c := range comps {
		switch c := c.(type) {
		case *discordgo.ActionsRow:
			out = append(out, textInputs(c.Components)...)
		case *discordgo.TextInput:
			out = append(out, c)
		}
	}
	return out
}

// answerSubmission answers a modal's submission: the reply of its command
// to the values given. The submission, read here, stays on in for the
// answer's rendering (formMessages).
func (a *Adapter) answerSubmission(ctx context.Context, in *interaction, r responder, received time.Time) {
	if sub, ok := a.submitted(in); ok {
		in.submission = &sub
	}
	a.answer(ctx, in, r, received, false, func(ctx context.Context) bot.Reply {
		if in.submission == nil {
			return bot.ErrorReply(bot.Errorf(bot.EINVALID, expiredForm))
		}
		return a.bot.HandleForm(ctx, a.request(in, "", nil), in.submission.command, in.submission.values)
	})
}

// formMessages renders what stands in for a modal: a form to open as a
// message with a button opening it; field errors as a list
// (card.ListInvalid), with a button re-opening the form to fix them: the
// reply's form when it has one, else the form submitted, filled in as it
// was (as answerSubmission read it), unless the reply has buttons of its
// own to go on with. ok is false for a reply that is neither.
func (a *Adapter) formMessages(in *interaction, reply bot.Reply) (msgs []message, ok bool, err error) {
	switch {
	case len(reply.Invalid) > 0:
	case reply.Form != nil:
		prompt := bot.Reply{Cards: []bot.Card{{Title: reply.Form.Title, Text: formPrompt}}}
		msgs, err = a.withFormButton(prompt, *reply.Form, openFormLabel)
		return msgs, true, err
	default:
		return nil, false, nil
	}
	fix := reply.Form
	if fix == nil && len(reply.Actions) == 0 && in.submission != nil {
		fix = &in.submission.form
	}
	var labels map[string]string
	if fix != nil {
		labels = make(map[string]string, len(fix.Fields))
		for _, fl := range fix.Fields {
			labels[fl.Name] = fl.Label
		}
	}
	reply = card.ListInvalid(reply, labels)
	reply.Visibility, reply.Form = bot.Ephemeral, nil
	if fix == nil {
		msgs, err = render(reply)
		return msgs, true, err
	}
	msgs, err = a.withFormButton(reply, *fix, fixFormLabel)
	return msgs, true, err
}

// withFormButton renders reply for the asker alone, with a button opening
// f on its last message (on one more message when that has no room).
func (a *Adapter) withFormButton(reply bot.Reply, f bot.Form, label string) ([]message, error) {
	reply.Visibility = bot.Ephemeral
	msgs, err := render(reply)
	if err != nil {
		return nil, err
	}
	row := discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{
		Label: label, Style: discordgo.PrimaryButton, CustomID: formIDPrefix + a.forms.Add(f),
	}}}
	last := &msgs[len(msgs)-1]
	if len(last.Components) < maxRows {
		last.Components = append(last.Components, row)
		return msgs, nil
	}
	return append(msgs, message{Content: escape(label) + ":", Components: []discordgo.MessageComponent{row}, Ephemeral: true}), nil
}
