package discord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"

	"github.com/bwmarrin/discordgo"
	"github.com/stancebot/stancebot/bot"
)

// commandName is what Discord accepts as a slash command or option name.
var commandName = regexp.MustCompile(`^[-_\p{Ll}\p{N}]{1,32}$`)

// CommandSchema returns the application commands for a command registry:
// one slash command per command, with its options (required ones first,
// as Discord requires), choices and autocomplete flags, plus the message
// context-menu commands "Find sources" and "Propose as a position". Hidden
// options are left out: the bot's own buttons and forms set them in the
// command line their custom_id carries, which the core parses, so nobody
// types them.
func CommandSchema(cmds []bot.Command) ([]*discordgo.ApplicationCommand, error) {
	out := make([]*discordgo.ApplicationCommand, 0, len(cmds)+2)
	for _, c := range cmds {
		if !commandName.MatchString(c.Name) {
			return nil, fmt.Errorf("command %q: not a valid Discord command name", c.Name)
		}
		ac := &discordgo.ApplicationCommand{
			Type:        discordgo.ChatApplicationCommand,
			Name:        c.Name,
			Description: describeOr(c.Description, c.Name),
			Options:     []*discordgo.ApplicationCommandOption{},
		}
		if c.ManageOnly {
			perm := int64(discordgo.PermissionManageChannels)
			ac.DefaultMemberPermissions = &perm
		}
		opts := append([]bot.Option(nil), c.Options...)
		sort.SliceStable(opts, func(i, j int) bool { return opts[i].Required && !opts[j].Required })
		for _, o := range opts {
			if o.Hidden {
				continue
			}
			if !commandName.MatchString(o.Name) {
				return nil, fmt.Errorf("command %s: option %q: not a valid Discord option name", c.Name, o.Name)
			}
			ao := &discordgo.ApplicationCommandOption{
				Type:        discordgo.ApplicationCommandOptionString,
				Name:        o.Name,
				Description: describeOr(o.Description, o.Name),
				Required:    o.Required,
				MaxLength:   o.MaxLength,
			}
			if o.Integer {
				one := 1.0
				ao.Type, ao.MinValue, ao.MaxLength = discordgo.ApplicationCommandOptionInteger, &one, 0
			}
			switch {
			case len(o.Choices) > 0 && len(o.Choices) <= maxChoices:
				for _, ch := range o.Choices {
					ao.Choices = append(ao.Choices, &discordgo.ApplicationCommandOptionChoice{Name: bot.Clip(ch, maxChoiceName), Value: ch})
				}
			case len(o.Choices) > 0 || o.Autocomplete != "":
				// Too many fixed choices to list: the core completes them.
				ao.Autocomplete = true
			}
			ac.Options = append(ac.Options, ao)
		}
		out = append(out, ac)
	}
	for _, name := range []string{FindSourcesCommand, ProposeCommand} {
		out = append(out, &discordgo.ApplicationCommand{Type: discordgo.MessageApplicationCommand, Name: name})
	}
	return out, nil
}

func describeOr(desc, name string) string {
	if desc == "" {
		desc = name
	}
	return bot.Clip(desc, 100)
}

// Commands returns the application commands for the bot's registry.
func (a *Adapter) Commands() ([]*discordgo.ApplicationCommand, error) {
	return CommandSchema(a.bot.Commands())
}

// SyncCommands registers the bot's commands with one bulk overwrite, in a
// guild (development: they appear at once) or globally. guildID "" means
// Options.GuildID, and when that is "" too, globally. Overwriting with the
// same commands changes nothing, so it is idempotent.
func (a *Adapter) SyncCommands(ctx context.Context, guildID string) error {
	guildID, want, err := a.syncTarget(guildID)
	if err != nil {
		return err
	}
	return a.overwrite(ctx, guildID, want)
}

