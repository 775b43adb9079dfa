package bot

// Form is a form the platform opens for the user who asked: a Discord or
// Slack modal. Platforms that open no forms (the console; Request.FormFields
// is 0) are never sent one: the core asks for the values as the command's
// options instead.
type Form struct {
	// Command is the command line the filled-in form is sent to, the
	// fields' values added as its options by name ("/propose draft:7" +
	// text:... url:...). It is at most Request.ActionRoom bytes, so an
	// adapter carries it in the modal's id as it does a button's command.
	Command string `json:"command"`
	// Title is the form's heading, at most MaxFormTitle runes.
	Title  string      `json:"title"`
	Fields []FormField `json:"fields"`
}

// FormField is one input of a Form.
type FormField struct {
	// Name is the option the value is sent as.
	Name  string `json:"name"`
	Label string `json:"label"` // at most MaxFormLabel runes
	// Long asks for a paragraph rather than one line.
	Long     bool `json:"long,omitempty"`
	Required bool `json:"required,omitempty"`
	// Value pre-fills the input (a message's text, a value given before).
	Value string `json:"value,omitempty"`
	// Placeholder is the hint shown in an empty input.
	Placeholder string `json:"placeholder,omitempty"`
	MaxLength   int    `json:"max_length,omitempty"` // in runes; 0: the platform's limit
	// Choices are the allowed values, when fixed: a platform with selects
	// may show one; others take the text and the core checks it.
	Choices []string `json:"choices,omitempty"`
}

// FieldError is what is wrong with one field of a submitted form or one
// option of a command: platforms with a form error display (Slack's
// response_action "errors") show it beside the input, others list it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Limits of a form every platform can show (Discord's modal limits).
const (
	MaxFormTitle = 45
	MaxFormLabel = 45
)

// Notice is a message to one user other than the one who asked (a
// proposer told a moderator's decision). The adapter sends it privately
// where the platform allows (Discord: a direct message; Slack: an
// ephemeral message in ChannelID, else a direct message).
type Notice struct {
	UserID    string `json:"user_id"`
	ChannelID string `json:"channel_id,omitempty"` // where the user asked, when known
	Text      string `json:"text"`                 // plain text, one or a few lines
}
