package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/stancebot/stancebot/adapters/internal/styled"
	"github.com/stancebot/stancebot/bot"
)

// notify sends each notice to its user as a direct message. A user who
// takes no direct messages from the bot (Discord error 50007) is not told:
// a notice is private, so it is never posted where others would see it.
func (a *Adapter) notify(ctx context.Context, notices []bot.Notice) {
	if len(notices) == 0 {
		return
	}
	if a.opts.Token == "" {
		a.log.WarnContext(ctx, "notices not sent: direct messages need a bot token", "notices", len(notices))
		return
	}
	for _, n := range notices {
		if n.UserID == "" || strings.TrimSpace(n.Text) == "" {
			continue
		}
		if err := a.directMessage(ctx, n.UserID, n.Text); err != nil {
			if apiCode(err) == discordgo.ErrCodeCannotSendMessagesToThisUser {
				a.log.InfoContext(ctx, "notice not sent: the user takes no direct messages from the bot (50007)", "user", n.UserID)
				continue
			}
			a.apiFailed(ctx, "direct message", err)
		}
	}
}

// directMessage posts text in the DM channel with the user, in as many
// messages as it takes. A kept channel Discord no longer knows (10003
// Unknown Channel) is opened again, once.
func (a *Adapter) directMessage(ctx context.Context, userID, text string) error {
	channelID, cached, err := a.dmChannel(ctx, userID)
	if err != nil {
		return err
	}
	for i, part := range pieces(styled.Plain.Of(text), maxContent) {
		err := a.postDM(ctx, channelID, part)
		if err != nil && i == 0 && cached && apiCode(err) == discordgo.ErrCodeUnknownChannel {
			a.dmChannels.Delete(userID)
			if channelID, _, err = a.dmChannel(ctx, userID); err == nil {
				err = a.postDM(ctx, channelID, part)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// postDM posts one message of a direct message.
func (a *Adapter) postDM(ctx context.Context, channelID string, part styled.Text) error {
	body := &discordgo.MessageSend{Content: markdown(part), AllowedMentions: noMentions()}
	return a.withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := a.session.ChannelMessageSendComplex(channelID, body, opts...)
		return err
	})
}

// dmChannel returns the id of the DM channel with the user: kept from an
// earlier notice (cached true), else opened (UserChannelCreate) and kept.
func (a *Adapter) dmChannel(ctx context.Context, userID string) (id string, cached bool, err error) {
	if id, ok := a.dmChannels.Get(userID); ok {
		return id, true, nil
	}
	var ch *discordgo.Channel
	err = a.withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		ch, err = a.session.UserChannelCreate(userID, opts...)
		return err
	})
	if err != nil {
		return "", false, err
	}
	a.dmChannels.Put(userID, ch.ID)
	return ch.ID, false, nil
}
