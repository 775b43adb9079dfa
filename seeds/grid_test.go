package seeds

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

func TestGridItems(t *testing.T) {
	tests := []struct {
		in   string
		want []GridItem
		ok   bool
	}{
		{"··", []GridItem{{}, {}}, true},
		{"  • Emad Mostaque", []GridItem{{Name: "Emad Mostaque"}}, true},
		{"·  • A·• B ×··", []GridItem{{}, {Name: "A"}, {}, {Name: "B", Opposer: true}, {}, {}}, true},
		{"× C", nil, false},
		{"Each face is one profiled person.", nil, false},
		{"", nil, true},
	}
	for _, tt := range tests {
		got, ok := gridItems(tt.in)
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("gridItems(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestGridColumns(t *testing.T) {
	tests := []struct {
		in   string
		want []bot.Recognition
	}{
		{"expertise ↓ · recognition →Household nameField-leadingEstablishedEmerging", bot.Recognitions},
		{"expertise ↓ · recognition →EmergingHousehold name", []bot.Recognition{bot.RecognitionEmerging, bot.RecognitionHouseholdName}},
		{"expertise ↓ · recognition →Household nameHousehold name", nil},
		{"expertise ↓ · recognition →Household nameFamous", nil},
		{"expertise ↓ · recognition →", nil},
	}
	for _, tt := range tests {
		got, ok := gridColumns(tt.in)
		if ok != (tt.want != nil) || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("gridColumns(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

func TestUndouble(t *testing.T) {
	for in, want := range map[string]string{
		"Yann LeCunYann LeCun":         "Yann LeCun",
		"Joëlle PineauJoëlle Pineau":   "Joëlle Pineau",
		"Andrew Ng":                    "Andrew Ng",
		"abab":                         "ab",
		"Tim Berners-LeeTim Berners-L": "Tim Berners-LeeTim Berners-L",
	} {
		if got := undouble(in); got != want {
			t.Errorf("undouble(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGridRowsThatDoNotFit(t *testing.T) {
	s := synthPage{
		endorsers: "1", profiled: "1",
		grid:   []string{"Frontier builder·····", "  • Ann Able", "Deep technical", "  • Dee Doe"},
		people: []string{person("Ann Able", "endorses", "Yes.", "articleT· P· 2024· loose paraphrase")},
	}
	page, err := ParseBoard([]byte(s.String()))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"grid: the Frontier builder row's faces and empty cells do not fit 4 columns; their recognition is left unknown",
		"grid: cannot tell whether Dee Doe is Household name, Field-leading, Established or Emerging; recognition left unknown",
		"grid: Dee Doe (Deep technical row) is not among the people on the record",
		"profiled endorsers: page says 1, export names 2",
	}
	if !reflect.DeepEqual(page.Warnings, want) {
		t.Errorf("warnings =\n%s\nwant\n%s", strings.Join(page.Warnings, "\n"), strings.Join(want, "\n"))
	}
	p := page.Dataset.People[0]
	if !p.Profiled || p.Expertise != bot.ExpertiseFrontierBuilder || p.Recognition != "" {
		t.Errorf("Ann Able = %+v; want profiled, frontier builder, recognition unknown", p)
	}
}
