package discord

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/internal/wait"
	"github.com/stancebot/stancebot/bot"
)

// Names of the message context-menu commands: FindSourcesCommand finds
// the sources of the message it is used on, ProposeCommand opens the
// core's form to propose it as a position.
const (
	FindSourcesCommand = "Find sources"
	ProposeCommand     = "Propose as a position"
)

// responder sends an interaction's first response: over REST for the
// gateway, in the HTTP response for HTTP interactions.
type responder interface {
	respond(ctx context.Context, body any) error
}

// serve answers one interaction; received is when its 3-second deadline
// began (interaction.started). The caller counts it in a.answers.
func (a *Adapter) serve(ctx context.Context, in *interaction, r responder, received time.Time) {
	if u := in.user(); u == nil || u.Bot || u.ID == a.self() {
		return // never answer bots, nor ourselves
	}
	if late := time.Since(received); late > discordgo.InteractionDeadline {
		a.obs.PlatformError(bot.PlatformDiscord, "late_answer")
		a.log.WarnContext(ctx, "interaction arrived after its deadline (replayed or delayed); not answered",
			"interaction", in.ID, "age", late.Round(time.Millisecond))
		return
	}
	switch in.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		a.autocomplete(ctx, in, r)
	case discordgo.InteractionApplicationCommand:
		data := in.ApplicationCommandData()
		if data.CommandType == discordgo.MessageApplicationCommand {
			a.answer(ctx, in, r, received, false, a.messageCommand(in, data))
			return
		}
		req := a.request(in, data.Name, optionValues(data.Options))
		a.answer(ctx, in, r, received, false, func(ctx context.Context) bot.Reply { return a.bot.Handle(ctx, req) })
	case discordgo.InteractionModalSubmit:
		a.answerSubmission(ctx, in, r, received)
	case discordgo.InteractionMessageComponent:
		id := in.MessageComponentData().CustomID
		if key, ok := strings.CutPrefix(id, formIDPrefix); ok {
			a.openKeptForm(ctx, in, r, key)
			return
		}
		line, ok := decodeCustomID(id)
		if !ok {
			a.answer(ctx, in, r, received, false, func(context.Context) bot.Reply {
				return bot.ErrorReply(bot.Errorf(bot.EINVALID, "This button no longer does anything; run the command again."))
			})
			return
		}
		from := a.request(in, "", nil)
		if author := in.author(); author != "" && author != from.UserID {
			// Someone else's card: the clicker gets the page for
			// themselves, and the card stays as its author left it.
			a.answer(ctx, in, r, received, false, func(ctx context.Context) bot.Reply {
				reply := a.bot.HandleLine(ctx, line, from)
				reply.Visibility = bot.Ephemeral
				return reply
			})
			return
		}
		a.answer(ctx, in, r, received, true, func(ctx context.Context) bot.Reply { return a.bot.HandleLine(ctx, line, from) })
	}
}

// messageCommand answers a message context-menu command on the target
// message's text.
func (a *Adapter) messageCommand(in *interaction, data discordgo.ApplicationCommandInteractionData) func(context.Context) bot.Reply {
	return func(ctx context.Context) bot.Reply {
		var text string
		if data.Resolved != nil {
			if m := data.Resolved.Messages[data.TargetID]; m != nil {
				text = m.Content
			}
		}
		switch data.Name {
		case FindSourcesCommand:
			if strings.TrimSpace(text) == "" {
				return bot.ErrorReply(bot.Errorf(bot.EINVALID, "That message has no text to find sources for."))
			}
			return a.bot.HandleFindSources(ctx, a.request(in, "", nil), text)
		case ProposeCommand:
			return a.bot.HandleProposeMessage(ctx, a.request(in, "", nil), text)
		}
		return bot.ErrorReply(bot.Errorf(bot.EINVALID, "Unknown command %s.", data.Name))
	}
}

// autocomplete answers at once with at most 25 suggestions.
func (a *Adapter) autocomplete(ctx context.Context, in *interaction, r responder) {
	data := in.ApplicationCommandData()
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if opt, ok := focused(data.Options); ok {
		partial, _ := opt.Value.(string)
		for _, c := range a.bot.Autocomplete(ctx, data.Name, opt.Name, partial, maxChoices) {
			if len(choices) == maxChoices {
				break
			}
			if c.Value == "" || runes(c.Value) > maxChoiceValue || strings.TrimSpace(c.Name) == "" {
				continue // not a value Discord can send back
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: bot.Clip(c.Name, maxChoiceName), Value: c.Value})
		}
	}
	body := autocompleteResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult}
	body.Data.Choices = choices
	if err := r.respond(ctx, body); err != nil {
		a.apiFailed(ctx, "autocomplete", err)
	}
}

