package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/bot"
)

// previewUser and previewChannel stand for the asker in a preview.
const (
	previewUser    = "100000000000000001"
	previewChannel = "100000000000000002"
)

// Preview answers a command line as the adapter answers a slash command
// and writes the exact payloads it would send, as JSON: for each message,
// the interaction response data (payload_json) and the files uploaded with
// it; notes says what each file is. It is what `stancebot ask --render
// discord` prints.
func Preview(ctx context.Context, b *bot.Bot, line string, w, notes io.Writer) (bot.Reply, error) {
	r := b.HandleLine(ctx, line, bot.Request{Platform: bot.PlatformDiscord, UserID: previewUser, ChannelID: previewChannel, ActionRoom: actionRoom})
	msgs, err := render(r)
	if err != nil {
		return r, fmt.Errorf("render for discord: %w", err)
	}
	type file struct {
		Field       string `json:"field"`
		Filename    string `json:"filename"`
		ContentType string `json:"content_type"`
		Bytes       int    `json:"bytes"`
	}
	type payload struct {
		PayloadJSON *discordgo.InteractionResponseData `json:"payload_json"`
		Files       []file                             `json:"files,omitempty"`
	}
	out := make([]payload, len(msgs))
	for i, m := range msgs {
		out[i].PayloadJSON = responseData(m)
		for k, f := range m.files() {
			out[i].Files = append(out[i].Files, file{Field: fmt.Sprintf("files[%d]", k), Filename: f.Name, ContentType: f.ContentType, Bytes: len(m.Image.PNG)})
			if _, err := fmt.Fprintf(notes, "message %d: uploads %s (%d bytes, %s) with it, shown in its embed as attachment://%s\n",
				i+1, f.Name, len(m.Image.PNG), f.ContentType, f.Name); err != nil {
				return r, fmt.Errorf("write notes: %w", err)
			}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return r, fmt.Errorf("write discord payloads: %w", err)
	}
	return r, nil
}
