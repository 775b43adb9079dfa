// Package config is the configuration of `stancebot serve`: a TOML file whose
// every value has a default and can be overridden by an environment variable
// (STANCEBOT_<SECTION>_<KEY>, e.g. STANCEBOT_HTTP_LISTEN). Secrets (tokens,
// signing secrets, public keys) are read only from the environment, from the
// variables the file names in its *_env settings; a secret in the file is an
// error. A platform's section ([discord], [slack]) is declared by the
// platform's package as a Section and given to Load.
package config

import (
	"time"

	// The IANA time zone database, embedded so that zones resolve in a static
	// container image without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// Platform modes every platform section shares; a platform declares its
// other modes. ModeAuto is resolved by Load: a platform whose secrets are set
// in the environment is enabled, one with none is off.
const (
	ModeAuto = "auto"
	ModeOff  = "off"
	ModeHTTP = "http" // HTTP endpoints on [http] listen
)

// Config is the whole configuration, after defaults, the file, the
// environment and validation. Load returns it with Mode fields resolved (never
// ModeAuto) and secrets read.
type Config struct {
	Data   Data
	Log    Log
	HTTP   HTTP
	Digest Digest
	Limits Limits
	// Sources are the [[source]] tables: repositories serve follows.
	Sources []Source

	// platforms are the platform sections Load was given, in the order of
	// config.example.toml.
	platforms []Section

	// sources records where each setting came from ("default", a file path
	// or an environment variable), by key.
	sources map[string]string
	// resolvedAuto lists the mode settings Load resolved from ModeAuto.
	resolvedAuto []string
	// file is the configuration file's path; "" when none was read.
	file string
}

// Data is the [data] section.
type Data struct {
	// Dir is the data directory: the SQLite store and the index. "" is the
	// user's data directory, as for every subcommand ($XDG_DATA_HOME/stancebot,
	// else ~/.local/share/stancebot).
	Dir string
}

// Log is the [log] section.
type Log struct {
	Format string // "text" or "json"
	Level  string // "debug", "info", "warn" or "error"
}

// HTTP is the [http] section: the one listener for platform endpoints,
// /healthz, /readyz and /metrics.
type HTTP struct {
	Listen          string        // host:port
	ShutdownTimeout time.Duration // how long answers in flight may take after SIGTERM
}

// Digest is the [digest] section.
type Digest struct {
	Enabled     bool   // run the daily digest scheduler
	DefaultTime string // "HH:MM", when a subscription gives no time
	DefaultZone string // IANA zone name, when a subscription gives none

	// Location is DefaultZone, loaded.
	Location *time.Location
}

// Limits is the [limits] section.
type Limits struct {
	UserCooldown     time.Duration // minimum time between two commands of one user; 0: none
	ChannelPerMinute int           // commands answered per channel per minute; 0: no limit
	MaxOptionBytes   int           // longest accepted option value
	ProposalsPerDay  int           // proposals (and, apart, disputes) one user may submit in 24 hours; 0: no limit
	DraftLifetime    time.Duration // how long a /propose draft waits to be submitted before it expires
}

// Defaults returns the configuration used when neither the file nor the
// environment says otherwise, without platform sections (each platform's
// package gives its own defaults).
func Defaults() *Config {
	return &Config{
		Data:   Data{Dir: ""},
		Log:    Log{Format: "text", Level: "info"},
		HTTP:   HTTP{Listen: "127.0.0.1:8080", ShutdownTimeout: 10 * time.Second},
		Digest: Digest{Enabled: true, DefaultTime: "09:00", DefaultZone: "UTC", Location: time.UTC},
		Limits: Limits{UserCooldown: 2 * time.Second, ChannelPerMinute: 30, MaxOptionBytes: 2000, ProposalsPerDay: 10, DraftLifetime: 7 * 24 * time.Hour},
	}
}

// Source says where the setting with the given key ("http.listen") got its
// value: "default", the config file's path, or "env STANCEBOT_HTTP_LISTEN".
func (c *Config) Source(key string) string {
	if s, ok := c.sources[key]; ok {
		return s
	}
	return sourceDefault
}

// Platforms returns the platform sections, in the order Load was given them.
func (c *Config) Platforms() []Section { return c.platforms }

// AnyPlatform reports whether any platform's mode is not ModeOff.
func (c *Config) AnyPlatform() bool {
	for _, p := range c.platforms {
		if p.CurrentMode() != ModeOff {
			return true
		}
	}
	return false
}
