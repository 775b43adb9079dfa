//go:build !unix

package main

// peakRSS is unknown where getrusage(2) is not available.
func peakRSS() (int64, bool) { return 0, false }

// rssNow is unknown where /proc/self/status is not available.
func rssNow() (anon, file int64, ok bool) { return 0, 0, false }
