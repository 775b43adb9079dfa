package fakediscord

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Kind names what a recorded request did.
type Kind string

// Record kinds.
const (
	KindGatewayLookup     Kind = "gateway_lookup"     // GET gateway, gateway/bot
	KindCallback          Kind = "callback"           // an interaction's first response (REST callback or HTTP answer)
	KindEditOriginal      Kind = "edit_original"      // PATCH webhooks/{app}/{token}/messages/@original
	KindDeleteOriginal    Kind = "delete_original"    // DELETE webhooks/{app}/{token}/messages/@original
	KindFollowup          Kind = "followup"           // POST webhooks/{app}/{token}
	KindEditFollowup      Kind = "edit_followup"      // PATCH webhooks/{app}/{token}/messages/{id}
	KindChannelMessage    Kind = "channel_message"    // POST channels/{id}/messages
	KindChannelHistory    Kind = "channel_history"    // GET channels/{id}/messages
	KindSelf              Kind = "self"               // GET users/@me
	KindCommandsOverwrite Kind = "commands_overwrite" // PUT applications/{app}[/guilds/{guild}]/commands
	KindCommandsGet       Kind = "commands_get"       // GET applications/{app}[/guilds/{guild}]/commands
	KindDMChannel         Kind = "dm_channel"         // POST users/@me/channels
	KindUnknown           Kind = "unknown"            // any other route (answered 404)
)

// Record is one request the fake received, with what it answered.
type Record struct {
	Seq int // 1-based order of arrival
	// Files are the uploads of a multipart request (Body is then its JSON payload).
	Files         []File
	At            time.Time
	Kind          Kind
	Method, Path  string
	Status        int    // the HTTP status the fake answered
	Via           string // "rest", or "http" for an interaction answered over HTTP (PostInteraction)
	InteractionID string // callbacks, edits, follow-ups
	ChannelID     string // channel messages
	GuildID       string // command overwrites of a guild
	// MessageID is the message created or edited. The first follow-up after
	// a deferral creates none: as on Discord, it takes the place (and the
	// visibility) of the deferred response, and carries its id.
	MessageID string
	// Type is the response type of a callback (4 message, 5 deferred, 7 update, 8 choices ...).
	Type discordgo.InteractionResponseType
	// Deduplicated marks a channel message whose nonce (with enforce_nonce)
	// matched a recent message: nothing was created, that message was answered.
	Deduplicated bool
	// Data is the message (or autocomplete choices) sent, decoded.
	Data MessageData
	// Modal is the modal a callback of type 9 opens, decoded; nil otherwise.
	Modal *ModalData
	Body  []byte // the raw request body
}

// MessageData is a message as a bot sends it, decoded for assertions.
type MessageData struct {
	Content         string                                      `json:"content"`
	Embeds          []*discordgo.MessageEmbed                   `json:"embeds"`
	Components      []Row                                       `json:"components"`
	Flags           discordgo.MessageFlags                      `json:"flags"`
	AllowedMentions *discordgo.MessageAllowedMentions           `json:"allowed_mentions"`
	Choices         []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
}

// Row is an action row of components.
type Row struct {
	Type       discordgo.ComponentType `json:"type"`
	Components []Button                `json:"components"`
}

// Button is a button component.
type Button struct {
	Type     discordgo.ComponentType `json:"type"`
	Style    discordgo.ButtonStyle   `json:"style"`
	Label    string                  `json:"label"`
	CustomID string                  `json:"custom_id"`
	URL      string                  `json:"url"`
	Disabled bool                    `json:"disabled"`
}

// Ephemeral reports whether the message is shown only to the user who asked.
func (d MessageData) Ephemeral() bool { return d.Flags&discordgo.MessageFlagsEphemeral != 0 }

// Buttons returns every button of the message, row by row.
func (d MessageData) Buttons() []Button {
	var out []Button
	for _, r := range d.Components {
		out = append(out, r.Components...)
	}
	return out
}

// Filter selects records.
type Filter func(Record) bool

// OfKind selects records of any of the kinds (all records when none given).
func OfKind(kinds ...Kind) Filter {
	return func(r Record) bool { return len(kinds) == 0 || slices.Contains(kinds, r.Kind) }
}

// ForInteraction selects the records of one interaction, of any of the kinds.
func ForInteraction(id string, kinds ...Kind) Filter {
	return func(r Record) bool { return r.InteractionID == id && OfKind(kinds...)(r) }
}

// InChannel selects the channel messages posted to one channel.
func InChannel(channelID string) Filter {
	return func(r Record) bool { return r.Kind == KindChannelMessage && r.ChannelID == channelID }
}

// Records returns the records that f selects (every record when f is nil), in order.
func (s *Server) Records(f Filter) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.selectLocked(f)
}

// selectLocked returns the records that f selects. Callers hold s.mu.
func (s *Server) selectLocked(f Filter) []Record {
	var out []Record
	for _, r := range s.records {
		if f == nil || f(r) {
			out = append(out, r)
		}
	}
	return out
}

// WaitRecord waits until a record that f selects exists and returns the first one.
func (s *Server) WaitRecord(ctx context.Context, f Filter) (Record, error) {
	recs, err := s.WaitRecords(ctx, 1, f)
	if err != nil {
		return Record{}, err
	}
	return recs[0], nil
}

// WaitRecords waits until at least n records that f selects exist and returns them all.
func (s *Server) WaitRecords(ctx context.Context, n int, f Filter) ([]Record, error) {
	for {
		s.mu.Lock()
		ch := s.changed
		out := s.selectLocked(f)
		s.mu.Unlock()
		if len(out) >= n {
			return out, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return out, ctx.Err()
		}
	}
}

