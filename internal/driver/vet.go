package driver

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// runVet runs a over pats through "go vet -vettool=<this binary> -json" and
// prints the findings; it returns the exit code.
func runVet(a *analysis.Analyzer, flags, pats []string) int {
	var asJSON bool
	fs := vetFlagSet(a, &asJSON)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(flags); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", a.Name, err)
		return 2
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", a.Name, err)
		return 1
	}
	args := []string{"vet", "-vettool=" + self, "-json"}
	// The analyzer's flags pass through; go vet asks the tool for them.
	fs.Visit(func(f *flag.Flag) {
		if a.Flags.Lookup(f.Name) != nil {
			args = append(args, "-"+f.Name+"="+f.Value.String())
		}
	})
	args = append(args, pats...)

	cmd := exec.Command("go", args...)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
	runErr := cmd.Run()
	var exit *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exit) {
		fmt.Fprintf(os.Stderr, "%s: %v\n", a.Name, runErr)
		return 1
	}

	tree, err := readTree(&stdout)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: reading go vet output: %v\n", a.Name, err)
		return 1
	}
	code := 0
	if asJSON {
		err = tree.writeJSON(os.Stdout)
	} else {
		wd, _ := os.Getwd()
		code, err = tree.writeText(os.Stderr, wd)
	}
	if err != nil || runErr != nil {
		return 1 // go vet has printed why on stderr
	}
	return code
}

// tree is the JSON form of analysis results shared by the go/analysis
// drivers: package ID, then analyzer name, then either a list of
// diagnostics or an error object.
type tree map[string]map[string]json.RawMessage

// readTree merges the stream of trees go vet prints, one per package.
func readTree(r io.Reader) (tree, error) {
	t := make(tree)
	dec := json.NewDecoder(r)
	for {
		var part tree
		if err := dec.Decode(&part); err == io.EOF {
			return t, nil
		} else if err != nil {
			return nil, err
		}
		for id, byAnalyzer := range part {
			if t[id] == nil {
				t[id] = make(map[string]json.RawMessage)
			}
			for name, v := range byAnalyzer {
				t[id][name] = v
			}
		}
	}
}

func (t tree) writeJSON(w io.Writer) error {
	b, err := json.MarshalIndent(t, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

type diagnostic struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
	Related []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	} `json:"related"`
}

// writeText prints the findings as the in-process driver does, in package
// order, with positions under dir made relative as go vet does. It returns
// the exit code: 1 if an analysis failed, else 3 if anything was reported.
func (t tree) writeText(w io.Writer, dir string) (code int, err error) {
	rel := func(posn string) string {
		if dir != "" {
			if r, ok := strings.CutPrefix(posn, dir+string(filepath.Separator)); ok {
				return r
			}
		}
		return posn
	}
	ids := make([]string, 0, len(t))
	for id := range t {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var buf bytes.Buffer
	for _, id := range ids {
		names := make([]string, 0, len(t[id]))
		for name := range t[id] {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			raw := t[id][name]
			var failed struct{ Error string }
			if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
				if err := json.Unmarshal(raw, &failed); err != nil {
					return 1, err
				}
				fmt.Fprintf(&buf, "%s: %s: %s\n", strings.TrimSpace(id), name, failed.Error)
				code = 1
				continue
			}
			var diags []diagnostic
			if err := json.Unmarshal(raw, &diags); err != nil {
				return 1, err
			}
			for _, d := range diags {
				fmt.Fprintf(&buf, "%s: %s\n", rel(d.Posn), d.Message)
				for _, r := range d.Related {
					fmt.Fprintf(&buf, "\t%s: %s\n", rel(r.Posn), r.Message)
				}
				if code == 0 {
					code = 3
				}
			}
		}
	}
	_, err = w.Write(buf.Bytes())
	return code, err
}
