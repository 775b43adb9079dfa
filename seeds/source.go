package seeds

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stancebot/stancebot/bot"
)

// sourceTypes are the source types a board export glues to the front of a
// source title ("blogAda Rose Cannon homepage", "§ paperBART: ...").
var sourceTypes = []string{
	"article", "blog", "book", "documentary", "essay", "interview", "lecture",
	"letter", "newsletter", "op-ed", "paper", "podcast", "presentation", "report",
	"speech", "statement", "talk", "testimony", "thread", "tweet", "video", "website",
}

// sourceSep separates the fields of a source line.
const sourceSep = "· "

// sourceLine is a parsed source line: TYPEtitle· publisher· date· fidelity.
type sourceLine struct {
	Source   bot.Source
	Fidelity bot.Fidelity
	Problems []string // what could not be read (unknown type, bad date)
}

// parseFidelityExact accepts a fidelity only as the board writes it in full
// ("faithful paraphrase"), in any case.
func parseFidelityExact(s string) (bot.Fidelity, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, f := range bot.Fidelities {
		if s == string(f) {
			return f, true
		}
	}
	return "", false
}

// isSourceLine reports whether a line is a quote's source line: at least
// two "· " separators and a fidelity as its last field.
func isSourceLine(s string) bool {
	if strings.Count(s, sourceSep) < 2 {
		return false
	}
	_, ok := parseFidelityExact(s[strings.LastIndex(s, sourceSep)+len(sourceSep):])
	return ok
}

// parseSourceLine splits a source line from the right: fidelity, date,
// publisher, and what remains is the type glued to the title. The caller
// has checked isSourceLine.
func parseSourceLine(s string) sourceLine {
	var out sourceLine
	fields := strings.Split(s, sourceSep)
	last := len(fields) - 1
	out.Fidelity, _ = parseFidelityExact(fields[last])
	rest := fields[:last]
	// The standard form has title, publisher and date before the fidelity;
	// with only two fields the second is a date when it reads as one.
	if len(rest) >= 2 {
		field := strings.TrimSpace(rest[len(rest)-1])
		d, err := bot.ParseDate(field)
		switch {
		case err == nil:
			out.Source.Date = d
			rest = rest[:len(rest)-1]
		case len(rest) >= 3:
			out.Problems = append(out.Problems, fmt.Sprintf("unreadable date %q", field))
			rest = rest[:len(rest)-1]
		default:
			out.Problems = append(out.Problems, "no date")
		}
	}
	if len(rest) >= 2 {
		out.Source.Publisher = strings.TrimSpace(rest[len(rest)-1])
		rest = rest[:len(rest)-1]
	}
	typ, title := splitSourceType(strings.Join(rest, sourceSep))
	if typ == "" {
		out.Problems = append(out.Problems, "no known source type")
	}
	out.Source.Type, out.Source.Title = typ, strings.TrimSpace(title)
	return out
}

// splitSourceType splits "§ paperBART: ..." into "paper" and "BART: ...":
// leading symbols are dropped and the longest known type prefix is taken.
func splitSourceType(s string) (typ, title string) {
	bare := strings.TrimLeftFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != utf8.RuneError
	})
	for _, t := range sourceTypes {
		if len(t) > len(typ) && len(bare) >= len(t) && strings.EqualFold(bare[:len(t)], t) {
			typ = t
		}
	}
	if typ == "" {
		return "", s
	}
	return typ, bare[len(typ):]
}
