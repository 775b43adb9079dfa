package discord

import "time"

// How many forms the adapter keeps (Adapter.forms), and for how long: those
// behind buttons (their values do not fit a custom_id), those whose command
// does not fit a modal's custom_id, and those opened as modals, to re-open
// one whose submission was refused. A button or a submission whose form is
// no longer kept says so.
const (
	formsKept    = 2000
	formLifetime = 2 * time.Hour
)
