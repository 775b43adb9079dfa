package slack

import "unicode/utf8"

// Slack's Block Kit limits that rendering keeps to.
const (
	maxBlocks          = 50   // blocks per message
	maxSectionText     = 3000 // characters of a section's text
	maxHeaderText      = 150  // characters of a header
	maxFields          = 10   // fields per section
	maxFieldText       = 2000 // characters of one section field
	maxContextElements = 10   // elements of a context block
	maxButtons         = 25   // elements of an actions block
	maxButtonText      = 75   // characters of a button label
	maxButtonValue     = 2000 // characters of a button's value: the command it runs
	maxFallbackText    = 3000 // characters of data in a message's fallback text
	// maxMessageChars bounds the text of one message so that it stays
	// readable and its JSON fits a Socket Mode acknowledgement (20 KB).
	maxMessageChars = 12000
)

// runeLen is the length Slack counts for its text limits.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
