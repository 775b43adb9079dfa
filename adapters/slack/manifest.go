package slack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/bot"
)

// ManifestOptions configures the generated Slack app manifest.
type ManifestOptions struct {
	Name        string // the app's and bot user's name; default "stancebot"
	Description string // one line shown in Slack; a default describes the bot
	// PublicURL is the https base URL where Handler is mounted, for HTTP
	// mode ("https://bot.example.org"); empty means Socket Mode.
	PublicURL string
}

// commandName is what Slack accepts as a slash command name.
var commandName = regexp.MustCompile(`^[a-z0-9_-]{1,31}$`)

// Manifest returns the Slack app manifest (JSON) for b: a slash command per
// registered command, the "Find sources" and "Propose as a position"
// message shortcuts, the events and scopes the adapter uses,
// interactivity, and Socket Mode or the request URLs of HTTP mode.
func Manifest(b *bot.Bot, opts ManifestOptions) ([]byte, error) {
	if opts.Name == "" {
		opts.Name = "stancebot"
	}
	if opts.Description == "" {
		opts.Description = "Who holds which AGI strategy position, in their own sourced words."
	}
	base := ""
	if opts.PublicURL != "" {
		u, err := url.Parse(opts.PublicURL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return nil, fmt.Errorf("slack manifest: public URL %q: Slack needs an absolute https URL", opts.PublicURL)
		}
		base = strings.TrimSuffix(u.String(), "/")
	}
	m := slackapi.Manifest{
		Metadata: slackapi.ManifestMetadata{MajorVersion: 1, MinorVersion: 1},
		Display:  slackapi.Display{Name: opts.Name, Description: opts.Description, BackgroundColor: "#1d3557"},
		Features: slackapi.Features{
			BotUser: slackapi.BotUser{DisplayName: opts.Name, AlwaysOnline: true},
			AppHome: slackapi.AppHome{MessagesTabEnabled: true},
			Shortcuts: []slackapi.Shortcut{{
				Name: "Find sources", Type: slackapi.MessageShortcut, CallbackID: shortcutFindSources,
				Description: "Quote cards with full citations for what this message says",
			}, {
				Name: "Propose as a position", Type: slackapi.MessageShortcut, CallbackID: shortcutPropose,
				Description: "A form pre-filled from this message, to record who said what, with the source",
			}},
		},
		OAuthConfig: slackapi.OAuthConfig{Scopes: slackapi.OAuthScopes{Bot: []string{
			"app_mentions:read", // @stancebot quote ... in channels and threads
			"channels:history",  // a retried digest post is looked for before it is made again
			"chat:write",        // answers, digests
			"chat:write.public", // answers in public channels the bot was not added to
			"commands",          // slash commands and the message shortcut
			"groups:history",    // the same in private channels
			"files:write",       // the tier grid picture, into the thread of its card
			"im:history",        // commands sent to the bot in a direct message
			"im:write",          // notices to a user, as a direct message (conversations.open)
			"users:read",        // is_admin, for channel settings
		}}},
		Settings: slackapi.Settings{
			EventSubscriptions: &slackapi.EventSubscriptions{BotEvents: []string{"app_mention", "message.im"}},
			Interactivity:      &slackapi.Interactivity{IsEnabled: true},
			SocketModeEnabled:  base == "",
		},
	}
	for _, c := range b.Commands() {
		if !commandName.MatchString(c.Name) {
			return nil, fmt.Errorf("slack manifest: command %q is not a valid Slack command name", c.Name)
		}
		sc := slackapi.ManifestSlashCommand{
			Command:     "/" + c.Name,
			Description: c.Description,
			UsageHint:   strings.TrimSpace(strings.TrimPrefix(bot.Usage(c), "/"+c.Name)),
		}
		if base != "" {
			sc.Url = base + PathCommands
		}
		m.Features.SlashCommands = append(m.Features.SlashCommands, sc)
	}
	if base != "" {
		m.Settings.EventSubscriptions.RequestUrl = base + PathEvents
		m.Settings.Interactivity.RequestUrl = base + PathInteractivity
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("slack manifest: %w", err)
	}
	return out.Bytes(), nil
}
