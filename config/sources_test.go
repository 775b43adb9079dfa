package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSources(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []Source
		wantErr   []string
	}{
		{"none", "", nil, nil},
		{"the board, defaults", "[[source]]\nkind = \"atlas\"\nurl = \"https://github.com/NoahLloyd/strategy-atlas\"\n",
			[]Source{{Name: "atlas", Kind: "atlas", URL: "https://github.com/NoahLloyd/strategy-atlas", Every: 6 * time.Hour}}, nil},
		{"every field, two sources", `[[source]]
kind = "atlas"
url = "https://github.com/NoahLloyd/strategy-atlas"
branch = "main"
every = "30m"

[[source]]
name = "atlas-fork"
kind = "atlas"
url = "/srv/fork"
every = "1m"
`, []Source{
			{Name: "atlas", Kind: "atlas", URL: "https://github.com/NoahLloyd/strategy-atlas", Branch: "main", Every: 30 * time.Minute},
			{Name: "atlas-fork", Kind: "atlas", URL: "/srv/fork", Every: time.Minute},
		}, nil},
		{"mistakes", `[[source]]
kind = "git"
every = "10s"
colour = "blue"

[[source]]
kind = "atlas"
url = 3

[[source]]
kind = "atlas"
url = "x"

[[source]]
kind = "atlas"
url = "y"
name = "Atlas!"
`, nil, []string{
			`source[1]: kind "git": want "atlas"`, `source[1]: url: the repository's URL or path is required`,
			`source[1]: every 10s: at least 1m0s`, `source[1]: unknown key "colour"`,
			`source[2]: url: want a string, got integer 3`, `source[3]: name "atlas": another [[source]] has it`,
			`source[4]: name "Atlas!": want lower-case`,
		}},
		{"a table, not an array of tables", "[source]\nkind = \"atlas\"\n", nil, []string{"want tables [[source]], got a table"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "stancebot.toml")
			if err := os.WriteFile(path, []byte(tt.doc), 0o600); err != nil {
				t.Fatal(err)
			}
			c, err := Load(path, MapEnv(nil))
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("no error, want %q", tt.wantErr)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error does not say %q:\n%v", w, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.Sources, tt.want) {
				t.Errorf("sources %+v, want %+v", c.Sources, tt.want)
			}
			n := 0
			for _, s := range c.Settings() {
				if strings.HasPrefix(s.Key, "source.") {
					n++
					if s.Source != path {
						t.Errorf("%s from %q, want the file", s.Key, s.Source)
					}
				}
			}
			if n != 4*len(tt.want) {
				t.Errorf("%d source settings shown, want %d", n, 4*len(tt.want))
			}
		})
	}
}
