package bot

import (
	"context"
	"strings"
)

// Autocomplete suggests values for an option while the user types: people
// or strategies (by the option's Autocomplete kind) whose name, id or alias
// starts with partial, tolerating typos and ignoring case and accents, or
// the option's fixed choices. It answers from the cached catalog, never
// querying the store per keystroke, and returns at most limit (the
// platform's number of suggestions).
func (b *Bot) Autocomplete(ctx context.Context, command, option, partial string, limit int) []Choice {
	cmd, ok := b.Command(command)
	if !ok {
		return nil
	}
	opt, ok := findOption(cmd, option)
	if !ok {
		return nil
	}
	if len(partial) > maxNameOption {
		partial = partial[:maxNameOption]
	}
	if len(opt.Choices) > 0 {
		return choicesWithPrefix(opt.Choices, partial, limit)
	}
	var ix *nameIndex
	s, err := b.cachedCatalog(ctx)
	if err != nil {
		b.log.WarnContext(ctx, "autocomplete: no catalog", "error", err.Error())
		return nil
	}
	switch opt.Autocomplete {
	case CompleteStrategy:
		ix = s.strategyIx
	case CompletePerson:
		ix = s.personIx
	default:
		return nil
	}
	matches := ix.complete(partial, limit)
	out := make([]Choice, len(matches))
	for i, m := range matches {
		e := ix.entry(m.entry)
		name := e.name
		if m.alias >= 0 {
			name += " (" + e.aliases[m.alias] + ")"
		}
		out[i] = Choice{Name: name, Value: e.id}
	}
	return out
}

// choicesWithPrefix returns the fixed choices starting with partial, in any case.
func choicesWithPrefix(choices []string, partial string, limit int) []Choice {
	p := strings.ToLower(strings.TrimSpace(partial))
	var out []Choice
	for _, c := range choices {
		if strings.HasPrefix(strings.ToLower(c), p) && len(out) < limit {
			out = append(out, Choice{Name: c, Value: c})
		}
	}
	return out
}
