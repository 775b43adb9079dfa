package slack

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSlackToPlain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"quote open weights", "quote open weights"},
		{"<@U123> said hi", "@U123 said hi"},
		{"<@U123|ana> said hi", "@ana said hi"},
		{"in <#C1|general>", "in #general"},
		{"<!here> look", "@here look"},
		{"<!subteam^S1|@safety> look", "@safety look"},
		{"see <https://example.org/a?b=1&amp;c=2|the post>", "see the post"},
		{"see <https://example.org/x>", "see https://example.org/x"},
		{"a &lt;b&gt; &amp;amp; c", "a <b> &amp; c"},
		{"unclosed < bracket", "unclosed < bracket"},
		{"“curly” quotes", "“curly” quotes"},
	}
	for _, tt := range tests {
		if got := slackToPlain(tt.in); got != tt.want {
			t.Errorf("slackToPlain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCommandText(t *testing.T) {
	const self = "UBOT"
	tests := []struct{ in, want string }{
		{"<@UBOT> quote open weights", "quote open weights"},
		{"<@UBOT|stancebot>: whoendorses open source", "whoendorses open source"},
		{"hey <@UOTHER> and <@UBOT> person Yann LeCun", "person Yann LeCun"},
		{"<@UBOT>", "help"},
		{"<@UBOT>   ", "help"},
		{"quote in a DM", "quote in a DM"},
		{"<@UBOTX> quote", "@UBOTX quote"},
	}
	for _, tt := range tests {
		if got := commandText(afterMention(tt.in, self)); got != tt.want {
			t.Errorf("commandText(afterMention(%q)) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzSlackToPlain(f *testing.F) {
	for _, s := range []string{
		"<@U1|ana> <#C1|general> <!here> <https://x.org|x> &amp;&lt;&gt;",
		"<<>>", "<|>", "<@>", "<!>", "<#|>", "&&amp;;", "plain words", "<@UBOT> quote “open weights”",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := slackToPlain(s)
		if len(out) > len(s) {
			t.Errorf("slackToPlain(%q) = %q is longer than its input", s, out)
		}
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Errorf("slackToPlain(%q) = %q is not valid UTF-8", s, out)
		}
		if !strings.ContainsAny(s, "<&") && out != s {
			t.Errorf("slackToPlain(%q) = %q changed text without markup", s, out)
		}
		_ = commandText(afterMention(s, "UBOT"))
	})
}