// autocompleteResponse always sends its choices, even none (discordgo's
// InteractionResponseData would leave an empty list out).
type autocompleteResponse struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	} `json:"data"`
}

// answer runs the command and answers within Discord's deadline: with the
// reply itself when it is ready within DeferAfter, else with a deferral
// followed by an edit. update means a button was clicked: the answer
// replaces the clicked message (type 7), which needs no expiring token.
func (a *Adapter) answer(ctx context.Context, in *interaction, r responder, received time.Time, update bool, run func(context.Context) bot.Reply) {
	actx, cancel := context.WithTimeout(ctx, a.opts.AnswerTimeout)
	defer cancel()
	done := make(chan bot.Reply, 1)
	go func() { done <- run(actx) }()
	timer := time.NewTimer(max(a.opts.DeferAfter-time.Since(received), 0))
	defer timer.Stop()
	select {
	case reply := <-done:
		a.respondNow(ctx, in, r, update, reply)
		a.notify(ctx, reply.Notices)
		return
	case <-timer.C:
	}
	deferral := discordgo.InteractionResponseDeferredChannelMessageWithSource
	if update {
		deferral = discordgo.InteractionResponseDeferredMessageUpdate
	}
	if err := r.respond(ctx, &discordgo.InteractionResponse{Type: deferral}); err != nil {
		a.apiFailed(ctx, "defer", err)
		return
	}
	var reply bot.Reply
	select {
	case reply = <-done:
	case <-actx.Done():
		reply = bot.ErrorReply(bot.Errorf(bot.EINTERNAL, "That took too long to answer; please try again."))
	}
	a.completeDeferred(ctx, in, update, reply)
	a.notify(ctx, reply.Notices)
}

// messages renders a reply to in (a form, which cannot open as a modal
// here, as a button opening it), falling back to an error message if it
// cannot be rendered.
func (a *Adapter) messages(ctx context.Context, in *interaction, reply bot.Reply) []message {
	msgs, ok, err := a.formMessages(in, reply)
	if !ok {
		msgs, err = render(reply)
	}
	if err != nil {
		a.log.ErrorContext(ctx, "render reply", "error", err.Error())
		msgs, _ = render(bot.ErrorReply(bot.Errorf(bot.EINTERNAL, "Internal error: this answer could not be shown.")))
	}
	return msgs
}

// respondNow answers with the reply in the first response: a form as a
// modal, unless in is a modal's submission, which cannot open another, or
// the reply has field errors, which a modal cannot show.
func (a *Adapter) respondNow(ctx context.Context, in *interaction, r responder, update bool, reply bot.Reply) {
	if reply.Form != nil && len(reply.Invalid) == 0 && in.Type != discordgo.InteractionModalSubmit {
		a.openForm(ctx, in, r, *reply.Form)
		return
	}
	msgs := a.messages(ctx, in, reply)
	typ := discordgo.InteractionResponseChannelMessageWithSource
	if update && reply.Error == "" {
		// A click's answer replaces the clicked message; an error is told
		// only to the one who clicked, leaving the message as it was.
		typ = discordgo.InteractionResponseUpdateMessage
		msgs[0].Ephemeral = false
	}
	full := msgs[0]
	if _, ok := r.(*httpResponder); ok {
		msgs[0] = full.withoutImage() // an HTTP response body is JSON: no upload
	}
	if err := r.respond(ctx, &discordgo.InteractionResponse{Type: typ, Data: responseData(msgs[0])}); err != nil {
		a.apiFailed(ctx, "respond", err)
		return
	}
	if full.Image != nil && msgs[0].Image == nil {
		a.editOriginal(ctx, in, full) // the picture follows, uploaded over REST
	}
	a.followUp(ctx, in, msgs[1:])
}

// answeredPrivately briefly replaces a public deferral whose answer turned
// out to be for the asker alone (an error, help).
const answeredPrivately = "Answered privately."

// completeDeferred delivers a deferred answer.
func (a *Adapter) completeDeferred(ctx context.Context, in *interaction, update bool, reply bot.Reply) {
	msgs := a.messages(ctx, in, reply)
	switch {
	case update && (reply.Error != "" || reply.Form != nil):
		// For the clicker alone, leaving the clicked message as it was.
		a.followUp(ctx, in, msgs)
	case !update && msgs[0].Ephemeral:
		// The deferral was public, and Discord makes the first follow-up
		// after a deferral take the placeholder's place and its public
		// visibility, whatever its flags. So the placeholder is resolved
		// first, the answer for the asker alone goes in ephemeral
		// follow-ups, then the placeholder is removed.
		if a.editOriginal(ctx, in, message{Content: answeredPrivately}) && a.followUp(ctx, in, msgs) {
			a.deleteOriginal(ctx, in)
		}
	default:
		if a.editOriginal(ctx, in, msgs[0]) {
			a.followUp(ctx, in, msgs[1:])
		}
	}
}

