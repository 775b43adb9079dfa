package bot

import "testing"

func TestFirstLink(t *testing.T) {
	tests := []struct{ text, want string }{
		{"LeCun said this https://example.com/a?b=1. Worth a read", "https://example.com/a?b=1"},
		{"see <https://slack.example/x|the interview> and http://b.example", "https://slack.example/x"},
		{"(http://a.example/p)", "http://a.example/p"},
		{"see (https://x.example/a).", "https://x.example/a"},
		{"\"https://q.example/z?\"", "https://q.example/z"},
		{"ftp://a.example/ and javascript:alert(1) and https:// alone", ""},
		{"no links here", ""},
		{"on (https://en.example/wiki/Foo_(bar)).", "https://en.example/wiki/Foo_(bar)"},
	}
	for _, tt := range tests {
		if got := firstLink(tt.text); got != tt.want {
			t.Errorf("firstLink(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
