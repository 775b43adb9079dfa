package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	discordadapter "github.com/stancebot/stancebot/adapters/discord"
	"github.com/stancebot/stancebot/bot"
)

func init() {
	subcommands["discord"] = subcommand{
		summary:  "register the Discord slash commands, generated from the command registry",
		synopsis: []string{"discord sync [--guild ID | --global] [--print] [--config FILE] [--data DIR]"},
		args:     []argHelp{{"sync", "the action: replace the application's commands with the registry's (one bulk overwrite)"}},
		examples: []string{"DISCORD_TOKEN=... DISCORD_APP_ID=... stancebot discord sync --guild 123456789012345678", "stancebot discord sync --print"},
		run:      runDiscord,
	}
}

const discordUsage = "stancebot discord sync [--guild ID | --global] [--print] [--config FILE] [--data DIR]"

// runDiscord runs `stancebot discord sync`: it registers the application
// commands generated from the command registry (digests included) with one
// bulk overwrite, in a guild (development) or globally. The bot token and
// the application id come from the environment (DISCORD_TOKEN,
// DISCORD_APP_ID, or the variables the configuration names). --print only
// prints the commands as JSON, needing neither.
func runDiscord(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) (err error) {
	fs := newFlagSet("discord")
	path, data := configFlags(fs)
	guild := fs.String("guild", "", "register in this guild `ID` only (default: [discord] guild_id; none: globally)")
	global := fs.Bool("global", false, "register globally even when [discord] guild_id is set")
	printOnly := fs.Bool("print", false, "print the commands as JSON instead of registering them")
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "sync" {
		return fmt.Errorf("%w: %s", errUsage, discordUsage)
	}
	if *global && *guild != "" {
		return fmt.Errorf("%w: --guild and --global exclude each other", errUsage)
	}
	cfg, err := configWithData(*path, *data)
	if err != nil {
		return err
	}
	d := sectionOf[*discordadapter.Config](cfg)
	scope := d.GuildID
	if *guild != "" || *global {
		scope = *guild
	}
	// The app serve opens, so that the commands registered are the ones it
	// answers; the limits it adds shape no command.
	opts := configuredApp(cfg, cliLogger(stderr))
	opts.WithoutIndex = true
	a, err := openApp(ctx, opts)
	if err != nil {
		return err
	}
	defer a.closeInto(&err)
	if *printOnly {
		return printDiscordCommands(a.Bot, stdout)
	}
	if !d.Token.IsSet() || d.AppID == "" {
		return fmt.Errorf("%w: registering commands needs the bot token (%s) and the application id (%s) in the environment",
			errUsage, d.TokenEnv, d.AppIDEnv)
	}
	return discordSync(ctx, a.Bot, discordadapter.Options{
		Token: d.Token.Value(), AppID: d.AppID, Logger: cliLogger(stderr),
	}, scope, stdout)
}

// discordSync registers b's commands with one bulk overwrite and says what it did.
func discordSync(ctx context.Context, b *bot.Bot, opts discordadapter.Options, guildID string, stdout io.Writer) error {
	ad, err := discordadapter.New(b, opts)
	if err != nil {
		return fmt.Errorf("discord sync: %w", err)
	}
	cmds, err := ad.Commands()
	if err != nil {
		return fmt.Errorf("discord sync: %w", err)
	}
	if err := ad.SyncCommands(ctx, guildID); err != nil {
		return fmt.Errorf("discord sync: %w", err)
	}
	where := "globally (they can take up to an hour to appear everywhere)"
	if guildID != "" {
		where = "in guild " + guildID
	}
	_, err = fmt.Fprintf(stdout, "registered %d commands %s; fingerprint %s\n", len(cmds), where, discordadapter.Fingerprint(cmds))
	return err
}

// printDiscordCommands writes the application commands as JSON.
func printDiscordCommands(b *bot.Bot, stdout io.Writer) error {
	cmds, err := discordadapter.CommandSchema(b.Commands())
	if err != nil {
		return err
	}
	out, err := json.MarshalIndent(cmds, "", "  ")
	if err != nil {
		return fmt.Errorf("encode commands: %w", err)
	}
	if _, err := fmt.Fprintf(stdout, "%s\n", out); err != nil {
		return fmt.Errorf("write commands: %w", err)
	}
	return nil
}
