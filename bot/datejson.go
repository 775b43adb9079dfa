package bot

import (
	"encoding/json"
	"fmt"
)

// MarshalJSON writes the date to its known precision, as a string: "2024",
// "2024-02" or "2024-02-13"; an unknown date is null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads what MarshalJSON writes (null: the unknown date). It
// also reads the object form {"Year":2024,"Month":2,"Day":0} that earlier
// versions wrote, so that replies they stored (digest outboxes) still read.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		parsed, err := ParseDate(s)
		if err != nil {
			return fmt.Errorf("unmarshal date: %w", err)
		}
		*d = parsed
		return nil
	}
	var old struct{ Year, Month, Day int }
	if err := json.Unmarshal(b, &old); err != nil {
		return fmt.Errorf("unmarshal date: want \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\": %w", err)
	}
	*d = Date(old)
	return nil
}
