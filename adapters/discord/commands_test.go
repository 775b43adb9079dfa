package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/adapters/discord/fakediscord"
	"github.com/stancebot/stancebot/adapters/internal/golden"
	"github.com/stancebot/stancebot/bot"
)

// schemaRegistry is a fixed registry using every feature of the schema.
func schemaRegistry() []bot.Command {
	run := func(context.Context, bot.Request) (bot.Reply, error) { return bot.Reply{}, nil }
	var many []string
	for i := range 30 {
		many = append(many, fmt.Sprintf("choice-%d", i))
	}
	return []bot.Command{
		{Name: "digest", Description: "Daily digests of new positions for this channel", ManageOnly: true, Run: run,
			Options: []bot.Option{
				{Name: "time", Description: "When to post (HH:MM)", MaxLength: 5},
				{Name: "action", Description: "What to do", Required: true, Choices: []string{"subscribe", "unsubscribe", "status"}},
			}},
		{Name: "whoendorses", Description: "Who holds a strategy", Run: run,
			Options: []bot.Option{
				{Name: "strategy", Description: "The strategy", Required: true, Autocomplete: bot.CompleteStrategy, MaxLength: 100},
				{Name: "tag", Description: "Too many choices to list", Choices: many},
				{Name: "page"},
				{Name: "draft", Description: "Set by the bot's buttons", Integer: true, Hidden: true},
			}},
		{Name: "help", Run: run},
	}
}

func TestCommandSchemaGolden(t *testing.T) {
	schema, err := CommandSchema(schemaRegistry())
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(schema, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden.Check(t, filepath.Join("testdata", "commands.json"), got, *update)
}

func TestCommandSchemaRules(t *testing.T) {
	schema, err := CommandSchema(schemaRegistry())
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*discordgo.ApplicationCommand{}
	for _, c := range schema {
		byName[c.Name] = c
	}
	digest := byName["digest"]
	if digest.DefaultMemberPermissions == nil || *digest.DefaultMemberPermissions != discordgo.PermissionManageChannels {
		t.Errorf("a manage-only command must default to Manage Channels: %v", digest.DefaultMemberPermissions)
	}
	if digest.Options[0].Name != "action" || !digest.Options[0].Required {
		t.Errorf("required options must come first: %s first", digest.Options[0].Name)
	}
	if len(digest.Options[0].Choices) != 3 || digest.Options[0].Autocomplete {
		t.Errorf("fixed choices: %+v", digest.Options[0])
	}
	we := byName["whoendorses"]
	if !we.Options[0].Autocomplete || we.Options[0].MaxLength != 100 {
		t.Errorf("strategy: %+v", we.Options[0])
	}
	if we.Options[1].Autocomplete != true || len(we.Options[1].Choices) != 0 {
		t.Errorf("more than 25 choices must be completed, not listed: %+v", we.Options[1])
	}
	if byName["help"].Description != "help" || we.Options[2].Description != "page" {
		t.Error("an empty description must fall back to the name (Discord requires one)")
	}
	if len(we.Options) != 3 {
		t.Errorf("a hidden option must not be a slash-command option: %d options", len(we.Options))
	}
	fs := byName[FindSourcesCommand]
	if fs == nil || fs.Type != discordgo.MessageApplicationCommand {
		t.Fatalf("no message command %q", FindSourcesCommand)
	}
	run := func(context.Context, bot.Request) (bot.Reply, error) { return bot.Reply{}, nil }
	for _, bad := range []bot.Command{
		{Name: "Who Endorses", Run: run},
		{Name: "ok", Run: run, Options: []bot.Option{{Name: "Bad Name"}}},
		{Name: strings.Repeat("x", 33), Run: run},
	} {
		if _, err := CommandSchema([]bot.Command{bad}); err == nil {
			t.Errorf("%q: want an error", bad.Name)
		}
	}
}

func TestFingerprint(t *testing.T) {
	a, err := CommandSchema(schemaRegistry())
	if err != nil {
		t.Fatal(err)
	}
	b, err := CommandSchema(schemaRegistry())
	if err != nil {
		t.Fatal(err)
	}
	b[0], b[1] = b[1], b[0]
	b[0].ID, b[0].Version, b[0].ApplicationID = "1", "2", "3"
	if Fingerprint(a) != Fingerprint(b) {
		t.Error("order and Discord's ids must not change the fingerprint")
	}
	b[0].Options[0].Description = "changed"
	if Fingerprint(a) == Fingerprint(b) {
		t.Error("a changed description must change the fingerprint")
	}
}

func TestSyncCommands(t *testing.T) {
	t.Parallel()
	f := startFake(t, fakediscord.Options{})
	a, _ := newAdapter(t, testBot(t), f, nil)
	ctx := ctxFor(t, 10*time.Second)
	const guild = "320000000000000001"
	want, err := a.Commands()
	if err != nil {
		t.Fatal(err)
	}

	changed, err := a.SyncCommandsIfChanged(ctx, guild)
	if err != nil || !changed {
		t.Fatalf("first sync: changed %v, %v", changed, err)
	}
	have := registered(t, f, guild)
	if len(have) != len(want) || Fingerprint(have) != Fingerprint(want) {
		t.Fatalf("registered %d commands, fingerprint %s; want %d, %s", len(have), Fingerprint(have), len(want), Fingerprint(want))
	}
	if global := registered(t, f, ""); len(global) != 0 {
		t.Errorf("a guild sync registered %d global commands", len(global))
	}

	changed, err = a.SyncCommandsIfChanged(ctx, guild)
	if err != nil || changed {
		t.Fatalf("second sync: changed %v, %v; want nothing to do", changed, err)
	}
	if n := len(f.Records(fakediscord.OfKind(fakediscord.KindCommandsOverwrite))); n != 1 {
		t.Errorf("%d bulk overwrites, want 1", n)
	}

	// An explicit sync overwrites again, to the same result; Options.GuildID
	// is the scope when none is given.
	inGuild, _ := newAdapter(t, testBot(t), f, func(o *Options) { o.GuildID = guild })
	if err := inGuild.SyncCommands(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Records(fakediscord.OfKind(fakediscord.KindCommandsOverwrite))); n != 2 {
		t.Errorf("%d bulk overwrites, want 2", n)
	}
	if again := registered(t, f, guild); Fingerprint(again) != Fingerprint(want) {
		t.Error("a second overwrite changed the commands")
	}

	// Another registry makes the fingerprint differ.
	other, _ := newAdapter(t, bareBot(t, bot.Command{Name: "extra", Description: "One more",
		Run: func(context.Context, bot.Request) (bot.Reply, error) { return bot.Reply{}, nil }}), f, nil)
	if changed, err := other.SyncCommandsIfChanged(ctx, guild); err != nil || !changed {
		t.Fatalf("after a registry change: changed %v, %v", changed, err)
	}
	if err := other.SyncCommands(ctx, ""); err != nil { // no Options.GuildID: globally
		t.Fatal(err)
	}
	otherWant, err := other.Commands()
	if err != nil {
		t.Fatal(err)
	}
	if global := registered(t, f, ""); Fingerprint(global) != Fingerprint(otherWant) {
		t.Errorf("global sync registered %d commands, want %d", len(global), len(otherWant))
	}
}

// registered returns the commands the fake has registered in a guild ("": globally).
func registered(t *testing.T, f *fakediscord.Server, guildID string) []*discordgo.ApplicationCommand {
	t.Helper()
	cmds, err := f.Commands(guildID)
	if err != nil {
		t.Fatal(err)
	}
	return cmds
}

func TestSyncCommandsNeedsAppAndToken(t *testing.T) {
	f := startFake(t, fakediscord.Options{})
	for _, adjust := range []func(*Options){
		func(o *Options) { o.AppID = "" },
		func(o *Options) { o.Token = "" },
	} {
		a, _ := newAdapter(t, bareBot(t), f, adjust)
		if err := a.SyncCommands(context.Background(), ""); err == nil {
			t.Error("want an error")
		}
	}
	a, _ := newAdapter(t, bareBot(t), f, func(o *Options) { o.Token = "wrong" })
	if err := a.SyncCommands(context.Background(), ""); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("a wrong token: %v", err)
	}
}

