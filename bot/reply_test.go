package bot

import (
	"reflect"
	"testing"
)

func TestNormalizeSpans(t *testing.T) {
	text := "héllo wörld, open source"
	tests := []struct {
		in   []Span
		want []Span
	}{
		{[]Span{{Start: 0, End: 6}}, []Span{{Start: 0, End: 6}}},
		{[]Span{{Start: 2, End: 6}}, []Span{{Start: 3, End: 6}}},             // mid-rune start moves forward
		{[]Span{{Start: 0, End: 2}}, []Span{{Start: 0, End: 1}}},             // mid-rune end moves back
		{[]Span{{Start: 6, End: 8}}, []Span{{Start: 7, End: 8}}},             // white space trimmed
		{[]Span{{Start: 20, End: 100}}, []Span{{Start: 20, End: len(text)}}}, // clamped
		{[]Span{{Start: -5, End: 3}, {Start: 1, End: 6}}, []Span{{Start: 0, End: 6}}},
		{[]Span{{Start: 15, End: 19}, {Start: 0, End: 3}}, []Span{{Start: 0, End: 3}, {Start: 15, End: 19}}},
		{[]Span{{Start: 4, End: 4}, {Start: 9, End: 3}}, nil},
	}
	for _, tt := range tests {
		if got := NormalizeSpans(text, tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("NormalizeSpans(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
