package bot

import (
	"fmt"
	"sort"
	"unicode"
	"unicode/utf8"
)

// Visibility says who sees a reply.
type Visibility int

// Visibilities.
const (
	// Public replies are posted in the channel or thread where the command was used.
	Public Visibility = iota
	// Ephemeral replies are shown only to the user who asked (help, errors, cooldowns).
	Ephemeral
)

var visibilityNames = [...]string{Public: "public", Ephemeral: "ephemeral"}

// String returns "public" or "ephemeral".
func (v Visibility) String() string {
	if int(v) < len(visibilityNames) && v >= 0 {
		return visibilityNames[v]
	}
	return fmt.Sprintf("Visibility(%d)", int(v))
}

// MarshalText writes the visibility by name, so JSON replies read "public".
func (v Visibility) MarshalText() ([]byte, error) {
	if int(v) >= len(visibilityNames) || v < 0 {
		return nil, fmt.Errorf("marshal visibility: unknown value %d", int(v))
	}
	return []byte(visibilityNames[v]), nil
}

// UnmarshalText reads a visibility by name.
func (v *Visibility) UnmarshalText(b []byte) error {
	for i, n := range visibilityNames {
		if string(b) == n {
			*v = Visibility(i)
			return nil
		}
	}
	return fmt.Errorf("unmarshal visibility: unknown value %q", b)
}

// Reply is what the core answers: one or more cards, platform-neutral. Text in
// a Reply is plain text; adapters escape it for their markup and render
// emphasis only from Span highlights.
type Reply struct {
	Visibility Visibility `json:"visibility"`
	Cards      []Card     `json:"cards"`
	// Page and Pages describe pagination of a long answer (1-based); Pages is 0
	// when the reply is not paginated.
	Page  int `json:"page,omitempty"`
	Pages int `json:"pages,omitempty"`
	// Actions are the reply's buttons: pagination, "more quotes".
	Actions []Action `json:"actions,omitempty"`
	// Error is set (with the code of a *Error) when the reply reports a failure.
	Error string `json:"error,omitempty"`
	// Stats are the numbers of a /whoendorses strategy card (docs/json.md).
	Stats *StrategyStats `json:"stats,omitempty"`
	// Form, when set, is to be opened for the user (a modal) instead of
	// posting the cards; only sent to platforms with Request.FormFields > 0.
	Form *Form `json:"form,omitempty"`
	// Invalid lists what is wrong with each field of a refused submission
	// (Error is then "invalid"), in the form's order.
	Invalid []FieldError `json:"invalid,omitempty"`
	// Resubmit, with Invalid, is the command a corrected submission of the
	// refused form goes to when it is not the form's own Command: the core
	// kept what was submitted (a draft). A platform that keeps the refused
	// form open beside its errors (Slack) sends its next submission there.
	Resubmit string `json:"resubmit,omitempty"`
	// Notices are messages for other users that come with this reply, to
	// be sent by the same platform.
	Notices []Notice `json:"notices,omitempty"`
}

// Card is one block of an answer: a strategy card, a person card, a quote card,
// a help card. Every part is optional but the title.
type Card struct {
	Title    string       `json:"title"`
	Subtitle string       `json:"subtitle,omitempty"`
	URL      string       `json:"url,omitempty"`
	Text     string       `json:"text,omitempty"`
	Fields   []Field      `json:"fields,omitempty"`
	Grid     *TierGrid    `json:"grid,omitempty"`
	Quotes   []QuoteBlock `json:"quotes,omitempty"`
	Footer   string       `json:"footer,omitempty"`
	// Item marks a card that is one entry of a list (a person on a
	// strategy's record): adapters lay a run of items out as one list.
	Item bool `json:"item,omitempty"`
}

