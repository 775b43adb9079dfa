package bot

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// EntryError is what is wrong with one entry (entity) of a dataset, and
// where: the key of the field ("expertise"), and for a problem inside one
// of the entity's lists, that list ("pdoom") and the element's index. The
// message names the entity (`person "a": unknown expertise "X" ...`).
type EntryError struct {
	Field   string
	List    string // the list's table in the dataset files ("pdoom"); "": the entity's own field
	Index   int    // the element of List
	Message string
}

// Error implements the error interface.
func (e *EntryError) Error() string { return e.Message }

func entryError(field, format string, args ...any) *EntryError {
	return &EntryError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// The checks of the entities of a dataset, in one place: the store refuses
// to import, and the dataset reader to read, an entity they reject. Each
// returns nil or a *EntryError. References between entities and repeated
// ids are the caller's to check: they depend on the rest of the dataset.

// CheckBoard checks the board a dataset comes from: a name and a profiled
// total that is not negative.
func CheckBoard(b Board) error {
	if strings.TrimSpace(b.Name) == "" {
		return entryError("name", "the board has no name")
	}
	if b.ProfiledTotal < 0 {
		return entryError("profiled_total", "profiled_total %d is negative", b.ProfiledTotal)
	}
	return nil
}

// CheckStrategy checks a strategy: a slug id, a name, and aliases.
func CheckStrategy(s Strategy) error {
	if err := checkSlug("strategy", s.ID); err != nil {
		return err
	}
	if strings.TrimSpace(s.Name) == "" {
		return entryError("name", "strategy %q has no name", s.ID)
	}
	return checkAliases(s.ID, s.Aliases)
}

// CheckPerson checks a person: a slug id, a name, known tiers, an order
// that is not negative, a real last-updated date, their p(doom) claims,
// timelines and affiliations, and aliases.
func CheckPerson(p Person) error {
	if err := checkSlug("person", p.ID); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(p.Name) == "":
		return entryError("name", "person %q has no name", p.ID)
	case p.Expertise != "" && !slices.Contains(Expertises, p.Expertise):
		return entryError("expertise", "person %q: unknown expertise %q (want %s)", p.ID, p.Expertise, oneOf(Expertises))
	case p.Recognition != "" && !slices.Contains(Recognitions, p.Recognition):
		return entryError("recognition", "person %q: unknown recognition %q (want %s)", p.ID, p.Recognition, oneOf(Recognitions))
	case p.Vintage != "" && !slices.Contains(Vintages, p.Vintage):
		return entryError("vintage", "person %q: unknown vintage %q (want %s)", p.ID, p.Vintage, oneOf(Vintages))
	case p.Order < 0:
		return entryError("order", "person %q: order %d is negative", p.ID, p.Order)
	case !validDate(p.LastUpdated):
		return entryError("last_updated", "person %q: invalid last-updated date", p.ID)
	}
	inList := func(list string, i int, field string, err error) error {
		return &EntryError{Field: field, List: list, Index: i, Message: fmt.Sprintf("person %q: %v", p.ID, err)}
	}
	for i, a := range p.Affiliations {
		if err := CheckAffiliation(a); err != nil {
			return inList("affiliation", i, "org", err)
		}
	}
	for i, c := range p.PDoomClaims {
		if err := CheckPDoomClaim(c); err != nil {
			return inList("pdoom", i, "", err)
		}
	}
	for i, c := range p.Timelines {
		if err := CheckTimeline(c); err != nil {
			return inList("timeline", i, "", err)
		}
	}
	return checkAliases(p.ID, p.Aliases)
}

// CheckStance checks a stance: a person, a strategy, a known kind and an
// order that is not negative.
func CheckStance(s Stance) error {
	switch {
	case s.PersonID == "":
		return entryError("person", "stance on %q has no person", s.StrategyID)
	case s.StrategyID == "":
		return entryError("strategy", "stance of %q has no strategy", s.PersonID)
	case !slices.Contains(StanceKinds, s.Kind):
		return entryError("kind", "stance of %q on %q: unknown stance kind %q (want %s)", s.PersonID, s.StrategyID, s.Kind, oneOf(StanceKinds))
	case s.Order < 0:
		return entryError("order", "stance of %q on %q: order %d is negative", s.PersonID, s.StrategyID, s.Order)
	}
	return nil
}

// CheckQuote checks a quote: a person, a strategy and a text, an id (when
// it has one) that is QuoteID's, a known fidelity, real dates and a valid
// source.
func CheckQuote(q Quote) error {
	id := QuoteID(q.PersonID, q.StrategyID, q.Text)
	switch {
	case q.PersonID == "":
		return entryError("person", "quote on %q has no person", q.StrategyID)
	case q.StrategyID == "":
		return entryError("strategy", "quote of %q has no strategy", q.PersonID)
	case strings.TrimSpace(q.Text) == "":
		return entryError("text", "quote of %q has no text", q.PersonID)
	case q.ID != "" && q.ID != id:
		return entryError("id", "quote id %q does not match its person, strategy and text (want %q)", q.ID, id)
	case !slices.Contains(Fidelities, q.Fidelity):
		return entryError("fidelity", "quote of %q: unknown fidelity %q (want %s)", q.PersonID, q.Fidelity, oneOf(Fidelities))
	case !validDate(q.Date):
		return entryError("date", "quote of %q: invalid date %04d-%02d-%02d", q.PersonID, q.Date.Year, q.Date.Month, q.Date.Day)
	}
	if err := CheckSource(q.Source); err != nil {
		return entryError("", "quote of %q: %v", q.PersonID, err)
	}
	return nil
}

// CheckStory checks a story: a slug id, a post (its quote id), and replies
// addressed to no empty handle.
func CheckStory(s Story) error {
	if err := checkSlug("story", s.ID); err != nil {
		return err
	}
	if s.QuoteID == "" {
		return entryError("quote", "story %q has no post (quote id)", s.ID)
	}
	for i, r := range s.Replies {
		for _, h := range r.To {
			if strings.TrimSpace(h) == "" {
				return &EntryError{Field: "to", List: "reply", Index: i, Message: fmt.Sprintf("story %q: a reply is addressed to an empty handle", s.ID)}
			}
		}
	}
	return nil
}

// checkSlug checks an entity's id: present and a slug ("open-source").
func checkSlug(what, id string) error {
	switch {
	case id == "":
		return entryError("id", "%s has no id", what)
	case Slug(id) != id:
		return entryError("id", "%s id %q is not a slug (want %q)", what, id, Slug(id))
	}
	return nil
}

// checkAliases checks that no alias is empty or holds control characters.
func checkAliases(id string, aliases []string) error {
	for _, a := range aliases {
		if strings.TrimSpace(a) == "" || strings.ContainsFunc(a, unicode.IsControl) {
			return entryError("aliases", "%q: alias %q is empty or has control characters", id, a)
		}
	}
	return nil
}

// oneOf lists the allowed values: `"a", "b" or "c"`.
func oneOf[T ~string](values []T) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}
