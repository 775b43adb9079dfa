// Package configtest checks configuration errors the same way for every
// section: package config's own and each platform's. It is for tests only.
package configtest

import (
	"errors"
	"strings"
	"testing"

	"github.com/stancebot/stancebot/config"
	"github.com/stancebot/stancebot/internal/testenv"
)

// ErrorCase is one configuration that Load must refuse.
type ErrorCase struct {
	Name    string
	File    string // the file's content; "": no file
	Env     map[string]string
	Key     string // the *config.Error's key
	Problem string // a part of its problem
}

// Load loads the configuration from file (its content; "": no file) and
// env with the given sections, failing the test on an error.
func Load(t testing.TB, file string, env map[string]string, sections ...config.Section) *config.Config {
	t.Helper()
	c, err := config.Load(writeFile(t, file), config.MapEnv(env), sections...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// LoadSection loads the configuration from file and env, as Load does, with
// the one section newSection makes (a platform's NewConfig), and returns
// that section too.
func LoadSection[S config.Section](t testing.TB, file string, env map[string]string, newSection func() S) (*config.Config, S) {
	t.Helper()
	s := newSection()
	return Load(t, file, env, s), s
}

// writeFile writes content to a configuration file and returns its path;
// "" when content is "".
func writeFile(t testing.TB, content string) string {
	t.Helper()
	if content == "" {
		return ""
	}
	return testenv.File(t, "stancebot.toml", content)
}

// Errors loads each case with fresh sections and checks that it is refused
// with a *config.Error on the case's key, naming the key, starting with its
// source (the file or the variable of the case), and revealing no value
// containing "very-secret".
func Errors(t *testing.T, cases []ErrorCase, sections func() []config.Section) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			path := writeFile(t, tt.File)
			c, err := config.Load(path, config.MapEnv(tt.Env), sections()...)
			if err == nil {
				t.Fatalf("no error; config %+v", c)
			}
			var ce *config.Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *config.Error", err, err)
			}
			if ce.Key != tt.Key {
				t.Errorf("key %q, want %q (error: %v)", ce.Key, tt.Key, err)
			}
			if !strings.Contains(ce.Problem, tt.Problem) {
				t.Errorf("problem %q does not contain %q", ce.Problem, tt.Problem)
			}
			if !strings.Contains(err.Error(), tt.Key) {
				t.Errorf("message %q does not name the key %q", err, tt.Key)
			}
			if strings.Contains(err.Error(), "very-secret") {
				t.Errorf("message reveals a secret: %v", err)
			}
			fromDefault := ce.Source == "" || ce.Source == "default"
			switch {
			case fromDefault:
			case strings.HasPrefix(ce.Source, "env "):
				if _, ok := tt.Env[strings.TrimPrefix(ce.Source, "env ")]; !ok {
					t.Errorf("source %q is not a variable of the test", ce.Source)
				}
			case ce.Source != path:
				t.Errorf("source %q, want the file %q", ce.Source, path)
			}
			if !fromDefault && !strings.HasPrefix(err.Error(), ce.Source+": ") {
				t.Errorf("message %q does not start with its source %q", err, ce.Source)
			}
		})
	}
}