// Field is a named value on a card ("Stated endorsers": "38").
type Field struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// QuoteBlock is a quote card: a person's words with their full citation.
// Renderers must show Fidelity and must put Text in quotation marks only when
// Fidelity.IsDirect().
type QuoteBlock struct {
	QuoteID    string     `json:"quote_id"`
	PersonID   string     `json:"person_id"`
	Speaker    string     `json:"speaker"`
	Role       string     `json:"role,omitempty"`
	Stance     StanceKind `json:"stance,omitempty"`
	StrategyID string     `json:"strategy_id,omitempty"`
	Strategy   string     `json:"strategy,omitempty"`
	Summary    string     `json:"summary,omitempty"` // the stance's one-line summary
	Text       string     `json:"text"`
	Highlights []Span     `json:"highlights,omitempty"` // byte ranges of Text to emphasise; none in a direct quote (see Matches)
	Fidelity   Fidelity   `json:"fidelity"`
	Source     Source     `json:"source"`
	Context    string     `json:"context,omitempty"`
	// Note flags what the reader must know, one line each: a chat message
	// that misquotes this quote, values given at import rather than read
	// from the source, the quote's verification status.
	Note string `json:"note,omitempty"`

	// Matches are the byte ranges of Text that matched a search, for
	// scripts; never rendered as emphasis. Inside quotation marks the text
	// is exactly as recorded, so a direct quote has Matches but no Highlights.
	Matches []Span `json:"matches,omitempty"`
	// Verification is a moderator's judgement of the quote (see Note).
	Verification Verification `json:"verification,omitempty"`
	// Supplied names the values given at import, not read from the source
	// ("stance", "date").
	Supplied []string `json:"supplied,omitempty"`
}

// Span is a half-open byte range [Start, End) of a text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// TierGrid is the expertise x recognition grid of a strategy's profiled people.
type TierGrid struct {
	Rows  []Expertise   `json:"rows"`
	Cols  []Recognition `json:"cols"`
	Cells [][][]Face    `json:"cells"` // Cells[row][col]
	// Unnamed[row][col] counts the people a source places in a cell
	// without naming them; nil when there are none.
	Unnamed [][]int `json:"unnamed,omitempty"`
}

// Face is one profiled person in a grid cell.
type Face struct {
	PersonID string `json:"person_id"`
	Name     string `json:"name"`
	Opposer  bool   `json:"opposer,omitempty"`
}

// Action is a button. Command is a command line the core understands
// ("/whoendorses open-source page:2"); adapters carry it in the button's id
// (it is at most Request.ActionRoom bytes) and run it when clicked.
type Action struct {
	Label   string `json:"label"`
	Command string `json:"command"`
}

// fits reports whether an action's command fits room bytes (0: no limit).
func fits(command string, room int) bool { return room <= 0 || len(command) <= room }

// addAction adds the button running command when it fits room, and
// reports whether it did.
func (r *Reply) addAction(label, command string, room int) bool {
	a := fittingAction(label, command, room)
	r.Actions = append(r.Actions, a...)
	return a != nil
}

// fittingAction is the button running command, alone, when the command
// fits room; nil when it does not (the button is left out).
func fittingAction(label, command string, room int) []Action {
	if !fits(command, room) {
		return nil
	}
	return []Action{{Label: label, Command: command}}
}

// NormalizeSpans is the one rule for highlight spans: clamped to text, ends
// moved inward to rune boundaries, white space trimmed off their edges,
// empty ones dropped, the rest sorted and merged where they overlap or touch.
func NormalizeSpans(text string, spans []Span) []Span {
	var out []Span
	for _, s := range spans {
		start, end := max(0, s.Start), min(len(text), s.End)
		for start < end && !utf8.RuneStart(text[start]) {
			start++
		}
		for end < len(text) && end > start && !utf8.RuneStart(text[end]) {
			end--
		}
		for start < end && unicode.IsSpace(rune(text[start])) {
			start++
		}
		for end > start && unicode.IsSpace(rune(text[end-1])) {
			end--
		}
		if start < end {
			out = append(out, Span{Start: start, End: end})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && s.Start <= merged[n-1].End {
			merged[n-1].End = max(merged[n-1].End, s.End)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}
