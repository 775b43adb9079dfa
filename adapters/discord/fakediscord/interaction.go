package fakediscord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Default ids of the interactions the builders make.
const (
	DefaultGuildID   = "300000000000000001"
	DefaultChannelID = "300000000000000002"
	DefaultUserID    = "300000000000000003"
)

// Interaction is an interaction to send to a bot, through the gateway
// (InjectInteraction) or over HTTP (PostInteraction). The builders below
// fill in everything but the ids, which the server assigns when empty.
type Interaction struct {
	ID, Token, AppID string
	Type             discordgo.InteractionType
	GuildID          string   // "" for a direct message
	ChannelID        string   // where it was used
	Channel          *Channel // the channel object Discord sends along (type, parent)
	User             discordgo.User
	// Permissions are the member's permissions in the channel (guild only).
	Permissions int64
	// Roles are the ids of the member's roles (guild only).
	Roles []string
	// Data is discordgo.ApplicationCommandInteractionData (commands,
	// autocomplete), discordgo.MessageComponentInteractionData (clicks) or
	// a modal submission's data (Submit).
	Data any
	// Message is the message a clicked component is on.
	Message *discordgo.Message
}

// Channel is the partial channel sent with an interaction.
type Channel struct {
	ID       string                `json:"id"`
	Type     discordgo.ChannelType `json:"type"`
	ParentID string                `json:"parent_id,omitempty"`
}

// MarshalJSON encodes the interaction as Discord sends it.
func (i Interaction) MarshalJSON() ([]byte, error) {
	m := map[string]any{
		"id": i.ID, "application_id": i.AppID, "type": i.Type, "token": i.Token, "version": 1,
		"channel_id": i.ChannelID, "locale": "en-US",
	}
	if i.Channel != nil {
		m["channel"] = i.Channel
	}
	if i.Data != nil {
		m["data"] = i.Data
	}
	if i.Message != nil {
		m["message"] = i.Message
	}
	if i.GuildID != "" {
		m["guild_id"] = i.GuildID
		m["member"] = map[string]any{
			"user": i.User, "roles": append([]string{}, i.Roles...), "permissions": strconv.FormatInt(i.Permissions, 10),
		}
	} else {
		m["user"] = i.User
	}
	return json.Marshal(m)
}

func base(t discordgo.InteractionType) Interaction {
	return Interaction{
		Type: t, GuildID: DefaultGuildID, ChannelID: DefaultChannelID,
		Channel: &Channel{ID: DefaultChannelID, Type: discordgo.ChannelTypeGuildText},
		User:    discordgo.User{ID: DefaultUserID, Username: "tester"},
	}
}

// stringOptions turns name -> value into string options, sorted by name.
func stringOptions(options map[string]string, focused string) []*discordgo.ApplicationCommandInteractionDataOption {
	names := make([]string, 0, len(options))
	for n := range options {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*discordgo.ApplicationCommandInteractionDataOption, 0, len(names))
	for _, n := range names {
		out = append(out, &discordgo.ApplicationCommandInteractionDataOption{
			Name: n, Type: discordgo.ApplicationCommandOptionString, Value: options[n], Focused: n == focused,
		})
	}
	return out
}

// Slash is a slash command with string options.
func Slash(name string, options map[string]string) Interaction {
	i := base(discordgo.InteractionApplicationCommand)
	i.Data = discordgo.ApplicationCommandInteractionData{
		ID: "400000000000000001", Name: name, CommandType: discordgo.ChatApplicationCommand,
		Options: stringOptions(options, ""),
	}
	return i
}

// Autocomplete is an autocomplete request while the user types option
// focused of command name.
func Autocomplete(name string, options map[string]string, focused string) Interaction {
	i := base(discordgo.InteractionApplicationCommandAutocomplete)
	i.Data = discordgo.ApplicationCommandInteractionData{
		ID: "400000000000000001", Name: name, CommandType: discordgo.ChatApplicationCommand,
		Options: stringOptions(options, focused),
	}
	return i
}

// Click is a click on the button with customID, on message messageID,
// which must exist in the click's channel (DefaultChannelID unless
// InThread or InDM moves it) and have that button, enabled (see
// InjectInteraction).
func Click(customID, messageID string) Interaction {
	i := base(discordgo.InteractionMessageComponent)
	i.Data = discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent}
	i.Message = &discordgo.Message{ID: messageID, ChannelID: i.ChannelID}
	return i
}

