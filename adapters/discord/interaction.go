package discord

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/bot"
)

// interaction is an interaction as received, with the parts of Discord's
// JSON that discordgo does not decode (the channel's type and parent).
type interaction struct {
	*discordgo.Interaction
	channelType discordgo.ChannelType
	parentID    string
}

// parseInteraction decodes an interaction's JSON, from the gateway or HTTP.
func parseInteraction(raw []byte) (*interaction, error) {
	var i discordgo.Interaction
	if err := json.Unmarshal(raw, &i); err != nil {
		return nil, fmt.Errorf("decode interaction: %w", err)
	}
	var extra struct {
		Channel *struct {
			Type     discordgo.ChannelType `json:"type"`
			ParentID string                `json:"parent_id"`
		} `json:"channel"`
	}
	if err := json.Unmarshal(raw, &extra); err != nil {
		return nil, fmt.Errorf("decode interaction channel: %w", err)
	}
	in := &interaction{Interaction: &i}
	if extra.Channel != nil {
		in.channelType, in.parentID = extra.Channel.Type, extra.Channel.ParentID
	}
	return in, nil
}

// user is who used the interaction: the member's user in a guild, the user
// in a direct message.
func (in *interaction) user() *discordgo.User {
	if in.Member != nil && in.Member.User != nil {
		return in.Member.User
	}
	return in.User
}

// inThread reports whether the interaction was used in a thread.
func (in *interaction) inThread() bool {
	switch in.channelType {
	case discordgo.ChannelTypeGuildNewsThread, discordgo.ChannelTypeGuildPublicThread, discordgo.ChannelTypeGuildPrivateThread:
		return true
	}
	return false
}

// canManage reports whether the user may change the channel's settings:
// Manage Channels (or Administrator) in a guild; a direct message is the
// user's own conversation.
func (in *interaction) canManage() bool {
	if in.GuildID == "" {
		return true
	}
	return in.Member != nil && in.Member.Permissions&(discordgo.PermissionManageChannels|discordgo.PermissionAdministrator) != 0
}

// author is the user whose command the clicked message answers, "" when
// Discord does not say.
func (in *interaction) author() string {
	m := in.Message
	switch {
	case m == nil:
		return ""
	case m.InteractionMetadata != nil && m.InteractionMetadata.User != nil:
		return m.InteractionMetadata.User.ID
	case m.Interaction != nil && m.Interaction.User != nil:
		return m.Interaction.User.ID
	}
	return ""
}

// request is the core's view of the interaction. In a thread, ChannelID is
// the thread's parent channel and ThreadID the thread (replies go to the
// thread, where the interaction was used).
func (in *interaction) request(command string, options map[string]string) bot.Request {
	req := bot.Request{
		Platform:         bot.PlatformDiscord,
		Command:          command,
		Options:          options,
		ChannelID:        in.ChannelID,
		CanManageChannel: in.canManage(),
		ActionRoom:       actionRoom,
	}
	if u := in.user(); u != nil {
		req.UserID = u.ID
	}
	if in.inThread() {
		req.ThreadID = in.ChannelID
		if in.parentID != "" {
			req.ChannelID = in.parentID
		}
	}
	return req
}

// optionValues flattens a slash command's options to name -> value.
func optionValues(opts []*discordgo.ApplicationCommandInteractionDataOption) map[string]string {
	out := make(map[string]string, len(opts))
	for _, o := range opts {
		switch v := o.Value.(type) {
		case string:
			out[o.Name] = v
		case float64:
			out[o.Name] = strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			out[o.Name] = strconv.FormatBool(v)
		case nil:
			for k, sub := range optionValues(o.Options) {
				out[k] = sub
			}
		default:
			out[o.Name] = fmt.Sprint(v)
		}
	}
	return out
}

// focused returns the option being typed in an autocomplete interaction.
func focused(opts []*discordgo.ApplicationCommandInteractionDataOption) (*discordgo.ApplicationCommandInteractionDataOption, bool) {
	for _, o := range opts {
		if o.Focused {
			return o, true
		}
		if f, ok := focused(o.Options); ok {
			return f, true
		}
	}
	return nil, false
}
