package discord

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/bot"
)

// interaction is an interaction as received, with the parts of Discord's
// JSON that discordgo does not decode (the channel's type and parent).
type interaction struct {
	*discordgo.Interaction
	channelType discordgo.ChannelType
	parentID    string
	// submission is a modal submission's, read once (answerSubmission);
	// nil for any other interaction and for one whose command is no
	// longer known.
	submission *submission
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

// started is when the interaction's 3-second deadline began: when Discord
// made it, as its id (a snowflake) says, so that a late or replayed
// interaction is not taken for a fresh one; arrived when that is earlier
// (a local clock behind Discord's) or the id is not a snowflake.
func (in *interaction) started(arrived time.Time) time.Time {
	id, err := strconv.ParseUint(in.ID, 10, 64)
	if err != nil || id == 0 {
		return arrived
	}
	made := discordEpoch.Add(time.Duration(id>>22) * time.Millisecond)
	if made.After(arrived) {
		return arrived
	}
	return made
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

// userID is the id of who used the interaction, "" when Discord does not say.
func (in *interaction) userID() string {
	if u := in.user(); u != nil {
		return u.ID
	}
	return ""
}

// canManage reports whether the user may change the channel's settings and
// moderate it: Manage Channels (or Administrator), or one of the moderator
// roles, in a guild; a direct message is the user's own conversation.
func (in *interaction) canManage(moderatorRoles []string) bool {
	if in.GuildID == "" {
		return true
	}
	if in.Member == nil {
		return false
	}
	if in.Member.Permissions&(discordgo.PermissionManageChannels|discordgo.PermissionAdministrator) != 0 {
		return true
	}
	for _, r := range in.Member.Roles {
		if slices.Contains(moderatorRoles, r) {
			return true
		}
	}
	return false
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
func (a *Adapter) request(in *interaction, command string, options map[string]string) bot.Request {
	req := bot.Request{
		Platform:         bot.PlatformDiscord,
		Command:          command,
		Options:          options,
		UserID:           in.userID(),
		ChannelID:        in.ChannelID,
		CanManageChannel: in.canManage(a.opts.ModeratorRoles),
		ActionRoom:       actionRoom,
		FormFields:       maxModalInputs,
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
