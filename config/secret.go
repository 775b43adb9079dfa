package config

import "log/slog"

// redacted is how a set secret prints.
const redacted = "[redacted]"

// Secret is a value read from the environment that must never be printed or
// logged: every formatting path shows "[redacted]" (or "" when unset). Value
// returns the secret itself, for handing to a platform library.
type Secret struct{ value string }

// Value returns the secret.
func (s Secret) Value() string { return s.value }

// IsSet reports whether the secret has a non-empty value.
func (s Secret) IsSet() bool { return s.value != "" }

// String implements fmt.Stringer without revealing the secret.
func (s Secret) String() string {
	if s.value == "" {
		return ""
	}
	return redacted
}

// GoString implements fmt.GoStringer (the %#v verb) without revealing the secret.
func (s Secret) GoString() string { return `config.Secret{"` + s.String() + `"}` }

// LogValue implements slog.LogValuer without revealing the secret.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText implements encoding.TextMarshaler (JSON, TOML) without revealing the secret.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