// responseData is a message as an interaction response's data.
func responseData(m message) *discordgo.InteractionResponseData {
	return &discordgo.InteractionResponseData{
		Content:         m.Content,
		Embeds:          nonNilEmbeds(m.Embeds),
		Components:      nonNilComponents(m.Components),
		Flags:           m.flags(),
		AllowedMentions: noMentions(),
		Files:           m.files(),
		Attachments:     m.attachments(),
	}
}

// nonNilEmbeds and nonNilComponents make an update clear what the message had.
func nonNilEmbeds(e []*discordgo.MessageEmbed) []*discordgo.MessageEmbed {
	if e == nil {
		return []*discordgo.MessageEmbed{}
	}
	return e
}

func nonNilComponents(c []discordgo.MessageComponent) []discordgo.MessageComponent {
	if c == nil {
		return []discordgo.MessageComponent{}
	}
	return c
}

// editOriginal replaces the original response (or the clicked message) with
// m. Each interaction's edits have a rate-limit bucket of their own
// (discordgo files every webhook edit under one, serialising the answers of
// different interactions).
func (a *Adapter) editOriginal(ctx context.Context, in *interaction, m message) bool {
	content, embeds, comps := m.Content, nonNilEmbeds(m.Embeds), nonNilComponents(m.Components)
	edit := &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions(), Attachments: m.attachments()}
	uri := discordgo.EndpointWebhookMessage(in.AppID, in.Token, "@original")
	err := a.answerCall(ctx, func(opts ...discordgo.RequestOption) error {
		if edit.Files = m.files(); len(edit.Files) > 0 {
			// An upload: discordgo files it under the message's own bucket.
			_, err := a.answerer.InteractionResponseEdit(in.Interaction, edit, opts...)
			return err
		}
		_, err := a.answerer.RequestWithBucketID(http.MethodPatch, uri, edit, uri, opts...)
		return err
	})
	if err != nil {
		a.apiFailed(ctx, "edit original response", err)
		return false
	}
	return true
}

// deleteOriginal removes the original response.
func (a *Adapter) deleteOriginal(ctx context.Context, in *interaction) {
	uri := discordgo.EndpointWebhookMessage(in.AppID, in.Token, "@original")
	err := a.answerCall(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := a.answerer.RequestWithBucketID(http.MethodDelete, uri, nil, uri, opts...)
		return err
	})
	if err != nil {
		a.apiFailed(ctx, "delete original response", err)
	}
}

// followUp posts messages as follow-ups of the interaction, in order.
func (a *Adapter) followUp(ctx context.Context, in *interaction, msgs []message) bool {
	for _, m := range msgs {
		params := &discordgo.WebhookParams{
			Content: m.Content, Embeds: m.Embeds, Components: m.Components,
			Flags: m.flags(), AllowedMentions: noMentions(),
		}
		err := a.answerCall(ctx, func(opts ...discordgo.RequestOption) error {
			params.Files = m.files()
			_, err := a.answerer.FollowupMessageCreate(in.Interaction, true, params, opts...)
			return err
		})
		if err != nil {
			a.apiFailed(ctx, "follow-up", err)
			return false
		}
	}
	return true
}

// unknownWebhookRetries bound the tries of a follow-up or edit that Discord
// answers 10015 (Unknown Webhook): it does so for a few seconds after an
// interaction was deferred over HTTP.
const (
	codeUnknownWebhook    = 10015
	unknownWebhookTries   = 6
	unknownWebhookBackoff = 500 * time.Millisecond
)

// answerCall makes a call of an interaction's answer (edit, follow-up) with
// withRetry, retrying 10015 briefly.
func (a *Adapter) answerCall(ctx context.Context, call func(opts ...discordgo.RequestOption) error) error {
	for try := 1; ; try++ {
		err := a.withRetry(ctx, call)
		if try == unknownWebhookTries || apiCode(err) != codeUnknownWebhook {
			return err
		}
		a.log.DebugContext(ctx, "Discord does not know the interaction's webhook yet (10015); retrying", "try", try)
		if err := wait.Sleep(ctx, unknownWebhookBackoff); err != nil {
			return err
		}
	}
}
