package discord

import (
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's message limits, in characters (code points).
const (
	maxContent       = 2000
	maxTitle         = 256
	maxDescription   = 4096
	maxFields        = 25
	maxFieldName     = 256
	maxFieldValue    = 1024
	maxFooter        = 2048
	maxEmbedsTotal   = 6000 // across all embeds of one message
	maxEmbeds        = 10
	maxRows          = 5
	maxButtonsPerRow = 5
	maxLabel         = 80
	maxCustomID      = 100 // bytes
	maxChoices       = 25
	maxChoiceName    = 100
	maxChoiceValue   = 100
	// A modal: its title and its text inputs' labels (bot.MaxFormTitle,
	// bot.MaxFormLabel), placeholders and lengths.
	maxModalTitle  = 45
	maxModalInputs = 5
	maxInputLabel  = 45
	maxInputHint   = 100
	maxInputLength = 4000
)

// runes counts characters as Discord does.
func runes(s string) int { return utf8.RuneCountInString(s) }

// embedSize is what an embed counts against the 6000 characters of a message.
func embedSize(e *discordgo.MessageEmbed) int {
	n := runes(e.Title) + runes(e.Description)
	for _, f := range e.Fields {
		n += runes(f.Name) + runes(f.Value)
	}
	if e.Footer != nil {
		n += runes(e.Footer.Text)
	}
	if e.Author != nil {
		n += runes(e.Author.Name)
	}
	return n
}
