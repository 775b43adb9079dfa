package bot

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// fieldSpec is one field of a proposal: an option of /propose and an
// input of its form.
type fieldSpec struct {
	name, label, desc, placeholder string
	long, required                 bool
	max                            int // in runes
	choices                        []string
}

// Limits of a proposal's fields, in runes.
const (
	maxProposalText    = 1000
	maxProposalContext = 300
	maxProposalTitle   = 200
	maxProposalURL     = 500
)

// proposalSpecs are the fields of a proposal, in form order (ProposalFields).
func proposalSpecs() []fieldSpec {
	kinds := make([]string, len(StanceKinds))
	for i, k := range StanceKinds {
		kinds[i] = string(k)
	}
	fids := make([]string, len(Fidelities))
	for i, f := range Fidelities {
		fids[i] = string(f)
	}
	return []fieldSpec{
		{name: fieldPerson, label: "Person (on record, or a new name)", desc: "Who said it: a person on record, or a new name",
			required: true, max: maxNameOption},
		{name: fieldStrategy, label: "Strategy", desc: "The strategy it is about: its name, id or an alias", required: true, max: maxNameOption},
		{name: fieldStance, label: "Stance", desc: "endorses, opposes, mixed, conditional, evolved-toward or evolved-away",
			placeholder: "endorses", required: true, max: 20, choices: kinds},
		{name: fieldFidelity, label: "Fidelity", desc: "direct quote, faithful paraphrase, loose paraphrase or summary",
			placeholder: "direct quote", required: true, max: 20, choices: fids},
		{name: fieldText, label: "Their words (quote or paraphrase)", desc: "The words, exactly as said for a direct quote",
			long: true, required: true, max: maxProposalText},
		{name: fieldURL, label: "Source link (http or https)", desc: "Where it was said or written: an http or https link",
			placeholder: "https://", required: true, max: maxProposalURL},
		{name: fieldTitle, label: "Source title", desc: "The source's title", max: maxProposalTitle},
		{name: fieldPublisher, label: "Publisher", desc: "Who published the source", max: maxNameOption},
		{name: fieldDate, label: "Date (YYYY, YYYY-MM or YYYY-MM-DD)", desc: "When it was said, as precise as known: YYYY, YYYY-MM or YYYY-MM-DD",
			placeholder: "2025-06", max: 10},
		{name: fieldType, label: "Source type", desc: "article, blog, paper, podcast, talk, testimony, tweet, video ...",
			placeholder: "interview", max: 40},
		{name: fieldContext, label: "Context (optional note)", desc: "A note on where or why it was said", long: true, max: maxProposalContext},
	}
}

// proposalForms cuts the fields into forms of at most n fields each; none
// when the platform opens no forms (n is 0).
func proposalForms(specs []fieldSpec, n int) [][]fieldSpec {
	if n <= 0 {
		return nil
	}
	var out [][]fieldSpec
	for len(specs) > 0 {
		k := min(n, len(specs))
		out = append(out, specs[:k])
		specs = specs[k:]
	}
	return out
}

// form is the Form of the fields, pre-filled with v, sent to command. A
// value longer than its field allows is not pre-filled (a platform
// refuses it, and cutting it would misquote): the placeholder says why.
func form(command, title string, specs []fieldSpec, v ProposalValues) *Form {
	f := &Form{Command: command, Title: Clip(title, MaxFormTitle)}
	for _, s := range specs {
		ff := FormField{Name: s.name, Label: Clip(s.label, MaxFormLabel), Long: s.long,
			Required: s.required, Value: v.Get(s.name), Placeholder: s.placeholder, MaxLength: s.max, Choices: s.choices}
		if n := utf8.RuneCountInString(ff.Value); n > s.max {
			ff.Value, ff.Placeholder = "", fmt.Sprintf("Too long to fill in (%d characters, at most %d): type the part you mean", n, s.max)
		}
		f.Fields = append(f.Fields, ff)
	}
	return f
}

// resolved is what a proposal's person and strategy are on record.
type resolved struct {
	PersonID   string // "" for a new person
	StrategyID string
}