// MessageCommand is a message context-menu command (name, e.g. "Find
// sources") used on a message with the given content.
func MessageCommand(name, messageID, content string) Interaction {
	i := base(discordgo.InteractionApplicationCommand)
	i.Data = discordgo.ApplicationCommandInteractionData{
		ID: "400000000000000002", Name: name, CommandType: discordgo.MessageApplicationCommand,
		TargetID: messageID,
		Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Messages: map[string]*discordgo.Message{
			messageID: {ID: messageID, ChannelID: i.ChannelID, Content: content,
				Author: &discordgo.User{ID: "300000000000000009", Username: "someone"}},
		}},
	}
	return i
}

// Submit is the MODAL_SUBMIT Discord sends when the user presses Submit on
// a modal the bot opened (a type 9 callback's Record.Modal): every text
// input in order, with the value typed in values, else the pre-filled one,
// and the message whose component opened the modal (ModalData.Source).
// Like Discord's client, it refuses to submit a required input left empty,
// a value longer than the input's max_length, or one shorter than its
// min_length (an optional input may still be left empty).
func Submit(m ModalData, values map[string]string) (Interaction, error) {
	i := base(discordgo.InteractionModalSubmit)
	rows := []map[string]any{}
	for _, in := range m.Inputs() {
		v, ok := values[in.CustomID]
		if !ok {
			v = in.Value
		}
		if in.IsRequired() && strings.TrimSpace(v) == "" {
			return i, fmt.Errorf("fakediscord: input %q is required", in.CustomID)
		}
		if in.MaxLength != nil && utf8.RuneCountInString(v) > *in.MaxLength {
			return i, fmt.Errorf("fakediscord: input %q takes at most %d characters", in.CustomID, *in.MaxLength)
		}
		if in.MinLength != nil && utf8.RuneCountInString(v) < *in.MinLength && (v != "" || in.IsRequired()) {
			return i, fmt.Errorf("fakediscord: input %q takes at least %d characters", in.CustomID, *in.MinLength)
		}
		rows = append(rows, map[string]any{"type": discordgo.ActionsRowComponent, "components": []map[string]any{
			{"type": discordgo.TextInputComponent, "custom_id": in.CustomID, "value": v},
		}})
	}
	i.Data = map[string]any{"custom_id": m.CustomID, "components": rows}
	if m.Source != nil {
		src := *m.Source
		i.Message = &src
	}
	return i, nil
}

// Ping is Discord's PING, sent to check an HTTP interactions endpoint.
func Ping() Interaction { return Interaction{Type: discordgo.InteractionPing} }

// InThread places the interaction in a public thread of parent.
func (i Interaction) InThread(threadID, parentID string) Interaction {
	i.ChannelID = threadID
	i.Channel = &Channel{ID: threadID, Type: discordgo.ChannelTypeGuildPublicThread, ParentID: parentID}
	if i.Message != nil {
		i.Message.ChannelID = threadID
	}
	return i
}

// WithPermissions sets the member's permissions in the channel.
func (i Interaction) WithPermissions(p int64) Interaction { i.Permissions = p; return i }

// WithRoles sets the member's roles.
func (i Interaction) WithRoles(roles ...string) Interaction { i.Roles = roles; return i }

// ByUser sets the invoking user.
func (i Interaction) ByUser(u discordgo.User) Interaction { i.User = u; return i }

// InDM places the interaction in a direct message with the bot.
func (i Interaction) InDM(channelID string) Interaction {
	i.GuildID = ""
	i.ChannelID = channelID
	i.Channel = &Channel{ID: channelID, Type: discordgo.ChannelTypeDM}
	if i.Message != nil {
		i.Message.ChannelID = channelID
	}
	return i
}