// overwrite registers want in the guild (globally for "") with one bulk overwrite.
func (a *Adapter) overwrite(ctx context.Context, guildID string, want []*discordgo.ApplicationCommand) error {
	err := a.withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := a.session.ApplicationCommandBulkOverwrite(a.opts.AppID, guildID, want, opts...)
		return err
	})
	if err != nil {
		a.apiFailed(ctx, "bulk overwrite commands", err)
		return fmt.Errorf("discord sync commands: %s", describe(err))
	}
	a.log.InfoContext(ctx, "registered commands", "guild", guildID, "commands", len(want), "fingerprint", Fingerprint(want))
	return nil
}

// SyncCommandsIfChanged registers the bot's commands (as SyncCommands) only
// when what Discord has registered differs (by Fingerprint); it reports
// whether it did.
func (a *Adapter) SyncCommandsIfChanged(ctx context.Context, guildID string) (bool, error) {
	guildID, want, err := a.syncTarget(guildID)
	if err != nil {
		return false, err
	}
	var have []*discordgo.ApplicationCommand
	err = a.withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		have, err = a.session.ApplicationCommands(a.opts.AppID, guildID, opts...)
		return err
	})
	if err != nil {
		a.apiFailed(ctx, "list commands", err)
		return false, fmt.Errorf("discord list commands: %s", describe(err))
	}
	if fp := Fingerprint(want); Fingerprint(have) == fp {
		a.log.InfoContext(ctx, "commands up to date", "guild", guildID, "fingerprint", fp)
		return false, nil
	}
	return true, a.overwrite(ctx, guildID, want)
}

// syncTarget returns the guild to sync (Options.GuildID when guildID is
// "") and the commands to register, or why they cannot be registered.
func (a *Adapter) syncTarget(guildID string) (string, []*discordgo.ApplicationCommand, error) {
	if guildID == "" {
		guildID = a.opts.GuildID
	}
	want, err := a.Commands()
	if err != nil {
		return "", nil, fmt.Errorf("discord sync commands: %w", err)
	}
	if a.opts.AppID == "" || a.opts.Token == "" {
		return "", nil, errors.New("discord sync commands: the application id and the bot token are required")
	}
	return guildID, want, nil
}

// Fingerprint summarises application commands as Discord keeps them: names,
// types, descriptions, options, choices, autocomplete flags and default
// permissions, in any order. Ids and versions Discord adds are ignored, so
// the fingerprint of what is registered equals that of what was sent.
func Fingerprint(cmds []*discordgo.ApplicationCommand) string {
	type choice struct{ Name, Value string }
	type option struct {
		Type         discordgo.ApplicationCommandOptionType
		Name, Desc   string
		Required     bool
		Autocomplete bool
		MaxLength    int
		Choices      []choice
	}
	type command struct {
		Type       discordgo.ApplicationCommandType
		Name, Desc string
		Perms      string
		Options    []option
	}
	canon := make([]command, 0, len(cmds))
	for _, c := range cmds {
		k := command{Type: c.Type, Name: c.Name, Desc: c.Description}
		if k.Type == 0 {
			k.Type = discordgo.ChatApplicationCommand
		}
		if c.DefaultMemberPermissions != nil {
			k.Perms = fmt.Sprint(*c.DefaultMemberPermissions)
		}
		for _, o := range c.Options {
			ko := option{Type: o.Type, Name: o.Name, Desc: o.Description, Required: o.Required,
				Autocomplete: o.Autocomplete, MaxLength: o.MaxLength}
			for _, ch := range o.Choices {
				ko.Choices = append(ko.Choices, choice{ch.Name, fmt.Sprint(ch.Value)})
			}
			k.Options = append(k.Options, ko)
		}
		canon = append(canon, k)
	}
	sort.Slice(canon, func(i, j int) bool {
		if canon[i].Type != canon[j].Type {
			return canon[i].Type < canon[j].Type
		}
		return canon[i].Name < canon[j].Name
	})
	b, _ := json.Marshal(canon) // plain structs of strings, numbers and bools: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}
