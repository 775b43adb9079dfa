package slack

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/stancebot/stancebot/bot"
)

// Slack's limits of a modal view that forms keep to.
const (
	maxViewTitle       = 24   // title, submit and close texts
	maxPrivateMetadata = 3000 // characters of a view's private_metadata
	maxInputLabel      = 2000 // label and hint of an input block
	maxPlaceholder     = 150
	maxInputLength     = 3000 // the longest max_length of a plain_text_input
	maxSelectOptions   = 100
	maxOptionText      = 75 // an option's text; its value (the same) may have 150
)

// maxFormFields is Request.FormFields on Slack: the inputs of one modal. A
// modal holds 100 blocks, but a form longer than a dozen inputs no longer
// reads as one; twelve take the core's richest form (eleven fields) in one
// modal, and keep a modal well inside Slack's 250 KB even when every input
// is pre-filled with 3,000 characters.
const maxFormFields = 12

// formCallback is the callback_id of every modal the adapter opens.
const formCallback = "stancebot_form"

// formAction is the action_id of every form input; its block_id is the
// field's name.
const formAction = "value"

// formMeta is what a form's modal carries in its private_metadata: the
// command its values go to, and where the answer is posted.
type formMeta struct {
	Command string `json:"c"`
	Channel string `json:"ch,omitempty"`
	Thread  string `json:"th,omitempty"`
}

// encodeMeta writes the metadata of a modal, failing when it does not fit
// Slack's private_metadata.
func encodeMeta(m formMeta) (string, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("encode form metadata: %w", err)
	}
	if runeLen(string(b)) > maxPrivateMetadata {
		return "", fmt.Errorf("encode form metadata: %d characters, more than Slack's %d", runeLen(string(b)), maxPrivateMetadata)
	}
	return string(b), nil
}

// decodeMeta reads the metadata of a submitted modal.
func decodeMeta(s string) (formMeta, error) {
	var m formMeta
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return formMeta{}, fmt.Errorf("decode form metadata: %w", err)
	}
	if strings.TrimSpace(m.Command) == "" {
		return formMeta{}, errors.New("decode form metadata: no command")
	}
	return m, nil
}

// modalView renders a form as a modal view: an input block for each field
// (a static_select for a field with a few short choices), the title in the
// modal's header when it fits and in a section above the inputs when not.
func modalView(f bot.Form, meta formMeta) (slackapi.ModalViewRequest, error) {
	pm, err := encodeMeta(meta)
	if err != nil {
		return slackapi.ModalViewRequest{}, err
	}
	title := bot.OneLine(f.Title)
	if title == "" {
		title = "stancebot"
	}
	var blocks []slackapi.Block
	if runeLen(title) > maxViewTitle {
		blocks = append(blocks, slackapi.NewSectionBlock(plainText(title), nil, nil))
	}
	for _, fld := range f.Fields {
		blocks = append(blocks, inputBlock(fld))
	}
	return slackapi.ModalViewRequest{
		Type:            slackapi.VTModal,
		Title:           plainText(clipWords(title, maxViewTitle)),
		Submit:          plainText("Submit"),
		Close:           plainText("Cancel"),
		Blocks:          slackapi.Blocks{BlockSet: blocks},
		PrivateMetadata: pm,
		CallbackID:      formCallback,
	}, nil
}

func plainText(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.PlainTextType, s, false, false)
}

// inputBlock renders one field.
func inputBlock(f bot.FormField) *slackapi.InputBlock {
	label := bot.OneLine(f.Label)
	if label == "" {
		label = f.Name
	}
	var el slackapi.BlockElement
	var hint *slackapi.TextBlockObject
	if sel := selectElement(f); sel != nil {
		el = sel
	} else {
		max := maxInputLength
		if f.MaxLength > 0 && f.MaxLength < max {
			max = f.MaxLength
		}
		in := &slackapi.PlainTextInputBlockElement{
			Type: slackapi.METPlainTextInput, ActionID: formAction, Multiline: f.Long, MaxLength: max,
			InitialValue: f.Value,
		}
		if n := runeLen(f.Value); n > max {
			// A pre-filled value longer than the input takes could not
			// be submitted as it is (and Slack may refuse the view): the
			// input gets what fits, and says it was shortened.
			in.InitialValue = bot.Clip(f.Value, max)
			hint = plainText(fmt.Sprintf("Shortened to fit: the text was %d characters, this field takes %d.", n, max))
		}
		if p := bot.OneLine(f.Placeholder); p != "" {
			in.Placeholder = plainText(bot.Clip(p, maxPlaceholder))
		}
		el = in
	}
	b := slackapi.NewInputBlock(f.Name, plainText(bot.Clip(label, maxInputLabel)), hint, el)
	b.Optional = !f.Required
	return b
}

