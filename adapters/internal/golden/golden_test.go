package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps failures instead of reporting them.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	panic(r) // stops Check as runtime.Goexit would
}

func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

// check runs Check with a recorder and returns the failures it reported.
func check(t *testing.T, path string, got []byte, update bool) []string {
	r := &recorder{TB: t}
	func() {
		defer func() {
			if p := recover(); p != nil && p != r {
				panic(p)
			}
		}()
		Check(r, path, got, update)
	}()
	return r.failures
}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "out.json")
	if f := check(t, path, []byte("one\n"), false); len(f) != 1 || !strings.Contains(f[0], "-update") {
		t.Errorf("a missing golden file: failures %q, want one naming -update", f)
	}
	if f := check(t, path, []byte("one\n"), true); len(f) != 0 {
		t.Errorf("update: failures %q", f)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "one\n" {
		t.Errorf("update wrote %q, %v", b, err)
	}
	if f := check(t, path, []byte("one\n"), false); len(f) != 0 {
		t.Errorf("the same output: failures %q", f)
	}
	if f := check(t, path, []byte("two\n"), false); len(f) != 1 || !strings.Contains(f[0], path) || !strings.Contains(f[0], "two") {
		t.Errorf("other output: failures %q, want one naming the file and showing the output", f)
	}
}
