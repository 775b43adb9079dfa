package discord

import (
	"fmt"
	"strings"
)

// actionRoom is the longest command a button's custom_id carries.
const actionRoom = maxCustomID - len(customIDPrefix)

// customIDPrefix marks the buttons of this bot: the rest of the custom_id is
// the command line to run, so a click needs no server-side state and works
// long after the message's interaction token has expired.
const customIDPrefix = "sb:"

// formIDPrefix marks a button opening a form the adapter keeps (Adapter.forms),
// and a modal whose command is kept there: the rest is the form's key.
const formIDPrefix = "sbf:"

// encodeCustomID returns the custom_id of a button running command.
func encodeCustomID(command string) (string, error) {
	id := customIDPrefix + command
	if len(id) > maxCustomID {
		return "", fmt.Errorf("button command %q: %d bytes, longer than a custom_id allows", command, len(command))
	}
	return id, nil
}

// decodeCustomID returns the command line carried by one of our buttons.
func decodeCustomID(id string) (string, bool) {
	cmd, ok := strings.CutPrefix(id, customIDPrefix)
	return cmd, ok && strings.TrimSpace(cmd) != ""
}
