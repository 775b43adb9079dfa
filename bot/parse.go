package bot

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxCommandLine is the longest command line ParseCommandLine accepts, in bytes.
const MaxCommandLine = 8192

// word is one token of a command line: a plain word or a name:value pair.
type word struct {
	name   string // option name for a name:value token, "" for a plain word
	text   string // the value, without its quotation marks
	raw    string // the token as typed, quotation marks (and an unknown name:) kept
	quoted bool
}

// ParseCommandLine turns a text command line ("/whoendorses open weights
// stance:opposes") into a Request for Handle. The leading slash is optional;
// name:value tokens (values may be quoted) set named options, positional
// options take the words in declared order, and a Rest option takes the
// remaining words. A trailing word equal to a choice of an optional,
// non-positional option that was not given by name is taken for that option
// ("/whoendorses open weights opposes"). Platform, user and channel are left
// for the caller to set. Every failure is an *Error with EINVALID.
func (b *Bot) ParseCommandLine(line string) (Request, error) {
	if !utf8.ValidString(line) {
		return Request{}, Errorf(EINVALID, "That command is not valid text (invalid UTF-8).")
	}
	if len(line) > MaxCommandLine {
		return Request{}, Errorf(EINVALID, "That command is too long (%d bytes; at most %d).", len(line), MaxCommandLine)
	}
	toks := splitLine(line)
	if len(toks) == 0 {
		return Request{}, Errorf(EINVALID, "Type a command, for example /help.")
	}
	first := toks[0].text
	if toks[0].name != "" {
		first = toks[0].name + ":" + first
	}
	name := strings.ToLower(strings.TrimPrefix(first, "/"))
	cmd, ok := b.Command(name)
	if !ok {
		return Request{}, b.unknownCommand(name)
	}
	req := Request{Command: cmd.Name, Options: map[string]string{}}
	var words []word
	args := toks[1:]
	for i := 0; i < len(args); i++ {
		t := args[i]
		if t.name == "" {
			words = append(words, t)
			continue
		}
		opt, ok := findOption(cmd, t.name)
		if !ok {
			if !looksLikeOption(t) {
				// An ordinary word that has a colon ("https://...", "08:30", "note:").
				words = append(words, word{text: t.name + ":" + t.text, raw: t.raw})
				continue
			}
			return Request{}, unknownOption(cmd, t)
		}
		if _, dup := req.Options[opt.Name]; dup {
			return Request{}, Errorf(EINVALID, "Option %s: is given twice.", opt.Name)
		}
		if t.text == "" {
			return Request{}, Errorf(EINVALID, "Option %s: needs a value, e.g. %s", opt.Name, usageExample(cmd, opt))
		}
		if opt.Rest && !t.quoted && onlyPositional(cmd, opt) {
			// "strategy:open weights": the rest option takes the words that follow too.
			words = append(words, word{text: t.text, raw: t.text})
			continue
		}
		value := t.text
		if opt.Autocomplete != "" && !t.quoted {
			// A name runs to the next option: "strategy:open weights".
			for i+1 < len(args) && args[i+1].name == "" && !args[i+1].quoted {
				i++
				value += " " + args[i].text
			}
		}
		req.Options[opt.Name] = value
	}
	words = takeTrailingChoices(cmd, req.Options, words)
	for _, opt := range cmd.Options {
		if !opt.Positional || len(words) == 0 {
			continue
		}
		if _, given := req.Options[opt.Name]; given {
			continue
		}
		if opt.Rest {
			req.Options[opt.Name] = restText(words)
			words = nil
			continue
		}
		req.Options[opt.Name] = words[0].text
		words = words[1:]
	}
	if len(words) > 0 {
		return Request{}, Errorf(EINVALID, "/%s got more words than it takes. Usage: %s", cmd.Name, Usage(cmd))
	}
	return req, nil
}

// looksLikeOption reports whether a name:value token not among the
// command's options was meant as one: a name starting with a letter and a
// value that does not look like the rest of a URL ("https://...").
func looksLikeOption(t word) bool {
	r, _ := utf8.DecodeRuneInString(t.name)
	return t.text != "" && unicode.IsLetter(r) && !strings.HasPrefix(t.text, "/")
}

// unknownOption is the error for name:value when the command has no option
// of that name: it names the closest option, the command's options, and how
// to mean the words instead.
func unknownOption(cmd Command, t word) error {
	var names []string
	for _, o := range cmd.Options {
		names = append(names, o.Name)
	}
	name := Echo(t.name, 32)
	msg := fmt.Sprintf("/%s has no option %s:.", cmd.Name, name)
	if best, ok := Closest(t.name, names); ok {
		msg += fmt.Sprintf(" Did you mean %s:?", best)
	}
	if len(names) > 0 {
		msg += " Its options: " + strings.Join(names, ", ") + "."
	} else {
		msg += " It takes no options."
	}
	if r := restOption(cmd); r != nil {
		msg += fmt.Sprintf(" To mean the words, put them in quotation marks: \"%s\".", Echo(t.name+":"+t.text, 40))
	}
	return Errorf(EINVALID, "%s", msg)
}

