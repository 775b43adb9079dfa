package bot

import "time"

// nopObserver is the Observer used when none is configured.
type nopObserver struct{}

func (nopObserver) CommandDone(Platform, string, string, time.Duration) {}
func (nopObserver) PlatformError(Platform, string)                      {}
func (nopObserver) DigestSent(Platform)                                 {}
