package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestAskRenderSlack: /whoendorses renders as one Slack message of at most
// 50 blocks, its grid picture described for the thread.
func TestAskRenderSlack(t *testing.T) {
	out, errOut := mustRun(t, "ask", "--data", t.TempDir(), "--render", "slack", "/whoendorses open source")
	dec := json.NewDecoder(strings.NewReader(out))
	var msgs []struct {
		Blocks []json.RawMessage `json:"blocks"`
	}
	for dec.More() {
		var m struct {
			Blocks []json.RawMessage `json:"blocks"`
		}
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("not Block Kit JSON: %v\n%s", err, out)
		}
		msgs = append(msgs, m)
	}
	if len(msgs) != 1 || len(msgs[0].Blocks) == 0 || len(msgs[0].Blocks) > 50 {
		t.Fatalf("%d messages (blocks: %v), want one of at most 50 blocks", len(msgs), len(msgs[0].Blocks))
	}
	if !strings.Contains(errOut, "files.uploadV2 of tier-grid.png") {
		t.Errorf("no grid picture for the thread: %q", errOut)
	}
}

// TestAskRenderDiscord: /whoendorses renders as one Discord message within
// Discord's limits, the grid picture uploaded with it and shown in an embed.
func TestAskRenderDiscord(t *testing.T) {
	out, notes := mustRun(t, "ask", "--data", t.TempDir(), "--render", "discord", "/whoendorses open source")
	if !strings.Contains(notes, "message 1: uploads tier-grid.png (") || !strings.Contains(notes, "attachment://tier-grid.png") {
		t.Errorf("notes do not describe the uploaded grid picture: %q", notes)
	}
	var msgs []struct {
		Payload struct {
			Embeds []struct {
				Title, Description string
				Fields             []struct{ Name, Value string }
				Footer             *struct{ Text string }
				Image              *struct{ URL string }
			}
		} `json:"payload_json"`
		Files []struct{ Filename string }
	}
	if err := json.Unmarshal([]byte(out), &msgs); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want one", len(msgs))
	}
	m := msgs[0]
	n, image := 0, false
	for _, e := range m.Payload.Embeds {
		n += utf8.RuneCountInString(e.Title + e.Description)
		for _, f := range e.Fields {
			n += utf8.RuneCountInString(f.Name + f.Value)
		}
		if e.Footer != nil {
			n += utf8.RuneCountInString(e.Footer.Text)
		}
		image = image || (e.Image != nil && e.Image.URL == "attachment://tier-grid.png")
	}
	if n > 6000 || len(m.Payload.Embeds) > 10 {
		t.Errorf("%d embeds of %d characters: over Discord's limits", len(m.Payload.Embeds), n)
	}
	if !image || len(m.Files) != 1 || m.Files[0].Filename != "tier-grid.png" {
		t.Errorf("grid picture: shown %v, files %+v", image, m.Files)
	}
}

func TestAskPNG(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "grid.png")
	mustRun(t, "ask", "--data", dir, "--png", file, "/whoendorses open source")
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if img, err := png.Decode(bytes.NewReader(raw)); err != nil || img.Bounds().Dx() < 400 {
		t.Fatalf("not the grid picture: %v", err)
	}
	if code, _, _ := runCmd(t, "ask", "--data", dir, "--png", file, "/help"); code != 2 {
		t.Errorf("--png of an answer without a grid: exit %d, want 2", code)
	}
	if code, _, _ := runCmd(t, "ask", "--data", dir, "--render", "matrix", "/help"); code != 2 {
		t.Errorf("--render matrix: exit %d, want 2", code)
	}
}
