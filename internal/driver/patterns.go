package driver

import (
	"fmt"
	"os/exec"
	"strings"
)

// checkPatterns reports the first package pattern the go command cannot
// resolve, on one line, before anything is loaded. The always-valid std
// and cmd are not checked.
func checkPatterns(pats []string) error {
	var check []string
	for _, p := range pats {
		if p != "std" && p != "cmd" {
			check = append(check, p)
		}
	}
	if len(check) == 0 {
		return nil
	}
	cmd := exec.Command("go", append([]string{"list", "-e", "-find", "-f", "{{with .Error}}{{.}}{{end}}", "--"}, check...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	msg := strings.TrimSpace(string(out))
	if err != nil {
		msg = strings.TrimSpace(stderr.String())
	}
	if msg == "" {
		return nil
	}
	first, _, _ := strings.Cut(msg, "\n")
	first, _, _ = strings.Cut(first, "; to add it")
	return fmt.Errorf("%s", strings.TrimSpace(first))
}
