package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stancebot/stancebot/adapters/console"
)

var updateDoc = flag.Bool("update", false, "rewrite the JSON examples of docs/json.md from the embedded dataset")

const jsonDoc = "../../docs/json.md"

// jsonExample is one example of docs/json.md: the ask --json command line
// and the JSON shown for it.
var jsonExample = regexp.MustCompile("(?s)```sh\nstancebot ask --json \"([^\"\n]*)\"\n```\n\n```json\n(.*?)\n```")

// docPath is one row of the field table of docs/json.md: | `path` | ...
var docPath = regexp.MustCompile("(?m)^\\| `([a-z_.\\[\\]]+)` \\|")

// TestJSONDocument: every example of docs/json.md is what ask --json
// answers on the embedded dataset (an example may shorten a list to its
// first elements), every key any example answer has is in the document's
// field table, and every command of the registry has an example.
func TestJSONDocument(t *testing.T) {
	doc, err := os.ReadFile(jsonDoc)
	if err != nil {
		t.Fatal(err)
	}
	recorded := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	a, err := openApp(context.Background(), appOptions{DataDir: t.TempDir(), Now: func() time.Time { return recorded }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	answer := func(line string) []byte {
		var out bytes.Buffer
		if err := writeJSON(&out, a.Bot.HandleLine(context.Background(), line, console.Request())); err != nil {
			t.Fatal(err)
		}
		return bytes.TrimSpace(out.Bytes())
	}
	documented := map[string]bool{}
	for _, m := range docPath.FindAllSubmatch(doc, -1) {
		documented[string(m[1])] = true
	}
	examples := jsonExample.FindAllSubmatchIndex(doc, -1)
	if len(examples) == 0 {
		t.Fatal("docs/json.md has no examples")
	}
	commands := map[string]bool{}
	var updated []byte
	last := 0
	for _, ix := range examples {
		line := string(doc[ix[2]:ix[3]])
		shown := doc[ix[4]:ix[5]]
		commands[strings.Fields(strings.TrimPrefix(line, "/"))[0]] = true
		got := answer(line)
		var gotV, shownV any
		if err := json.Unmarshal(got, &gotV); err != nil {
			t.Fatal(err)
		}
		for _, p := range keyPaths(gotV, "") {
			if !documented[p] {
				t.Errorf("%s: key %s is not in the field table of docs/json.md", line, p)
			}
		}
		if *updateDoc {
			var short bytes.Buffer
			enc := json.NewEncoder(&short)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(shorten(gotV)); err != nil {
				t.Fatal(err)
			}
			updated = append(append(updated, doc[last:ix[4]]...), bytes.TrimSpace(short.Bytes())...)
			last = ix[5]
			continue
		}
		if err := json.Unmarshal(shown, &shownV); err != nil {
			t.Errorf("%s: the example is not JSON: %v", line, err)
			continue
		}
		if where := notPrefix(shownV, gotV, "$"); where != "" {
			t.Errorf("%s: docs/json.md differs from the answer at %s (go test ./cmd/stancebot -run TestJSONDocument -update rewrites it)\n%s", line, where, got)
		}
	}
	if *updateDoc {
		updated = append(updated, doc[last:]...)
		if err := os.WriteFile(jsonDoc, updated, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range a.Bot.Commands() {
		if !commands[c.Name] {
			t.Errorf("docs/json.md has no example of /%s", c.Name)
		}
	}
}

// keyPaths lists the object keys of v as paths: "cards[].quotes[].source.date";
// the keys of a mix (stats.expertise_mix: label -> count) are not paths.
func keyPaths(v any, prefix string) []string {
	seen := map[string]bool{}
	var walk func(v any, prefix string)
	walk = func(v any, prefix string) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				seen[p] = true
				if !strings.HasSuffix(p, "_mix") { // stats' mixes: maps keyed by label, not paths
					walk(e, p)
				}
			}
		case []any:
			for _, e := range x {
				walk(e, prefix+"[]")
			}
		}
	}
	walk(v, prefix)
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// maxShown is how many elements of a list an example shows.
const maxShown = 2

// shorten cuts every list of v to its first maxShown elements, for an example.
func shorten(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = shorten(e)
		}
		return out
	case []any:
		n := min(len(x), maxShown)
		out := make([]any, n)
		for i := range n {
			out[i] = shorten(x[i])
		}
		return out
	}
	return v
}

// notPrefix says where shown is not got with its lists possibly cut short
// ("" when it is): the same keys and values, and each list a prefix.
func notPrefix(shown, got any, at string) string {
	switch s := shown.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(s) {
			return at + " (other keys)"
		}
		for k, e := range s {
			if w := notPrefix(e, g[k], at+"."+k); w != "" {
				return w
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok || len(s) > len(g) || (len(s) < len(g) && len(s) < maxShown) {
			return at + " (other elements)"
		}
		for i, e := range s {
			if w := notPrefix(e, g[i], fmt.Sprintf("%s[%d]", at, i)); w != "" {
				return w
			}
		}
		return ""
	}
	if !reflect.DeepEqual(shown, got) {
		return fmt.Sprintf("%s (%v, answered %v)", at, shown, got)
	}
	return ""
}
