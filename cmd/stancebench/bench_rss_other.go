//go:build !unix

package main

// peakRSS is unknown where getrusage(2) is not available.
func peakRSS() (int64, bool) { return 0, false }
