package bot_test

import (
	"encoding/json"
	"testing"

	. "github.com/stancebot/stancebot/bot"
)

func TestDateJSON(t *testing.T) {
	for _, tt := range []struct {
		d    Date
		json string
	}{
		{Date{Year: 2024}, `"2024"`},
		{Date{Year: 2024, Month: 2}, `"2024-02"`},
		{Date{Year: 2024, Month: 2, Day: 13}, `"2024-02-13"`},
		{Date{}, `null`},
	} {
		b, err := json.Marshal(tt.d)
		if err != nil || string(b) != tt.json {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tt.d, b, err, tt.json)
		}
		var back Date
		if err := json.Unmarshal(b, &back); err != nil || back != tt.d {
			t.Errorf("Unmarshal(%s) = %v, %v", b, back, err)
		}
	}
	var old Date
	if err := json.Unmarshal([]byte(`{"Year":2023,"Month":6,"Day":0}`), &old); err != nil || old != (Date{Year: 2023, Month: 6}) {
		t.Errorf("the object form earlier versions wrote: %v, %v", old, err)
	}
	for _, bad := range []string{`"2024-13"`, `"soon"`, `7`} {
		var d Date
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("Unmarshal(%s) accepted %v", bad, d)
		}
	}
	b, err := json.Marshal(Source{Type: "blog", Title: "T"})
	if err != nil || string(b) != `{"type":"blog","title":"T"}` {
		t.Errorf("a source with an unknown date: %s, %v", b, err)
	}
}
