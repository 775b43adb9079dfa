package main

import (
	"strings"
	"testing"

	"github.com/stancebot/stancebot/adapters"
)

// TestBuildPlatformsRefusesAnUnknownHook: a hook under a name no platform
// has is an error, not silently unused.
func TestBuildPlatformsRefusesAnUnknownHook(t *testing.T) {
	cfg, err := loadConfig("", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	_, err = buildPlatforms(cfg, adapters.Env{}, adapterHooks{"discrod": func() {}})
	if err == nil || !strings.Contains(err.Error(), `"discrod": no such platform`) {
		t.Errorf("err %v, want the misspelled hook refused", err)
	}
}
