package discord

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
)

func TestParseInteraction(t *testing.T) {
	i := fakediscord.Slash("whoendorses", map[string]string{"strategy": "open weights", "stance": "opposes"}).
		InThread("11", "22").WithPermissions(discordgo.PermissionManageChannels)
	i.ID, i.Token = "1", "tok"
	raw, err := json.Marshal(i)
	if err != nil {
		t.Fatal(err)
	}
	in, err := parseInteraction(raw)
	if err != nil {
		t.Fatal(err)
	}
	data := in.ApplicationCommandData()
	req := (&Adapter{}).request(in, data.Name, optionValues(data.Options))
	if req.Command != "whoendorses" || req.Options["strategy"] != "open weights" || req.Options["stance"] != "opposes" {
		t.Errorf("request %+v", req)
	}
	if req.ChannelID != "22" || req.ThreadID != "11" || !req.CanManageChannel || req.UserID != fakediscord.DefaultUserID || req.FormFields != 5 {
		t.Errorf("where and who: %+v", req)
	}
	if _, err := parseInteraction([]byte(`{"type":2,"data":7}`)); err == nil {
		t.Error("bad data: want an error")
	}
}

func TestCanManage(t *testing.T) {
	const mod = "500000000000000001"
	a := &Adapter{opts: Options{ModeratorRoles: []string{mod}}}
	slash := fakediscord.Slash("echo", nil)
	for _, tc := range []struct {
		name string
		i    fakediscord.Interaction
		want bool
	}{
		{"no permission, no role", slash.WithRoles("500000000000000002"), false},
		{"manage channels", slash.WithPermissions(discordgo.PermissionManageChannels), true},
		{"administrator", slash.WithPermissions(discordgo.PermissionAdministrator), true},
		{"a moderator role", slash.WithRoles("500000000000000002", mod), true},
		{"a direct message", slash.InDM("600000000000000001"), true},
	} {
		raw, err := json.Marshal(tc.i)
		if err != nil {
			t.Fatal(err)
		}
		in, err := parseInteraction(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.request(in, "echo", nil).CanManageChannel; got != tc.want {
			t.Errorf("%s: CanManageChannel %v, want %v", tc.name, got, tc.want)
		}
		if tc.want && tc.i.GuildID != "" && (&Adapter{}).request(in, "echo", nil).CanManageChannel != (tc.i.Permissions != 0) {
			t.Errorf("%s: without moderator roles configured, only the permission counts", tc.name)
		}
	}
}

func TestOptionValues(t *testing.T) {
	got := optionValues([]*discordgo.ApplicationCommandInteractionDataOption{
		{Name: "s", Type: discordgo.ApplicationCommandOptionString, Value: "x"},
		{Name: "n", Type: discordgo.ApplicationCommandOptionInteger, Value: float64(2)},
		{Name: "f", Type: discordgo.ApplicationCommandOptionNumber, Value: 1.5},
		{Name: "b", Type: discordgo.ApplicationCommandOptionBoolean, Value: true},
		{Name: "sub", Type: discordgo.ApplicationCommandOptionSubCommand, Options: []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: "inner", Type: discordgo.ApplicationCommandOptionString, Value: "y"}}},
	})
	want := map[string]string{"s": "x", "n": "2", "f": "1.5", "b": "true", "inner": "y"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestCustomID(t *testing.T) {
	id, err := encodeCustomID("/whoendorses open-source page:2")
	if err != nil || len(id) > maxCustomID {
		t.Fatalf("%q, %v", id, err)
	}
	if cmd, ok := decodeCustomID(id); !ok || cmd != "/whoendorses open-source page:2" {
		t.Errorf("decode %q = %q, %v", id, cmd, ok)
	}
	for _, bad := range []string{"", "sb:", "sb:   ", "other:x", "/help"} {
		if _, ok := decodeCustomID(bad); ok {
			t.Errorf("decode %q: want not ours", bad)
		}
	}
}

func TestRedaction(t *testing.T) {
	u := "https://discord.com/api/v9/interactions/123/secret-token/callback"
	if got := redactURL(u); strings.Contains(got, "secret-token") {
		t.Errorf("redactURL kept the token: %s", got)
	}
	w := "https://discord.com/api/v9/webhooks/456/secret-token/messages/@original"
	err := &url.Error{Op: "Patch", URL: w, Err: errors.New("timeout")}
	if got := describe(err); strings.Contains(got, "secret-token") || !strings.Contains(got, "timeout") {
		t.Errorf("describe: %s", got)
	}
	rest := &discordgo.RESTError{Response: &http.Response{StatusCode: 404},
		Message: &discordgo.APIErrorMessage{Code: 10062, Message: "Unknown interaction"}}
	if got := describe(rest); got != "HTTP 404: code 10062: Unknown interaction" {
		t.Errorf("describe: %s", got)
	}
}

func FuzzParseInteraction(f *testing.F) {
	for _, i := range []fakediscord.Interaction{
		fakediscord.Slash("quote", map[string]string{"words": "x"}).InThread("1", "2"),
		fakediscord.Autocomplete("person", map[string]string{"name": "jo"}, "name"),
		fakediscord.Click("sb:/help", "3"),
		fakediscord.MessageCommand(FindSourcesCommand, "4", "text").InDM("5"),
		fakediscord.Ping(),
	} {
		raw, err := json.Marshal(i)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte(`{"type":3,"data":{"custom_id":7}}`))
	f.Add([]byte(`{"type":5,"data":{"custom_id":"sb:/x","components":[{"type":1,"components":[{"type":4,"custom_id":"a","value":"b"}]}]}}`))
	f.Add([]byte(`{"type":5,"data":{"custom_id":"sb:/x","components":[{"type":4,"custom_id":"a"},{"type":99}]}}`))
	f.Add([]byte(`{"type":2,"channel":{"type":11},"member":{"permissions":"x"}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		in, err := parseInteraction(raw)
		if err != nil {
			return
		}
		req := (&Adapter{opts: Options{ModeratorRoles: []string{"7"}}}).request(in, "x", nil)
		if req.ThreadID != "" && !in.inThread() {
			t.Fatalf("thread %q outside a thread", req.ThreadID)
		}
		switch in.Type {
		case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
			d := in.ApplicationCommandData()
			optionValues(d.Options)
			focused(d.Options)
		case discordgo.InteractionMessageComponent:
			decodeCustomID(in.MessageComponentData().CustomID)
		case discordgo.InteractionModalSubmit:
			textInputs(in.ModalSubmitData().Components)
		}
	})
}
