package console

import (
	"context"
	"sort"
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// completer is the line editor's Tab completion: command names, option
// names, and option values from the bot's Autocomplete (the strategies,
// people and choices the platforms suggest).
type completer struct {
	ctx context.Context
	b   *bot.Bot
}

// Do implements readline.AutoCompleter: the continuations of the text
// before the cursor, and how many runes of it they continue.
func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	typed, suffixes := Complete(c.ctx, c.b, string(line[:pos]))
	out := make([][]rune, len(suffixes))
	for i, s := range suffixes {
		out[i] = []rune(s)
	}
	return out, len([]rune(typed))
}

// Complete returns what Tab offers after before (the line up to the
// cursor): the part of it being completed, and the texts that continue it
// (each ends with a space when it completes a whole word).
func Complete(ctx context.Context, b *bot.Bot, before string) (typed string, suffixes []string) {
	fields := strings.Fields(before)
	atWordStart := before == "" || strings.HasSuffix(before, " ")
	if len(fields) == 0 || (len(fields) == 1 && !atWordStart) {
		typed = strings.TrimSpace(before)
		var names []string
		for _, cmd := range b.Commands() {
			names = append(names, cmd.Name)
		}
		return typed, continuations(strings.TrimPrefix(typed, "/"), names, " ")
	}
	cmd, ok := b.Command(strings.ToLower(strings.TrimPrefix(fields[0], "/")))
	if !ok {
		return "", nil
	}
	current := ""
	if !atWordStart {
		current = fields[len(fields)-1]
		fields = fields[:len(fields)-1]
	}
	// name:value: the option's values.
	if name, value, found := strings.Cut(current, ":"); found {
		return value, values(ctx, b, cmd, name, value)
	}
	// A positional option: the first whose words these are.
	var positional []string // the words after the command that are not name:value
	for _, f := range fields[1:] {
		if !strings.Contains(f, ":") {
			positional = append(positional, f)
		}
	}
	n := 0
	for _, o := range cmd.Options {
		if !o.Positional {
			continue
		}
		if o.Rest || n == len(positional) {
			partial := strings.TrimSpace(strings.Join(append(positional[n:], current), " "))
			if o.Rest && n < len(positional) {
				// The rest option's words so far: complete them as one value.
				if out := values(ctx, b, cmd, o.Name, partial); len(out) > 0 {
					return partial, out
				}
				return current, optionNames(cmd, current)
			}
			out := values(ctx, b, cmd, o.Name, current)
			return current, append(out, optionNames(cmd, current)...)
		}
		n++
	}
	return current, optionNames(cmd, current)
}

// maxCompletions is how many of an option's suggestions Tab offers.
const maxCompletions = 25

// values are the continuations of partial among option name's suggestions:
// their ids (or choices), and their names when partial starts one.
func values(ctx context.Context, b *bot.Bot, cmd bot.Command, name, partial string) []string {
	var cands []string
	for _, ch := range b.Autocomplete(ctx, cmd.Name, name, partial, maxCompletions) {
		// Name is "Name" or "Name (the alias that matched)".
		n, alias, _ := strings.Cut(ch.Name, " (")
		cands = append(cands, ch.Value, n, strings.TrimSuffix(alias, ")"))
	}
	return continuations(partial, cands, " ")
}

// optionNames are the continuations of partial among cmd's option names.
func optionNames(cmd bot.Command, partial string) []string {
	var names []string
	for _, o := range cmd.Options {
		names = append(names, o.Name)
	}
	if partial == "" {
		return nil
	}
	return continuations(partial, names, ":")
}

// continuations returns, for each candidate that starts with partial
// (ignoring case), the rest of it followed by end, sorted and without
// repeats.
func continuations(partial string, cands []string, end string) []string {
	seen := map[string]bool{}
	var out []string
	lower := strings.ToLower(partial)
	for _, c := range cands {
		if c == "" || len(c) < len(partial) || strings.ToLower(c[:len(partial)]) != lower {
			continue
		}
		s := c[len(partial):] + end
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
