// Package lab holds what the examples and the benches share to measure
// memory and to stand in for a slow consumer.
//
// The RSS functions read /proc and are Linux-only: elsewhere they return an
// error. They read VmHWM rather than getrusage's ru_maxrss because the
// latter also counts the memory of the process that exec'd this one: under
// go run, the go command's own tens of MiB.
package lab

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
)

// PeakRSS returns the calling process's peak resident set size (VmHWM) in
// bytes.
func PeakRSS() (int64, error) { return field("/proc/self/status", "VmHWM:") }

// RSS returns the calling process's resident set size (VmRSS) in bytes.
func RSS() (int64, error) { return field("/proc/self/status", "VmRSS:") }

// RSSOf returns the resident set size (VmRSS) of process pid in bytes.
func RSSOf(pid int) (int64, error) {
	return field("/proc/"+strconv.Itoa(pid)+"/status", "VmRSS:")
}

// MiB formats a size in bytes, or "?" after an error, for printing.
func MiB(n int64, err error) string {
	if err != nil {
		return "?"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
}

// field returns the "key  N kB" line of a /proc status file in bytes.
func field(path, key string) (int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	_, rest, ok := bytes.Cut(b, []byte(key))
	if !ok {
		return 0, fmt.Errorf("%s: no %s line", path, key)
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	kib, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(line), []byte("kB")))), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: %s: %w", path, key, err)
	}
	return kib << 10, nil
}
