package bot

import "context"

// HandlerFunc answers one command.
type HandlerFunc func(ctx context.Context, req Request) (Reply, error)

// Command is one entry of the command registry. /help, the Discord command
// schema and the Slack manifest are all generated from the registry.
type Command struct {
	Name        string // without the slash: "whoendorses"
	Description string // one line, at most 100 characters (Discord's limit)
	Options     []Option
	Examples    []string // full command lines: "/whoendorses open weights"
	// Help is what /help <command> says beyond Description: how the
	// command works, what it needs, what happens next; "" for nothing more.
	Help string
	// ManageOnly commands change channel settings and need CanManageChannel.
	ManageOnly bool
	// Manages reports whether a request of a command that is not
	// ManageOnly changes channel settings, and so reads CanManageChannel
	// (nil: never). An adapter whose permission check costs a call asks only then.
	Manages func(Request) bool
	Run     HandlerFunc
}

// Option is one option of a command.
type Option struct {
	Name        string
	Description string // at most 100 characters
	Required    bool
	// Rest marks the option that takes the rest of a text command line
	// (at most one per command, and the last positional one).
	Rest bool
	// Positional options can be given without "name:" on a text command line,
	// in the order they are declared.
	Positional bool
	// Autocomplete names what the option completes from: "strategy" or "person".
	Autocomplete string
	Choices      []string // allowed values, when fixed
	MaxLength    int      // longest accepted value in bytes
	// Integer marks a whole number from 1 (a page): platforms with typed
	// options ask for a number.
	Integer bool
	// Placeholder names the value in a synopsis ("N": [page:N]); "" shows <value>.
	Placeholder string
	// FieldError marks a form field's option whose handler answers a bad
	// value with that field's error (Reply.Invalid): a value over the
	// length limit does not refuse the command; it is left out, and the
	// handler reads why with Request.TooLong.
	FieldError bool
	// Needed marks an option the command needs but asks for itself (its
	// form, or its field's error) rather than the registry refusing its
	// absence: help shows it as needed.
	Needed bool
	// Hidden marks an option the bot's own forms and buttons set (a
	// form's number): synopses, help and the platforms' command schemas
	// (Discord's slash-command options, Slack's usage hints) leave it out;
	// it reaches the core in the command lines those buttons and forms
	// carry.
	Hidden bool
}

// Autocomplete kinds.
const (
	CompleteStrategy = "strategy"
	CompletePerson   = "person"
)

// Choice is one autocomplete suggestion: a label to show and the value sent back.
type Choice struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}
