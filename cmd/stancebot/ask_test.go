package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/bot"
)

func TestAsk(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"ask", "--data", dir, "/whoendorses open source"}, 0, "Stated endorsers: 38"},
		{[]string{"ask", "--data", dir, "/whoendorses", "open", "weights"}, 0, "Principal voices:"},
		{[]string{"ask", "--data", dir, "/person joelle pineau"}, 0, "Joëlle Pineau"},
		{[]string{"ask", "--data", dir, "/whoendorses open sauce"}, 3, `No strategy called "open sauce". Closest: Open source.`},
		{[]string{"ask", "--data", dir, "--json", "/person nobody at all"}, 3, `"error": "not_found"`},
		{[]string{"ask", "--data", dir, "/person", "joelle", "pineau", "--json"}, 0, `"person_id": "joelle-pineau"`},
		{[]string{"ask", "--data", dir, "/whoendorses"}, 2, "/whoendorses needs a strategy"},
		{[]string{"ask", "--data", dir, "/nosuch"}, 2, "Unknown command /nosuch."},
		{[]string{"ask", "--data", dir, strings.Repeat("\xfe junk ", 1500)}, 2, "invalid UTF-8"},
		{[]string{"ask", "--data", dir, strings.Repeat("junk ", 2100)}, 2, "too long"},
		{[]string{"ask", "--data", dir}, 2, ""},
		{[]string{"ask", "--nosuchflag"}, 2, ""},
		{[]string{"ask", "-h"}, 0, ""},
		{[]string{"import", "--help"}, 0, ""},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		code := run(context.Background(), tt.args, strings.NewReader(""), &out, &errOut)
		if code != tt.code {
			t.Errorf("%.60q: exit %d, want %d (stderr %q)", tt.args, code, tt.code, errOut.String())
		}
		if !strings.Contains(out.String(), tt.contains) {
			t.Errorf("%.60q: output lacks %q:\n%s", tt.args, tt.contains, out.String())
		}
		if tt.code >= 2 && !strings.Contains(tt.contains, `"`) && strings.Count(strings.TrimSpace(out.String()), "\n") > 0 {
			t.Errorf("%.60q: an error takes more than one line:\n%s", tt.args, out.String())
		}
		if tt.code >= 2 && tt.contains != "" && errOut.Len() > 0 {
			t.Errorf("%.60q: the error is said twice; stderr: %q", tt.args, errOut.String())
		}
	}
}

func TestAskJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"ask", "--data", t.TempDir(), "--json", "/whoendorses open-source page:2"}, nil, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var r bot.Reply
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("not a JSON Reply: %v\n%s", err, out.String())
	}
	if r.Page != 2 || r.Pages != 5 || len(r.Actions) < 2 || r.Actions[1].Command != "/whoendorses open-source page:3" || !strings.HasPrefix(r.Actions[len(r.Actions)-1].Command, "/dispute ") {
		t.Errorf("page %d of %d, actions %+v", r.Page, r.Pages, r.Actions)
	}
}

func TestConsoleSubcommand(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"--data", dir}, {"console", "--data", dir}} {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, strings.NewReader("/strategies\nquit\n"), &out, &errOut)
		if code != 0 || !strings.Contains(out.String(), "Open source") {
			t.Errorf("%q: exit %d, output:\n%s\nstderr: %s", args, code, out.String(), errOut.String())
		}
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"console", "--data", dir, "extra"}, nil, &out, &errOut); code != 2 {
		t.Errorf("console with an argument: exit %d", code)
	}
}