// checkFields checks the fields of v named by specs and returns what is
// wrong with each, in specs order, and what the person and strategy
// resolve to (when among specs and valid). tooLong (Request.tooLong) says
// why a value the registry left out was: its field's error.
func checkFields(v ProposalValues, specs []fieldSpec, cat *catalogSnapshot, now time.Time, tooLong map[string]string) ([]FieldError, resolved) {
	var (
		errs []FieldError
		res  resolved
	)
	for _, s := range specs {
		msg := tooLong[s.name]
		if msg == "" {
			msg = checkField(s, v.Get(s.name), cat, now, &res)
		}
		if msg != "" {
			errs = append(errs, FieldError{Field: s.name, Message: msg})
		}
	}
	return errs, res
}

// checkField says what is wrong with one value, "" when nothing is.
func checkField(s fieldSpec, value string, cat *catalogSnapshot, now time.Time, res *resolved) string {
	value = strings.TrimSpace(value)
	if value == "" {
		if s.required {
			if s.name == fieldURL {
				return "A source is required: the link where it was said or written."
			}
			return "Required."
		}
		return ""
	}
	if n := utf8.RuneCountInString(value); n > s.max {
		return fmt.Sprintf("Too long: %d characters; at most %d.", n, s.max)
	}
	for _, r := range value {
		if isStripped(r) || (!s.long && (r == '\n' || r == '\t')) {
			return "Contains control characters; type plain text."
		}
	}
	switch s.name {
	case fieldPerson:
		p, err := cat.findPerson(value)
		switch {
		case err == nil:
			res.PersonID = p.ID
		case ErrorCode(err) != ENOTFOUND:
			return ErrorMessage(err)
		case Slug(value) == "":
			return "A new person's name needs letters or digits."
		}
	case fieldStrategy:
		st, err := cat.findStrategy(value)
		if err != nil {
			return ErrorMessage(err)
		}
		res.StrategyID = st.ID
	case fieldStance:
		if _, ok := ParseStanceKind(value); !ok {
			return "Must be one of " + strings.Join(s.choices, ", ") + "."
		}
	case fieldFidelity:
		if _, ok := ParseFidelity(value); !ok {
			return "Must be one of " + strings.Join(s.choices, ", ") + "."
		}
	case fieldURL:
		if !isWebLink(value) {
			return "Must be an http or https link (https://...)."
		}
	case fieldDate:
		d, err := ParseDate(value)
		if err != nil {
			return "Write the date as YYYY, YYYY-MM or YYYY-MM-DD."
		}
		if inFuture(d, now) {
			return "Is in the future."
		}
	}
	return ""
}

// isWebLink reports whether s is an absolute http or https URL.
func isWebLink(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// inFuture reports whether the date begins after today (UTC): a year or
// month is in the future only when all of it is.
func inFuture(d Date, now time.Time) bool {
	y, m, day := now.UTC().Date()
	switch {
	case d.Year != y:
		return d.Year > y
	case d.Month == 0 || d.Month != int(m):
		return d.Month > int(m)
	}
	return d.Day > day
}

// lacksField reports whether a needed field of specs is empty.
func lacksField(v ProposalValues, specs []fieldSpec) bool {
	for _, s := range specs {
		if s.required && strings.TrimSpace(v.Get(s.name)) == "" {
			return true
		}
	}
	return false
}

// fieldLabel is the label of the named field, for a card listing errors.
func fieldLabel(specs []fieldSpec, name string) string {
	for _, s := range specs {
		if s.name == name {
			return s.label
		}
	}
	return name
}

// canonical returns checked values in their canonical spelling: trimmed,
// the stance and fidelity as the domain names them ("direct" → "direct
// quote").
func canonical(v ProposalValues) ProposalValues {
	for _, name := range ProposalFields {
		v.Set(name, strings.TrimSpace(v.Get(name)))
	}
	if k, ok := ParseStanceKind(v.Stance); ok {
		v.Stance = string(k)
	}
	if f, ok := ParseFidelity(v.Fidelity); ok {
		v.Fidelity = string(f)
	}
	return v
}
