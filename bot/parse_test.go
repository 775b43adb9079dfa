package bot_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	. "github.com/stancebot/stancebot/bot"
)

func TestParseCommandLine(t *testing.T) {
	b, _, _ := newTestBot(t, testDataset(), Options{})
	tests := []struct {
		line string
		cmd  string
		opts map[string]string
	}{
		{"/whoendorses open weights", "whoendorses", map[string]string{"strategy": "open weights"}},
		{"whoendorses open weights stance:opposes", "whoendorses", map[string]string{"strategy": "open weights", "stance": "opposes"}},
		{"/whoendorses open weights opposes", "whoendorses", map[string]string{"strategy": "open weights", "stance": "opposes"}},
		{"/whoendorses open weights Evolved Toward", "whoendorses", map[string]string{"strategy": "open weights", "stance": "evolved-toward"}},
		{"/whoendorses opposes", "whoendorses", map[string]string{"strategy": "opposes"}},
		{`/whoendorses "open weights opposes"`, "whoendorses", map[string]string{"strategy": "open weights opposes"}},
		{"/whoendorses open-source page:2", "whoendorses", map[string]string{"strategy": "open-source", "page": "2"}},
		{"/WhoEndorses  page:3   open   source  STANCE:mixed", "whoendorses", map[string]string{"strategy": "open source", "page": "3", "stance": "mixed"}},
		{`/whoendorses strategy:"open source" opposes`, "whoendorses", map[string]string{"strategy": "open source", "stance": "opposes"}},
		{"/whoendorses strategy:open weights opposes", "whoendorses", map[string]string{"strategy": "open weights", "stance": "opposes"}},
		{"/whoendorses page:2 strategy:open weights", "whoendorses", map[string]string{"strategy": "open weights", "page": "2"}},
		{`/person “Joëlle Pineau”`, "person", map[string]string{"name": "Joëlle Pineau"}},
		{`/person "Yann LeCun`, "person", map[string]string{"name": "Yann LeCun"}},
		{"/person see https://example.org/x", "person", map[string]string{"name": "see https://example.org/x"}},
		{"/help", "help", map[string]string{}},
		{"help whoendorses", "help", map[string]string{"command": "whoendorses"}},
		{"  /strategies  ", "strategies", map[string]string{}},
		{`/sources Andrew Ng said  "regulation bans open source"`, "sources", map[string]string{"text": `Andrew Ng said "regulation bans open source"`}},
		{`/sources as Ng put it, “regulation that bans”`, "sources", map[string]string{"text": `as Ng put it, “regulation that bans”`}},
		{`/sources "only a quote"`, "sources", map[string]string{"text": "only a quote"}},
	}
	for _, tt := range tests {
		req, err := b.ParseCommandLine(tt.line)
		if err != nil {
			t.Errorf("ParseCommandLine(%q): %v", tt.line, err)
			continue
		}
		if req.Command != tt.cmd || !reflect.DeepEqual(req.Options, tt.opts) {
			t.Errorf("ParseCommandLine(%q) = %q %v, want %q %v", tt.line, req.Command, req.Options, tt.cmd, tt.opts)
		}
	}
}

func TestParseCommandLineErrors(t *testing.T) {
	b, _, _ := newTestBot(t, testDataset(), Options{})
	tests := []struct{ line, want string }{
		{"", "Type a command"},
		{"   ", "Type a command"},
		{"/", "Type a command"},
		{"/whoendorsed open source", "Did you mean /whoendorses?"},
		{"/frobnicate", "Unknown command /frobnicate."},
		{"/whoendorses open stance:mixed stance:opposes", "given twice"},
		{"/whoendorses open stance:", "needs a value"},
		{"/help one two", "more words"},
		{"/person \xff\xfe", "invalid UTF-8"},
		{strings.Repeat("junk ", 2100), "too long"},
		{"help:me", "Unknown command /help:me."},
	}
	for _, tt := range tests {
		_, err := b.ParseCommandLine(tt.line)
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID {
			t.Errorf("ParseCommandLine(%.40q) error = %v, want an EINVALID *Error", tt.line, err)
			continue
		}
		if !strings.Contains(e.Message, tt.want) {
			t.Errorf("ParseCommandLine(%.40q) = %q, want it to contain %q", tt.line, e.Message, tt.want)
		}
		if strings.Contains(e.Message, "\n") || len(e.Message) > 300 {
			t.Errorf("ParseCommandLine(%.40q): message is not one short line: %q", tt.line, e.Message)
		}
	}
}

func FuzzParseCommandLine(f *testing.F) {
	for _, s := range []string{
		"/whoendorses open weights opposes", `/person "Joëlle`, "help:me", "/whoendorses a:b c:\"d e\" page:",
		"\xff", "/quote “unterminated", strings.Repeat("x", 10000), "/whoendorses evolved toward", "/help whoendorses",
		"/quote open strategy:open weights person:yann lecun", "/whoendorses open source foo:bar", "/quote at 08:30 note:",
		"/story thomas wolf page:1", "/whoendorses \x1b[31mred",
	} {
		f.Add(s)
	}
	b, _, _ := newTestBot(f, testDataset(), Options{})
	f.Fuzz(func(t *testing.T, line string) {
		req, err := b.ParseCommandLine(line)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID || e.Message == "" {
				t.Fatalf("ParseCommandLine(%q) error %v is not an EINVALID *Error", line, err)
			}
			if msg := ErrorMessage(err); strings.ContainsAny(msg, "\x1b\x00\r") {
				t.Fatalf("ParseCommandLine(%q): the message echoes control characters: %q", line, msg)
			}
			return
		}
		cmd, ok := b.Command(req.Command)
		if !ok {
			t.Fatalf("ParseCommandLine(%q) returned unregistered command %q", line, req.Command)
		}
		for name, v := range req.Options {
			if _, ok := FindOption(cmd, name); !ok {
				t.Fatalf("ParseCommandLine(%q) set unknown option %q", line, name)
			}
			if !utf8.ValidString(v) {
				t.Fatalf("ParseCommandLine(%q) option %s is not UTF-8", line, name)
			}
		}
	})
}
