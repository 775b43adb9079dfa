package config_test

import (
	"testing"

	"github.com/stancebot/stancebot/config"
	"github.com/stancebot/stancebot/config/configtest"
)

func TestErrors(t *testing.T) {
	const secret = "xoxb-very-secret-value"
	configtest.Errors(t, []configtest.ErrorCase{
		{Name: "unknown key", File: "[http]\nlisten = \":1\"\nlistn = \":2\"\n", Key: "http.listn", Problem: "unknown key"},
		{Name: "unknown section", File: "[htp]\nlisten = \":1\"\n", Key: "htp", Problem: "unknown section"},
		{Name: "top-level key", File: "listen = \":1\"\n", Key: "listen", Problem: "belong in a section"},
		{Name: "section not a table", File: "http = 3\n", Key: "http", Problem: "want a table"},
		{Name: "nested table", File: "[http.tls]\ncert = \"x\"\n", Key: "http.tls", Problem: "unknown key"},
		{Name: "wrong type string", File: "[http]\nlisten = 8080\n", Key: "http.listen", Problem: "want a string, got integer 8080"},
		{Name: "wrong type int", File: "[limits]\nchannel_per_minute = \"5\"\n", Key: "limits.channel_per_minute", Problem: "want an integer"},
		{Name: "wrong type bool", File: "[digest]\nenabled = \"yes\"\n", Key: "digest.enabled", Problem: "want true or false"},
		{Name: "bad duration", File: "[http]\nshutdown_timeout = \"5x\"\n", Key: "http.shutdown_timeout", Problem: `got "5x"`},
		{Name: "duration as number", File: "[http]\nshutdown_timeout = 5\n", Key: "http.shutdown_timeout", Problem: "want a duration"},
		{Name: "zero shutdown", File: "[http]\nshutdown_timeout = \"0s\"\n", Key: "http.shutdown_timeout", Problem: "must be positive"},
		{Name: "negative cooldown", File: "[limits]\nuser_cooldown = \"-1s\"\n", Key: "limits.user_cooldown", Problem: "must not be negative"},
		{Name: "negative rate", File: "[limits]\nchannel_per_minute = -1\n", Key: "limits.channel_per_minute", Problem: "must not be negative"},
		{Name: "zero draft lifetime", File: "[limits]\ndraft_lifetime = \"0s\"\n", Key: "limits.draft_lifetime", Problem: "must be positive"},
		{Name: "negative draft lifetime", File: "", Env: map[string]string{"STANCEBOT_LIMITS_DRAFT_LIFETIME": "-1h"}, Key: "limits.draft_lifetime", Problem: "must be positive"},
		{Name: "zero option bytes", File: "[limits]\nmax_option_bytes = 0\n", Key: "limits.max_option_bytes", Problem: "must be positive"},
		{Name: "bad time zone", File: "[digest]\ndefault_zone = \"Mars/Olympus\"\n", Key: "digest.default_zone", Problem: "not an IANA time zone"},
		{Name: "local time zone", File: "[digest]\ndefault_zone = \"Local\"\n", Key: "digest.default_zone", Problem: "IANA time zone"},
		{Name: "bad time", File: "[digest]\ndefault_time = \"9am\"\n", Key: "digest.default_time", Problem: "HH:MM"},
		{Name: "bad log format", File: "[log]\nformat = \"xml\"\n", Key: "log.format", Problem: "not one of text, json"},
		{Name: "bad log level", File: "[log]\nlevel = \"verbose\"\n", Key: "log.level", Problem: "not one of"},
		{Name: "bad listen", File: "[http]\nlisten = \"8080\"\n", Key: "http.listen", Problem: "host:port"},
		{Name: "bad port", File: "[http]\nlisten = \":http\"\n", Key: "http.listen", Problem: "port must be a number"},
		{Name: "other secret-looking key", File: "[http]\napi_key = \"" + secret + "\"\n", Key: "http.api_key", Problem: "only from the environment"},
		{Name: "env bad duration", File: "", Env: map[string]string{"STANCEBOT_LIMITS_USER_COOLDOWN": "soon"}, Key: "limits.user_cooldown", Problem: `want a duration such as "10s"`},
		{Name: "env bad int", File: "", Env: map[string]string{"STANCEBOT_LIMITS_CHANNEL_PER_MINUTE": "many"}, Key: "limits.channel_per_minute", Problem: "want an integer"},
		{Name: "env bad bool", File: "", Env: map[string]string{"STANCEBOT_DIGEST_ENABLED": "maybe"}, Key: "digest.enabled", Problem: "want true or false"},
	}, func() []config.Section { return nil })
}
