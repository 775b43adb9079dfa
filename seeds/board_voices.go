package seeds

import (
	"strings"

	"github.com/stancebot/stancebot/bot"
)

// bullet is the list marker of the principal voices and the grid.
const bullet = "•"

// parsePrincipalVoices reads the "principal voices" list: "• Name" lines
// (the photo's alt text repeats the name: "Yann LeCunYann LeCun"), each
// followed by its recognition label.
func (p *boardParser) parsePrincipalVoices(head []line, people []bot.Person) []PrincipalVoice {
	start := p.find(0, len(head), label("principal voices"))
	if start < 0 {
		return nil
	}
	byName := peopleByName(people)
	var out []PrincipalVoice
	for i := start + 1; i < len(head); i++ {
		t := head[i].text
		if isVoicesEnd(t) {
			break
		}
		if !strings.HasPrefix(t, bullet) {
			if len(out) > 0 {
				break // the list has ended
			}
			continue // the description above the list
		}
		v := PrincipalVoice{Name: undouble(strings.TrimSpace(strings.TrimPrefix(t, bullet)))}
		if i+1 < len(head) && !strings.HasPrefix(head[i+1].text, bullet) {
			if r, ok := bot.ParseRecognition(head[i+1].text); ok {
				v.Recognition = r
				i++
			}
		}
		if v.Recognition == "" {
			p.warnf("principal voices: line %d: no recognition label for %s", head[i].n, v.Name)
		}
		if id, ok := byName[bot.Fold(v.Name)]; ok {
			v.PersonID = id
		} else {
			p.warnf("principal voices: %s is not among the people on the record", v.Name)
		}
		out = append(out, v)
	}
	return out
}

// undouble returns the name once when the export repeats it ("Andrew
// NgAndrew Ng": the photo's alt text followed by the name).
func undouble(s string) string {
	if h := len(s) / 2; len(s)%2 == 0 && h > 0 && s[:h] == s[h:] {
		return strings.TrimSpace(s[:h])
	}
	return s
}

// peopleByName maps each person's folded name to their id.
func peopleByName(people []bot.Person) map[string]string {
	m := make(map[string]string, len(people))
	for _, pe := range people {
		m[bot.Fold(pe.Name)] = pe.ID
	}
	return m
}

// isVoicesEnd reports whether a line starts what follows the principal
// voices: the grid's caption or header.
func isVoicesEnd(s string) bool {
	return label("where the endorsers sit on the board")(s) || isGridHeader(s)
}