// restOption returns the option that takes the rest of the line, if any.
func restOption(cmd Command) *Option {
	for i := range cmd.Options {
		if cmd.Options[i].Rest {
			return &cmd.Options[i]
		}
	}
	return nil
}

// findOption returns the option of cmd with the given name, in any case.
func findOption(cmd Command, name string) (Option, bool) {
	for _, o := range cmd.Options {
		if strings.EqualFold(o.Name, name) {
			return o, true
		}
	}
	return Option{}, false
}

// onlyPositional reports whether o is the only positional option of c.
func onlyPositional(c Command, o Option) bool {
	for _, x := range c.Options {
		if x.Positional && x.Name != o.Name {
			return false
		}
	}
	return true
}

// takeTrailingChoices assigns trailing words equal to a choice of an optional,
// non-positional option not given by name, and returns the remaining words.
// Enough words are always left for the required positional options.
func takeTrailingChoices(cmd Command, given map[string]string, words []word) []word {
	need := 0
	for _, o := range cmd.Options {
		if _, ok := given[o.Name]; o.Positional && o.Required && !ok {
			need++
		}
	}
	for i := len(cmd.Options) - 1; i >= 0; i-- {
		o := cmd.Options[i]
		if o.Positional || o.Required || len(o.Choices) == 0 {
			continue
		}
		if _, ok := given[o.Name]; ok {
			continue
		}
		// Try the last two words as one choice ("evolved toward"), then the last word.
		for n := 2; n >= 1; n-- {
			if len(words)-n < need || len(words) < n {
				continue
			}
			tail := words[len(words)-n:]
			if anyQuoted(tail) {
				continue
			}
			if c, ok := matchChoice(o, joinWords(tail)); ok {
				given[o.Name] = c
				words = words[:len(words)-n]
				break
			}
		}
	}
	return words
}

// matchChoice returns the choice of o equal to s, ignoring case and the
// difference between spaces and hyphens.
func matchChoice(o Option, s string) (string, bool) {
	key := strings.ReplaceAll(strings.ToLower(strings.Join(strings.Fields(s), " ")), " ", "-")
	for _, c := range o.Choices {
		if strings.ReplaceAll(strings.ToLower(c), " ", "-") == key {
			return c, true
		}
	}
	return "", false
}

func anyQuoted(ws []word) bool {
	for _, w := range ws {
		if w.quoted {
			return true
		}
	}
	return false
}

func joinWords(ws []word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.text
	}
	return strings.Join(parts, " ")
}

// restText is what a Rest option takes: one word as its value, several as
// typed, so that quotation marks inside a sentence survive
// (/sources Ng said "regulation bans open source").
func restText(ws []word) string {
	if len(ws) == 1 {
		return ws[0].text
	}
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.raw
	}
	return strings.Join(parts, " ")
}

// splitLine splits a command line into words. A word starting with a
// quotation mark (straight or curly), or a name: followed by one, runs to the
// closing mark, or to the end of the line when there is none.
func splitLine(line string) []word {
	var out []word
	rest := line
	for {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			return out
		}
		var w word
		start := rest
		if name, after, ok := optionPrefix(rest); ok {
			w.name, rest = name, after
		}
		if r, size := utf8.DecodeRuneInString(rest); isOpenQuote(r) {
			body := rest[size:]
			end, endSize := closingQuote(body)
			w.text, w.quoted = body[:end], true
			rest = body[min(end+endSize, len(body)):]
		} else {
			end := strings.IndexFunc(rest, unicode.IsSpace)
			if end < 0 {
				end = len(rest)
			}
			w.text, rest = rest[:end], rest[end:]
		}
		if w.name == "" && w.text == "" && !w.quoted {
			continue
		}
		w.raw = start[:len(start)-len(rest)]
		out = append(out, w)
	}
}

// optionPrefix recognises "name:" at the start of s, where name is a plain
// option name (letters, digits, '-' or '_'), and returns it and what follows.
func optionPrefix(s string) (name, rest string, ok bool) {
	for i, r := range s {
		switch {
		case r == ':' && i > 0:
			return s[:i], s[i+1:], true
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_'):
		default:
			return "", s, false
		}
	}
	return "", s, false
}

func isOpenQuote(r rune) bool { return r == '"' || r == '“' || r == '”' }

// closingQuote returns the offset and size of the first closing quotation
// mark in s, or len(s) and 0 when there is none.
func closingQuote(s string) (int, int) {
	for i, r := range s {
		if r == '"' || r == '”' || r == '“' {
			return i, utf8.RuneLen(r)
		}
	}
	return len(s), 0
}
