package atlas

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestStripJSONC(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a": 1}`, `{"a": 1}`},
		{"{\"a\": 1, // one\n}", "{\"a\": 1 \n}"},
		{`{"u": "https://x/*y*/", /* c */ "b": [1, 2,]}`, `{"u": "https://x/*y*/",   "b": [1, 2]}`},
		{`{"q": "a \" // b"}`, `{"q": "a \" // b"}`},
		{`{"a": 1} /* unterminated`, `{"a": 1} `},
	}
	for _, tt := range tests {
		if got := stripJSONC(tt.in); got != tt.want {
			t.Errorf("stripJSONC(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzStripJSONC: stripping never panics, and leaves what is already JSON
// meaning the same.
func FuzzStripJSONC(f *testing.F) {
	for _, s := range []string{`{"a": 1}`, `{"paths": {"@/*": ["./*"]}}`, `{"u": "http://x", "v": [1, {"w": "/*"}]}`,
		"{\n// c\n\"a\": [1,],\n}", `"\\"`, `/*`, `//`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := stripJSONC(s)
		if !json.Valid([]byte(s)) {
			return
		}
		var a, b any
		if err := json.Unmarshal([]byte(s), &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(out), &b); err != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("stripJSONC(%q) = %q: %v, meaning %v, want %v", s, out, err, b, a)
		}
	})
}

// FuzzRange: a p(doom) value decodes, or is refused, without panicking; a
// plain number is a one-value range.
func FuzzRange(f *testing.F) {
	for _, s := range []string{`0.2`, `[0.1, 0.5]`, `[1]`, `[1,2,3]`, `"x"`, `null`, ` [ 0 , 1 ] `} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var r Range
		if err := r.UnmarshalJSON([]byte(s)); err != nil {
			return
		}
		var v float64
		if json.Unmarshal([]byte(s), &v) == nil && (r.Low != v || r.High != v) {
			t.Errorf("%q: %+v, want both %v", s, r, v)
		}
	})
}