// register fills the ids and remembers the interaction. It refuses a
// click on a message that does not exist or is in another channel, or on
// a button the message does not have (or has disabled). Callers hold s.mu.
func (s *Server) register(i *Interaction, overHTTP bool) error {
	if i.Type == discordgo.InteractionMessageComponent {
		if i.Message == nil {
			return errors.New("fakediscord: a click on no message")
		}
		msg, known := s.messages[i.Message.ID]
		if !known {
			return fmt.Errorf("fakediscord: a click on message %q, which does not exist", i.Message.ID)
		}
		if i.Message.ChannelID != i.ChannelID {
			return fmt.Errorf("fakediscord: a click in channel %q on message %q, which says it is in channel %q", i.ChannelID, i.Message.ID, i.Message.ChannelID)
		}
		if err := msg.canClick(i.ChannelID, clickedID(i.Data)); err != nil {
			return fmt.Errorf("fakediscord: a click on message %q: %w", i.Message.ID, err)
		}
		if msg.author != "" && i.Message.InteractionMetadata == nil {
			m := *i.Message
			m.InteractionMetadata = &discordgo.MessageInteractionMetadata{User: &discordgo.User{ID: msg.author}}
			i.Message = &m
		}
	}
	if i.ID == "" {
		i.ID = s.newID()
	}
	if i.Token == "" {
		i.Token = "token-" + i.ID
	}
	if i.AppID == "" {
		i.AppID = s.opts.AppID
	}
	st := &interactionState{id: i.ID, token: i.Token, created: time.Now(), typ: i.Type, http: overHTTP, channelID: i.ChannelID, userID: i.User.ID}
	if i.Message != nil {
		st.clickedID = i.Message.ID
	}
	s.interactions[i.ID] = st
	s.byToken[i.Token] = st
	return nil
}

// InjectInteraction sends the interaction to the bot as an INTERACTION_CREATE
// gateway event and returns it with its ids filled in. A click on a
// message that does not exist or is in another channel, or on a button
// it does not have or has disabled, is refused, as Discord's client
// cannot make one.
func (s *Server) InjectInteraction(i Interaction) (Interaction, error) {
	s.mu.Lock()
	err := s.register(&i, false)
	s.mu.Unlock()
	if err != nil {
		return i, err
	}
	if err := s.Dispatch("INTERACTION_CREATE", i); err != nil {
		return i, err
	}
	return i, nil
}

// Sign returns the hex Ed25519 signature of timestamp + body with the
// server's key, as Discord puts in X-Signature-Ed25519.
func (s *Server) Sign(timestamp string, body []byte) string {
	msg := append([]byte(timestamp), body...)
	return hex.EncodeToString(ed25519.Sign(s.priv, msg))
}

// SignedRequest builds a POST of body to url signed as Discord signs it, with
// the timestamp at.
func (s *Server) SignedRequest(ctx context.Context, url string, body []byte, at time.Time) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("fakediscord: new request: %w", err)
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", s.Sign(ts, body))
	return req, nil
}

// PostInteraction sends the interaction to a bot's HTTP interactions endpoint
// at url, signed and timestamped now, and records the answer as a
// KindCallback record (Via "http"), which it returns. Follow-ups and edits
// the bot makes later arrive over REST as usual.
func (s *Server) PostInteraction(ctx context.Context, url string, i Interaction) (Interaction, Record, error) {
	s.mu.Lock()
	err := s.register(&i, true)
	s.mu.Unlock()
	if err != nil {
		return i, Record{}, err
	}
	body, err := json.Marshal(i)
	if err != nil {
		return i, Record{}, fmt.Errorf("fakediscord: encode interaction: %w", err)
	}
	req, err := s.SignedRequest(ctx, url, body, time.Now())
	if err != nil {
		return i, Record{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return i, Record{}, fmt.Errorf("fakediscord: post interaction: %w", err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		return i, Record{}, fmt.Errorf("fakediscord: read answer: %w", err)
	}
	rec := Record{Kind: KindCallback, Method: http.MethodPost, Path: req.URL.Path, Status: resp.StatusCode,
		Via: "http", InteractionID: i.ID, Body: answer}
	s.mu.Lock()
	defer s.mu.Unlock()
	if resp.StatusCode == http.StatusOK {
		if cb, err := decodeCallback(answer); err == nil && s.answer(s.interactions[i.ID], &rec, cb) != "" {
			// Discord refuses it: the user sees "This interaction failed".
			rec.Status = http.StatusBadRequest
		}
	}
	return i, s.record(rec), nil
}
