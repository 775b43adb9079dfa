package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/adapters/internal/gridpng"
	"github.com/stancebot/stancebot/bot"
)

// previewUser and previewChannel stand for the asker in a preview.
const (
	previewUser    = "U00PREVIEW"
	previewChannel = "C00PREVIEW"
)

// Preview answers a command line as the adapter answers a slash command
// and writes the Block Kit JSON of each message it would send, one JSON
// document a message, each pasteable into Block Kit Builder. The tier grid
// picture, uploaded into the thread with files.uploadV2, is described on
// notes. It is what `stancebot ask --render slack` prints.
func Preview(ctx context.Context, b *bot.Bot, line string, w, notes io.Writer) (bot.Reply, error) {
	r := b.HandleLine(ctx, line, bot.Request{Platform: bot.PlatformSlack, UserID: previewUser, ChannelID: previewChannel, ActionRoom: maxButtonValue})
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	for i, m := range render(r) {
		if err := enc.Encode(struct {
			Blocks []slackapi.Block `json:"blocks"`
		}{m.Blocks}); err != nil {
			return r, fmt.Errorf("write slack message %d: %w", i+1, err)
		}
		if m.grid == nil {
			continue
		}
		png, err := gridpng.Draw(m.grid.grid, m.grid.title)
		if err != nil {
			return r, fmt.Errorf("draw the tier grid: %w", err)
		}
		if _, err := fmt.Fprintf(notes, "message %d: files.uploadV2 of %s (%d bytes, image/png) into its thread; alt text: %s\n",
			i+1, gridpng.FileName, len(png), altText(m.grid)); err != nil {
			return r, fmt.Errorf("write notes: %w", err)
		}
	}
	return r, nil
}
