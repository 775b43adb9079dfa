package bot

import "testing"

// TestExactLookupTakesTheFirstClaim: a Slug that several entries have is
// the one whose id it is, else whose name, else whose alias; among equals
// the first entry's. A key that is only a word of an id, name or alias
// is none.
func TestExactLookupTakesTheFirstClaim(t *testing.T) {
	entries := []nameEntry{
		{id: "ada", name: "Grace", aliases: []string{"Byron"}},
		{id: "grace", name: "Ada"},
		{id: "carol", name: "Byron", aliases: []string{"Ada"}},
		{id: "dora", name: "Eve", aliases: []string{"byron"}},
		{id: "eve", name: "Frank", aliases: []string{"Zed"}},
		{id: "zed", name: "Zed"},
		{id: "old-frank", name: "Old"}, // "frank" is a word of its id only
	}
	ix := newNameIndex(len(entries), func(i int32) nameEntry { return entries[i] })
	for key, want := range map[string]int32{
		"ada":   0, // an id before a name and an alias
		"grace": 1, // an id before a name
		"byron": 2, // a name before aliases
		"eve":   4, // an id before a name
		"zed":   5, // an id before an alias
		"frank": 4, // a name before a word of an id
	} {
		if got, ok := ix.exact(key); !ok || got != want {
			t.Errorf("exact(%q) = %d, %v; want %d", key, got, ok, want)
		}
	}
	for _, key := range []string{"race", "ad", "nobody"} {
		if got, ok := ix.exact(key); ok {
			t.Errorf("exact(%q) = %d; want none", key, got)
		}
	}
}
