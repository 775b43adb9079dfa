// Package config is the configuration of `stancebot serve`: a TOML file whose
// every value has a default and can be overridden by an environment variable
// (STANCEBOT_<SECTION>_<KEY>, e.g. STANCEBOT_HTTP_LISTEN). Secrets (tokens,
// signing secrets, public keys) are read only from the environment, from the
// variables the file names in its *_env settings; a secret in the file is an
// error.
package config

import (
	"time"

	// The IANA time zone database, embedded so that zones resolve in a static
	// container image without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// Platform modes. ModeAuto is resolved by Load: a platform whose secrets are
// set in the environment is enabled, one with none is off.
const (
	ModeAuto    = "auto"
	ModeOff     = "off"
	ModeGateway = "gateway" // Discord: the gateway websocket (bot token)
	ModeHTTP    = "http"    // Discord and Slack: HTTP endpoints on [http] listen
	ModeSocket  = "socket"  // Slack: Socket Mode (app-level token)
)

// Config is the whole configuration, after defaults, the file, the
// environment and validation. Load returns it with Mode fields resolved (never
// ModeAuto) and secrets read.
type Config struct {
	Data    Data
	Log     Log
	HTTP    HTTP
	Discord Discord
	Slack   Slack
	Digest  Digest
	Limits  Limits
	// Sources are the [[source]] tables: repositories serve follows.
	Sources []Source

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

// Discord is the [discord] section.
type Discord struct {
	Mode             string // auto, gateway, http or off
	AppID            string // the application id; empty: read from AppIDEnv
	GuildID          string // register commands in this guild only (development)
	InteractionsPath string // where HTTP mode's interactions endpoint is mounted
	APIURL           string // REST base URL in place of Discord's (a rate-limit proxy); "": Discord's
	TokenEnv         string // names the variable holding the bot token
	PublicKeyEnv     string // names the variable holding the application's public key
	AppIDEnv         string // names the variable holding the application id

	Token     Secret // from TokenEnv
	PublicKey Secret // from PublicKeyEnv
}

// Slack is the [slack] section.
type Slack struct {
	Mode             string   // auto, socket, http or off
	AdminUsers       []string // user ids allowed to manage digests besides workspace admins
	APIURL           string   // Web API base URL in place of Slack's (GovSlack's domain); "": Slack's
	BotTokenEnv      string   // names the variable holding the bot token (xoxb-)
	AppTokenEnv      string   // names the variable holding the app-level token (xapp-)
	SigningSecretEnv string   // names the variable holding the signing secret

	BotToken      Secret // from BotTokenEnv
	AppToken      Secret // from AppTokenEnv
	SigningSecret Secret // from SigningSecretEnv
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
	ProposalsPerDay  int           // proposals one user may submit in 24 hours; 0: no limit
}

// Defaults returns the configuration used when neither the file nor the
// environment says otherwise. Platform modes are ModeAuto and no secret is set.
func Defaults() *Config {
	return &Config{
		Data: Data{Dir: ""},
		Log:  Log{Format: "text", Level: "info"},
		HTTP: HTTP{Listen: "127.0.0.1:8080", ShutdownTimeout: 10 * time.Second},
		Discord: Discord{
			Mode:             ModeAuto,
			InteractionsPath: "/discord/interactions",
			TokenEnv:         "DISCORD_TOKEN",
			PublicKeyEnv:     "DISCORD_PUBLIC_KEY",
			AppIDEnv:         "DISCORD_APP_ID",
		},
		Slack: Slack{
			Mode:             ModeAuto,
			AdminUsers:       []string{},
			BotTokenEnv:      "SLACK_BOT_TOKEN",
			AppTokenEnv:      "SLACK_APP_TOKEN",
			SigningSecretEnv: "SLACK_SIGNING_SECRET",
		},
		Digest: Digest{Enabled: true, DefaultTime: "09:00", DefaultZone: "UTC", Location: time.UTC},
		Limits: Limits{UserCooldown: 2 * time.Second, ChannelPerMinute: 30, MaxOptionBytes: 2000, ProposalsPerDay: 10},
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
