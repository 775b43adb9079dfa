package seeds

import (
	"strings"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

// TestBoardSwappedGridLines swaps every two lines of the real page's grid:
// a swap that strips or moves anyone's tiers is reported by a warning the
// whole page does not have, unless it only trades two names of one shape
// (which no export can tell from a real grid).
func TestBoardSwappedGridLines(t *testing.T) {
	data := string(readRaw(t, "board-open-source.txt"))
	ls := strings.Split(data, "\n")
	base, err := ParseBoard([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	tiers := func(p *BoardPage) map[string][2]string {
		m := map[string][2]string{}
		for _, x := range p.Dataset.People {
			m[x.ID] = [2]string{string(x.Expertise), string(x.Recognition)}
		}
		return m
	}
	want := tiers(base)
	from := 0
	for i, l := range ls {
		if strings.HasPrefix(l, "expertise ↓") {
			from = i
		}
	}
	for i := from; i < from+20; i++ {
		for j := i + 1; j < from+20; j++ {
			c := append([]string(nil), ls...)
			c[i], c[j] = c[j], c[i]
			p, err := ParseBoard([]byte(strings.Join(c, "\n")))
			if err != nil {
				continue
			}
			stripped, moved := 0, 0
			for id, v := range tiers(p) {
				switch {
				case v == want[id]:
				case v[0] == "" || v[1] == "":
					stripped++
				default:
					moved++
				}
			}
			names := strings.HasPrefix(strings.TrimSpace(c[i]), "•") && strings.HasPrefix(strings.TrimSpace(c[j]), "•")
			if (stripped > 0 || (moved > 0 && !names)) && len(p.Warnings) <= len(base.Warnings) {
				t.Errorf("lines %d and %d swapped: %d people's tiers stripped, %d moved, with no new warning", i+1, j+1, stripped, moved)
			}
		}
	}
}

func TestBoardRefusesControlCharactersAndFutureDates(t *testing.T) {
	data := string(readRaw(t, "board-open-source.txt"))
	for name, tt := range map[string]struct{ edit, want string }{
		"NUL in a role":   {strings.Replace(data, "Yann LeCun\n", "Yann LeCun\x00\n", 1), "has the control character U+0000"},
		"escape sequence": {strings.Replace(data, "Open source", "Open \x1b[31msource", 1), "U+001B"},
		"future date":     {strings.Replace(data, "· 2023-06-14·", "· 2999-01-01·", 1), "2999-01-01 is in the future"},
	} {
		if tt.edit == data {
			t.Fatalf("%s: the edit changed nothing", name)
		}
		_, err := ParseBoard([]byte(tt.edit))
		if bot.ErrorCode(err) != bot.EINVALID || !strings.Contains(bot.ErrorMessage(err), tt.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tt.want)
		}
	}
}
