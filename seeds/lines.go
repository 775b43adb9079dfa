package seeds

import (
	"strconv"
	"strings"
)

// line is one line of an export with its 1-based number.
type line struct {
	n    int
	text string // trimmed of surrounding white space
}

// splitLines splits an export into lines, accepting \n and \r\n endings.
func splitLines(data []byte) []line {
	parts := strings.Split(string(data), "\n")
	out := make([]line, len(parts))
	for i, p := range parts {
		out[i] = line{n: i + 1, text: strings.TrimSpace(p)}
	}
	return out
}

// nonBlank returns the lines that are not blank.
func nonBlank(ls []line) []line {
	out := make([]line, 0, len(ls))
	for _, l := range ls {
		if l.text != "" {
			out = append(out, l)
		}
	}
	return out
}

// atoi parses a non-negative count as printed on a page ("37", "1,204").
func atoi(s string) (int, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// percent parses "25%" or "12.5%" as a number from 0 to 100.
func percent(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, "%") {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64)
	if err != nil || f < 0 || f > 100 {
		return 0, false
	}
	return f, true
}

// joinOr joins items as "a, b or c".
func joinOr(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// formatNumber prints a float without a needless fraction ("25", "12.5").
func formatNumber(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}
