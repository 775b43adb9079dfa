package seeds

import (
	"regexp"
	"strings"
)

// tomlLines finds the lines of a TOML file's tables and keys, so that a
// problem found after decoding can be reported at its line.
type tomlLines struct {
	lines   []string
	skip    []bool // the line is inside a multi-line string
	headers []tomlHeader
}

// tomlHeader is a [table] or [[table]] line.
type tomlHeader struct {
	line  int // index into lines
	name  string
	array bool
}

var reHeader = regexp.MustCompile(`^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$`)

func newTOMLLines(data []byte) *tomlLines {
	t := &tomlLines{lines: strings.Split(string(data), "\n")}
	t.skip = make([]bool, len(t.lines))
	open := "" // the delimiter of the multi-line string being read
	for i, l := range t.lines {
		t.skip[i] = open != ""
		for _, d := range []string{`"""`, `'''`} {
			if (open == "" || open == d) && strings.Count(l, d)%2 == 1 {
				if open == "" {
					open = d
				} else {
					open = ""
				}
			}
		}
		if t.skip[i] {
			continue
		}
		if m := reHeader.FindStringSubmatch(l); m != nil {
			name := strings.NewReplacer(" ", "", "\t", "", `"`, "").Replace(m[2])
			t.headers = append(t.headers, tomlHeader{line: i, name: name, array: m[1] == "[["})
		}
	}
	return t
}

// locate returns the 1-based line of w's key in its entry, else of the
// entry's header, or 0 when the entry cannot be found.
func (t *tomlLines) locate(w where) int {
	if w.table == "" {
		return t.locateTop(w.key)
	}
	h := t.nth(0, len(t.headers), w.table, w.index)
	if h < 0 {
		return 0
	}
	end := h + 1
	for end < len(t.headers) && !(t.headers[end].name == w.table && t.headers[end].array) {
		end++
	}
	if w.sub != "" {
		if h = t.nth(h+1, end, w.table+"."+w.sub, w.subIndex); h < 0 {
			return 0
		}
	}
	return t.keyIn(h, w.key)
}

// nth returns the index of the n-th [[name]] header among headers[from:to].
func (t *tomlLines) nth(from, to int, name string, n int) int {
	for i := from; i < to; i++ {
		if t.headers[i].array && t.headers[i].name == name {
			if n == 0 {
				return i
			}
			n--
		}
	}
	return -1
}

// keyIn returns the line of key between header h and the next header, or
// the header's line when the key is not there.
func (t *tomlLines) keyIn(h int, key string) int {
	from := t.headers[h].line + 1
	to := len(t.lines)
	if h+1 < len(t.headers) {
		to = t.headers[h+1].line
	}
	if l := t.keyLine(from, to, key); l > 0 {
		return l
	}
	return t.headers[h].line + 1
}

// locateTop returns the line of a top-level key or table.
func (t *tomlLines) locateTop(key string) int {
	to := len(t.lines)
	if len(t.headers) > 0 {
		to = t.headers[0].line
	}
	if l := t.keyLine(0, to, key); l > 0 || key == "" {
		return l
	}
	for _, h := range t.headers {
		if h.name == key || strings.HasPrefix(h.name, key+".") {
			return h.line + 1
		}
	}
	return 0
}

// keyLine returns the 1-based line in lines[from:to] that assigns key, or 0.
func (t *tomlLines) keyLine(from, to int, key string) int {
	if key == "" {
		return 0
	}
	re := regexp.MustCompile(`^\s*(` + regexp.QuoteMeta(key) + `|"` + regexp.QuoteMeta(key) + `"|'` + regexp.QuoteMeta(key) + `')\s*[=.]`)
	for i := from; i < to && i < len(t.lines); i++ {
		if !t.skip[i] && re.MatchString(t.lines[i]) {
			return i + 1
		}
	}
	return 0
}
