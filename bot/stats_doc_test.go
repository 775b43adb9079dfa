package bot_test

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	. "github.com/stancebot/stancebot/bot"
)

// statsDocPath is a row of the stats table of docs/json.md: | `stats.x` | ...
var statsDocPath = regexp.MustCompile("(?m)^\\| `(stats[a-z_.\\[\\]]*)` \\|")

// TestStatsJSONDocumented checks the stats of a /whoendorses reply, as JSON,
// against the field table of docs/json.md: every key is documented and
// every documented key is there (the mixes are maps keyed by label: their
// keys are not paths).
func TestStatsJSONDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/json.md")
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, m := range statsDocPath.FindAllSubmatch(doc, -1) {
		documented = append(documented, string(m[1]))
	}
	ds := boardFixture()
	ds.Stated = []StatedAggregates{{StrategyID: "open-source", StatedEndorsers: NotStated, Opposers: NotStated,
		ProfiledEndorsers: NotStated, QuotesByEndorsers: NotStated, VintageAssigned: NotStated,
		Unnamed: []UnnamedCell{{Expertise: ExpertiseFrontierBuilder, Recognition: RecognitionFieldLeading, Count: 1}}}}
	b, _, _ := newTestBot(t, ds, Options{})
	r := b.Handle(context.Background(), Request{Command: "whoendorses", Options: map[string]string{"strategy": "open-source"}})
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var walk func(v any, path string)
	walk = func(v any, path string) {
		if strings.HasSuffix(path, "_mix") {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				seen[path+"."+k] = true
				walk(e, path+"."+k)
			}
		case []any:
			for _, e := range x {
				walk(e, path+"[]")
			}
		}
	}
	if v["stats"] == nil {
		t.Fatalf("no stats in %s", data)
	}
	seen["stats"] = true
	walk(v["stats"], "stats")
	var got []string
	for p := range seen {
		got = append(got, p)
	}
	sort.Strings(got)
	sort.Strings(documented)
	if !slices.Equal(got, documented) {
		t.Errorf("stats keys:\n%s\ndocumented in docs/json.md:\n%s", strings.Join(got, "\n"), strings.Join(documented, "\n"))
	}
	var stats struct {
		ExpertiseMix map[string]int `json:"expertise_mix"`
	}
	if err := json.Unmarshal(data, &struct {
		Stats any `json:"stats"`
	}{&stats}); err != nil || len(stats.ExpertiseMix) != len(Expertises) {
		t.Errorf("expertise_mix = %v (%v), want every tier by label", stats.ExpertiseMix, err)
	}
	// The later pages carry no stats.
	ps := b.Handle(context.Background(), Request{Command: "whoendorses", Options: map[string]string{"strategy": "open-source", "page": "2"}})
	if ps.Error == "" && ps.Stats != nil {
		t.Error("page 2 carries stats")
	}
}
