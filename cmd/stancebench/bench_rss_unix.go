//go:build unix

package main

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// peakRSS returns the process's peak resident set size in bytes: VmHWM of
// /proc/self/status where there is one (Linux), else getrusage(2)
// ru_maxrss. On Linux ru_maxrss is not used because it survives exec: a
// process started by Go's os/exec (vfork) inherits its parent's peak.
func peakRSS() (int64, bool) {
	if v, ok := procStatus()["VmHWM"]; ok {
		return v, true
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss), true // bytes on macOS
	}
	return int64(ru.Maxrss) * 1024, true // kilobytes elsewhere
}

// rssNow returns the process's resident memory now, in bytes, split into
// anonymous memory (the Go heap, stacks, SQLite's page cache) and pages of
// mapped files (the index's segments, which bleve maps): RssAnon and
// RssFile of /proc/self/status (Linux only).
func rssNow() (anon, file int64, ok bool) {
	st := procStatus()
	anon, okA := st["RssAnon"]
	file, okF := st["RssFile"]
	return anon, file, okA && okF
}

// procStatus reads the kB values of /proc/self/status, in bytes, by name;
// empty where there is no such file.
func procStatus() map[string]int64 {
	out := map[string]int64{}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), ":")
		v, isKB := strings.CutSuffix(strings.TrimSpace(v), " kB")
		if !ok || !isKB {
			continue
		}
		if kb, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			out[name] = kb * 1024
		}
	}
	return out
}