// TestPageOptionIsAnInteger: Discord asks for a page as a number from 1.
func TestPageOptionIsAnInteger(t *testing.T) {
	cmds, err := CommandSchema(testBot(t).Commands())
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, c := range cmds {
		for _, o := range c.Options {
			if o.Name != "page" {
				continue
			}
			pages++
			if o.Type != discordgo.ApplicationCommandOptionInteger || o.MinValue == nil || *o.MinValue != 1 {
				t.Errorf("/%s page: type %v, min %v; want an integer from 1", c.Name, o.Type, o.MinValue)
			}
		}
	}
	if pages == 0 {
		t.Fatal("no command has a page option")
	}
}

// TestHiddenOptionReachesTheCoreByButton: an option left out of the
// slash-command schema (Hidden) still reaches the core from a button
// whose command sets it, in both modes: the custom_id carries the command
// line and the core parses it, not Discord.
func TestHiddenOptionReachesTheCoreByButton(t *testing.T) {
	step := bot.Command{Name: "step", Description: "A command with form-step options",
		Options: []bot.Option{
			{Name: "name", Description: "Typed by people"},
			{Name: "draft", Description: "Set by the buttons", Integer: true, Hidden: true},
			{Name: "open", Description: "Set by the buttons", Integer: true, Hidden: true},
		},
		Run: func(_ context.Context, req bot.Request) (bot.Reply, error) {
			return bot.Reply{Cards: []bot.Card{{Title: "echo", Text: echoText(req)}}}, nil
		}}
	b := bareBot(t, step)
	schema, err := CommandSchema(b.Commands())
	if err != nil {
		t.Fatal(err)
	}
	var registered []string
	for _, c := range schema {
		if c.Name == "step" {
			for _, o := range c.Options {
				registered = append(registered, o.Name)
			}
		}
	}
	if got := strings.Join(registered, ","); got != "name" {
		t.Errorf("/step registered with options %q, want only name", got)
	}
	id, err := encodeCustomID("/step draft:3 open:2")
	if err != nil {
		t.Fatal(err)
	}
	for mode, e := range bothModes(t, b, nil) {
		t.Run(mode, func(t *testing.T) {
			_, rec := e.first(t, fakediscord.Click(id, withButton(e.fake, id)))
			got := allText(rec.Data)
			for _, want := range []string{"draft=3", "open=2"} {
				if !strings.Contains(got, want) {
					t.Errorf("the core did not get %s from the button: %s", want, got)
				}
			}
		})
	}
}
