package bot

// Platform names an adapter.
type Platform string

// Platforms.
const (
	PlatformConsole Platform = "console"
	PlatformDiscord Platform = "discord"
	PlatformSlack   Platform = "slack"
)

// Name is the platform's name as people write it ("Discord").
func (p Platform) Name() string {
	switch p {
	case PlatformDiscord:
		return "Discord"
	case PlatformSlack:
		return "Slack"
	}
	return string(p)
}

// Request is one command from a user, as an adapter hands it to the core.
type Request struct {
	Platform Platform
	// Command is the command's name without the slash ("whoendorses").
	Command string
	// Options holds the command's options by name, as given. Adapters with
	// structured options (Discord) fill it directly; text-based ones
	// (console, Slack) use ParseCommandLine.
	Options map[string]string
	// Where it was asked and by whom, as the platform's native ids.
	UserID    string
	ChannelID string
	ThreadID  string // "" when not in a thread
	// CanManageChannel is set by the adapter from the platform's permissions
	// (Discord: Manage Channels; Slack: admin or configured list; console: true).
	CanManageChannel bool
	// ActionRoom is the longest Action.Command, in bytes, that the
	// platform can carry in a button (Discord: a custom_id); 0 for no limit.
	// Buttons whose command would not fit are left out.
	ActionRoom int
	// FormFields is the most fields a Form can have on the platform
	// (Discord: 5 text inputs); 0 when the platform opens no forms.
	FormFields int

	// tooLong says, by option, why a FieldError option's value was left
	// out: it was over the length limit (set by the registry).
	tooLong map[string]string
}

// Option returns the value of the named option, "" when not given.
func (r Request) Option(name string) string { return r.Options[name] }

// TooLong says why the value of the named FieldError option was left out
// for being over the length limit; "" when it was not.
func (r Request) TooLong(name string) string { return r.tooLong[name] }