// record appends r and wakes waiters; an interaction's message it made
// (or deleted) now exists (or no longer does). Callers hold s.mu.
func (s *Server) record(r Record) Record {
	r.Seq = len(s.records) + 1
	r.At = time.Now()
	if r.Via == "" {
		r.Via = "rest"
	}
	s.records = append(s.records, r)
	if r.Status/100 == 2 && r.MessageID != "" {
		switch r.Kind {
		case KindCallback, KindFollowup, KindEditOriginal, KindEditFollowup:
			msg, known := s.messages[r.MessageID]
			if !known {
				st := s.interactions[r.InteractionID]
				msg = &clickable{author: st.userID, channelID: st.channelID}
				s.messages[r.MessageID] = msg
			}
			if rows, sent := sentComponents(r); sent {
				msg.rows = rows
			}
		case KindDeleteOriginal:
			delete(s.messages, r.MessageID)
		}
	}
	close(s.changed)
	s.changed = make(chan struct{})
	return r
}

// decodeMessage decodes a message body; a body that is not a message
// leaves d zero (the raw body stays in the record).
func decodeMessage(body []byte) MessageData {
	var d MessageData
	_ = json.Unmarshal(body, &d)
	return d
}

// callbackBody is an interaction response body, decoded.
type callbackBody struct {
	typ   discordgo.InteractionResponseType
	data  MessageData
	modal *ModalData // type 9 only
}

// decodeCallback decodes an interaction response body.
func decodeCallback(body []byte) (callbackBody, error) {
	var v struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data json.RawMessage                   `json:"data"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return callbackBody{}, err
	}
	cb := callbackBody{typ: v.Type}
	if v.Type != discordgo.InteractionResponseModal {
		cb.data = decodeMessage(v.Data)
		return cb, nil
	}
	cb.modal = &ModalData{}
	if err := json.Unmarshal(v.Data, cb.modal); err != nil {
		return callbackBody{}, err
	}
	return cb, nil
}

// ModalData is a modal as a bot opens it (interaction response type 9).
type ModalData struct {
	CustomID   string     `json:"custom_id"`
	Title      string     `json:"title"`
	Components []ModalRow `json:"components"`
	// Source is the message whose component the modal answered (nil when
	// a command opened it): Discord sends it with the modal's submission.
	Source *discordgo.Message `json:"-"`
}

// ModalRow is an action row of a modal.
type ModalRow struct {
	Type       discordgo.ComponentType `json:"type"`
	Components []TextInput             `json:"components"`
}

// TextInput is a text input of a modal. Required is nil when the bot left
// it out (Discord then takes the input as required).
type TextInput struct {
	Type        discordgo.ComponentType  `json:"type"`
	CustomID    string                   `json:"custom_id"`
	Style       discordgo.TextInputStyle `json:"style"`
	Label       string                   `json:"label"`
	Placeholder string                   `json:"placeholder"`
	Value       string                   `json:"value"`
	Required    *bool                    `json:"required"`
	MinLength   *int                     `json:"min_length"`
	MaxLength   *int                     `json:"max_length"`
}

// IsRequired reports whether the input must be filled in.
func (t TextInput) IsRequired() bool { return t.Required == nil || *t.Required }

// Inputs returns every text input of the modal, in order.
func (m ModalData) Inputs() []TextInput {
	var out []TextInput
	for _, r := range m.Components {
		out = append(out, r.Components...)
	}
	return out
}

// File is one upload of a multipart request.
type File struct {
	Name, ContentType string
	Data              []byte
}

// clickable is a message that exists, to be clicked on.
type clickable struct {
	author    string // the user whose interaction it answers; "" for a message posted in a channel
	channelID string // the channel it is in
	rows      []Row  // its components, as last sent
}

// canClick says why a click in channel channelID on the button customID of
// the message cannot happen (nil: it can): the message is in another
// channel (Discord sends a component's interaction from the message's own
// channel only), has no such button, or has it disabled.
func (m *clickable) canClick(channelID, customID string) error {
	if channelID != m.channelID {
		return fmt.Errorf("it is in channel %q, not %q", m.channelID, channelID)
	}
	var have []string
	for _, r := range m.rows {
		for _, b := range r.Components {
			if b.CustomID == "" {
				continue
			}
			if b.CustomID == customID {
				if b.Disabled {
					return fmt.Errorf("button %q is disabled", customID)
				}
				return nil
			}
			have = append(have, b.CustomID)
		}
	}
	return fmt.Errorf("no button %q (its buttons: %q)", customID, have)
}

// clickedID is the custom_id of a click's data (Click's; "" for any other).
func clickedID(data any) string {
	d, _ := data.(discordgo.MessageComponentInteractionData)
	return d.CustomID
}

// sentComponents returns the components the request of an accepted record
// sent for its message, and whether it sent any: an edit or an update
// (response type 7) without a "components" field keeps the message's, one
// with the field (null or empty included) replaces them, as on Discord. A
// message made without the field has none. A callback sends components
// only with a message (response type 4) or an update: the record's Type,
// decoded when it was answered, says which.
func sentComponents(r Record) ([]Row, bool) {
	body := r.Body
	if r.Kind == KindCallback {
		if r.Type != discordgo.InteractionResponseChannelMessageWithSource && r.Type != discordgo.InteractionResponseUpdateMessage {
			return nil, false
		}
		var cb struct {
			Data json.RawMessage `json:"data"`
		}
		if json.Unmarshal(body, &cb) != nil || len(cb.Data) == 0 {
			return nil, false
		}
		body = cb.Data
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return nil, false
	}
	raw, sent := fields["components"]
	if !sent {
		return nil, false
	}
	var rows []Row
	_ = json.Unmarshal(raw, &rows)
	return rows, true
}