// selectElement renders a field with choices as a static_select, or
// returns nil when a text input suits it better: too many choices, one
// too long for an option, or a pre-filled value that is none of them (it
// would be lost).
func selectElement(f bot.FormField) *slackapi.SelectBlockElement {
	if len(f.Choices) == 0 || len(f.Choices) > maxSelectOptions {
		return nil
	}
	sel := &slackapi.SelectBlockElement{Type: slackapi.OptTypeStatic, ActionID: formAction}
	for _, c := range f.Choices {
		if c == "" || runeLen(c) > maxOptionText {
			return nil
		}
		o := slackapi.NewOptionBlockObject(c, plainText(c), nil)
		sel.Options = append(sel.Options, o)
		if strings.EqualFold(c, f.Value) {
			sel.InitialOption = o
		}
	}
	if f.Value != "" && sel.InitialOption == nil {
		return nil
	}
	if p := bot.OneLine(f.Placeholder); p != "" {
		sel.Placeholder = plainText(bot.Clip(p, maxPlaceholder))
	}
	return sel
}

// clipWords shortens s to at most n runes at a word boundary where there
// is one in its second half, ending it with "…".
func clipWords(s string, n int) string {
	if runeLen(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	if i := strings.LastIndexByte(string(r), ' '); i > 0 && utf8.RuneCountInString(string(r)[:i]) >= n/2 {
		return strings.TrimRight(string(r)[:i], " ,;:-") + "…"
	}
	return string(r) + "…"
}

// formValues reads the submitted values of a form's modal by field name.
// An input left empty is sent as "", so that it replaces what the form's
// command said before.
func formValues(st *slackapi.ViewState) map[string]string {
	out := map[string]string{}
	if st == nil {
		return out
	}
	for block, actions := range st.Values {
		a, ok := actions[formAction]
		if !ok {
			continue
		}
		switch a.Type {
		case slackapi.ActionType(slackapi.OptTypeStatic):
			out[block] = a.SelectedOption.Value
		default:
			out[block] = a.Value
		}
	}
	return out
}

// fieldErrors maps a refused submission's errors onto the modal's input
// blocks (the field names in blocks), for response_action "errors". An
// error about a field the modal does not show, or about the whole
// submission (a reply with an error but no Invalid), goes to the first
// input, naming the field; ok is false when the modal has no input.
func fieldErrors(r bot.Reply, blocks []slackapi.Block) (map[string]string, bool) {
	shown := map[string]bool{}
	first := ""
	for _, b := range blocks {
		if in, ok := b.(*slackapi.InputBlock); ok {
			shown[in.BlockID] = true
			if first == "" {
				first = in.BlockID
			}
		}
	}
	if first == "" {
		return nil, false
	}
	errs := map[string]string{}
	add := func(block, msg string) {
		if prev, ok := errs[block]; ok {
			msg = prev + " " + msg
		}
		errs[block] = bot.Clip(msg, maxInputLabel)
	}
	for _, fe := range r.Invalid {
		msg := bot.OneLine(fe.Message)
		if msg == "" {
			msg = "This value is not accepted."
		}
		switch {
		case shown[fe.Field]:
			add(fe.Field, msg)
		case fe.Field == "":
			add(first, msg)
		default:
			add(first, fe.Field+": "+msg)
		}
	}
	if len(errs) == 0 {
		msg := "This form could not be sent."
		if len(r.Cards) > 0 {
			msg = bot.OneLine(r.Cards[0].Title)
		}
		add(first, msg)
	}
	return errs, true
}
