package bot

import "testing"

func TestFoldAndSlug(t *testing.T) {
	tests := []struct{ in, fold, slug string }{
		{"  Joëlle  PINEAU ", "joelle pineau", "joelle-pineau"},
		{"Open source.", "open source.", "open-source"},
		{"Clément Delangue", "clement delangue", "clement-delangue"},
		{"Policy / meta", "policy / meta", "policy-meta"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.fold {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.fold)
		}
		if got := Slug(tt.in); got != tt.slug {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.slug)
		}
	}
}

// TestFoldASCIIIsFoldUnicode: Fold's shortcut for ASCII text folds exactly
// as the general path does.
func TestFoldASCIIIsFoldUnicode(t *testing.T) {
	for _, s := range []string{"", "Yann LeCun", "  Joëlle  PINEAU ", "a\tb\nc\r\vd\fe", "ABC xyz 123 -_.", " x ",
		"Ada\u00a0Rose", "Ünïcode", "tab\t\tend\t", "MiXeD   CaSe"} {
		if got, want := Fold(s), foldUnicode(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestQuoteIDIgnoresWhiteSpace(t *testing.T) {
	a := QuoteID("andrew-ng", "open-source", "Bad actors  can use\nopen source models")
	b := QuoteID("andrew-ng", "open-source", "Bad actors can use open source models")
	if a != b {
		t.Errorf("ids differ: %s %s", a, b)
	}
	if c := QuoteID("andrew-ng", "pause", "Bad actors can use open source models"); c == a {
		t.Errorf("ids of different strategies collide: %s", c)
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2024", "2024-02", "2023-06-22", ""} {
		d, err := ParseDate(s)
		if err != nil || d.String() != s {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	for _, s := range []string{"24", "2024-13", "2023-02-30", "2024-1", "x", "2024-01-01-01"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q): no error", s)
		}
	}
}

func TestVisibilityJSON(t *testing.T) {
	for _, v := range []Visibility{Public, Ephemeral} {
		b, err := v.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Visibility
		if err := back.UnmarshalText(b); err != nil || back != v {
			t.Errorf("round trip of %v: got %v, %v", v, back, err)
		}
	}
	if _, err := Visibility(7).MarshalText(); err == nil {
		t.Error("unknown visibility marshalled without error")
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly", 7, "exactly"},
		{"Joëlle Pineau", 6, "Joëll…"},
		{"abc", 1, "…"},
	}
	for _, tt := range tests {
		if got := Clip(tt.in, tt.n); got != tt.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
