package bot

import "time"

// PlatformRateLimited is the Observer.PlatformError kind of a 429 (rate
// limited) answer from a platform's API; metrics count it apart.
const PlatformRateLimited = "rate_limited"

// NopObserver is an Observer that does nothing: the default of the core and
// the adapters when none is configured.
type NopObserver struct{}

// CommandDone implements Observer.
func (NopObserver) CommandDone(Platform, string, string, time.Duration) {}

// PlatformError implements Observer.
func (NopObserver) PlatformError(Platform, string) {}

// DigestSent implements Observer.
func (NopObserver) DigestSent(Platform) {}
