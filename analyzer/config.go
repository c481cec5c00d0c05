package analyzer

import (
	"flag"
	"fmt"
	"go/token"
	"slices"
	"strings"
)

// Config holds every setting of the analyzer. Command-line flags and
// plugin settings (for example golangci-lint's) both fill a Config and go
// through [Config.Validate], so they accept exactly the same values.
//
// The zero Config is valid: all rules on, signals decided by evidence, no
// extra or excluded functions, generated files skipped. The JSON names are
// the flag names, which golangci-lint's settings use too.
type Config struct {
	// Rules lists the enabled rule IDs (BP001, BP002, BP003). Empty means all.
	Rules []string `json:"rules"`
	// Signals selects what makes a Write…() bool result a write signal:
	// "evidence" (the default, see the package documentation) or "names",
	// under which the name alone does.
	Signals string `json:"signals"`
	// Funcs names extra signal functions, for APIs that cannot be annotated
	// with //bpvet:signal: "example.com/pkg.Send" or "(*example.com/pkg.Conn).send".
	Funcs []string `json:"funcs"`
	// Exclude names functions whose bool result is not a write signal, and
	// methods that BP003 does not take for sends, in the same syntax as Funcs.
	Exclude []string `json:"exclude"`
	// IncludeGenerated reports findings in generated files too.
	IncludeGenerated bool `json:"include-generated"`
}

// Values of [Config.Signals].
const (
	SignalsEvidence = "evidence"
	SignalsNames    = "names"
)

// Validate reports the first invalid setting.
func (c Config) Validate() error {
	_, err := c.compile()
	return err
}

// settings is a validated Config in the form the passes use.
type settings struct {
	rules            map[string]bool
	funcs            map[string]bool
	exclude          map[string]bool
	names            bool // -signals=names
	includeGenerated bool
}

func (c Config) compile() (*settings, error) {
	s := &settings{
		rules:            make(map[string]bool),
		funcs:            make(map[string]bool),
		exclude:          make(map[string]bool),
		includeGenerated: c.IncludeGenerated,
	}
	names, err := parseSignals(c.Signals)
	if err != nil {
		return nil, err
	}
	s.names = names
	for _, r := range c.Rules {
		id, err := parseRule(r)
		if err != nil {
			return nil, err
		}
		s.rules[id] = true
	}
	if len(s.rules) == 0 {
		for _, r := range Rules {
			s.rules[r.ID] = true
		}
	}
	for _, set := range []struct {
		names []string
		into  map[string]bool
	}{{c.Funcs, s.funcs}, {c.Exclude, s.exclude}} {
		for _, n := range set.names {
			name, err := parseFuncName(n)
			if err != nil {
				return nil, err
			}
			set.into[name] = true
		}
	}
	return s, nil
}

// parseSignals reports whether s selects the name-only rule.
func parseSignals(s string) (bool, error) {
	switch strings.TrimSpace(s) {
	case "", SignalsEvidence:
		return false, nil
	case SignalsNames:
		return true, nil
	}
	return false, fmt.Errorf("invalid signals %q: want %s or %s", s, SignalsEvidence, SignalsNames)
}

func parseRule(s string) (string, error) {
	id := strings.ToUpper(strings.TrimSpace(s))
	if ruleByID(id) == nil {
		return "", fmt.Errorf("unknown rule %q (known: %s)", s, strings.Join(ruleIDs(), ", "))
	}
	return id, nil
}

// parseFuncName checks and normalizes "pkg/path.Func",
// "(pkg/path.Type).Method" and "(*pkg/path.Type).Method". Type parameters
// ("(*pkg.T[E]).M") are dropped, since one name covers every instance.
func parseFuncName(s string) (string, error) {
	bad := func() (string, error) {
		return "", fmt.Errorf("invalid function name %q: want pkg/path.Func or (*pkg/path.Type).Method", s)
	}
	name := strings.TrimSpace(s)
	if strings.HasPrefix(name, "(") {
		end := strings.Index(name, ").")
		if end < 0 {
			return bad()
		}
		recv, method := name[1:end], name[end+2:]
		ptr := strings.HasPrefix(recv, "*")
		recv = strings.TrimPrefix(recv, "*")
		if i := strings.IndexByte(recv, '['); i >= 0 && strings.HasSuffix(recv, "]") {
			recv = recv[:i]
		}
		pkg, typ, ok := splitQualified(recv)
		if !ok || !token.IsIdentifier(method) {
			return bad()
		}
		return methodKey(pkg, typ, method, ptr), nil
	}
	pkg, fn, ok := splitQualified(name)
	if !ok {
		return bad()
	}
	return pkg + "." + fn, nil
}

// splitQualified splits "a/b/c.Name" into "a/b/c" and "Name".
func splitQualified(s string) (pkg, name string, ok bool) {
	dot := strings.LastIndexByte(s, '.')
	if dot <= 0 || dot < strings.LastIndexByte(s, '/') {
		return "", "", false
	}
	pkg, name = s[:dot], s[dot+1:]
	if strings.ContainsAny(pkg, " \t()*[]") || !token.IsIdentifier(name) {
		return "", "", false
	}
	return pkg, name, true
}

func methodKey(pkg, typ, method string, ptr bool) string {
	star := ""
	if ptr {
		star = "*"
	}
	return "(" + star + pkg + "." + typ + ")." + method
}

// bindFlags exposes c as flags of fs. Each flag validates its value when
// set, through the same parsers as Validate.
func (c *Config) bindFlags(fs *flag.FlagSet) {
	fs.Var(listFlag{&c.Rules, func(s string) error { _, err := parseRule(s); return err }},
		"rules", "comma-separated rule IDs to run (default all: "+strings.Join(ruleIDs(), ",")+")")
	fs.Var(checkedFlag{&c.Signals, func(s string) error { _, err := parseSignals(s); return err }},
		"signals", "what makes a Write…() bool result a write signal: evidence (its doc, result name or receiver says so) or names (the name alone) (default evidence)")
	fs.Var(listFlag{&c.Funcs, func(s string) error { _, err := parseFuncName(s); return err }},
		"funcs", "comma-separated extra signal functions, e.g. (*example.com/pkg.Conn).send")
	fs.Var(listFlag{&c.Exclude, func(s string) error { _, err := parseFuncName(s); return err }},
		"exclude", "comma-separated functions whose bool result is not a write signal, or methods BP003 does not take for sends")
	fs.BoolVar(&c.IncludeGenerated, "include-generated", c.IncludeGenerated, "also report findings in generated files")
}

// listFlag is a comma-separated list flag; repeating the flag appends.
type listFlag struct {
	list  *[]string
	check func(string) error
}

func (f listFlag) String() string {
	if f.list == nil {
		return ""
	}
	return strings.Join(*f.list, ",")
}

func (f listFlag) Set(v string) error {
	for item := range strings.SplitSeq(v, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		if err := f.check(item); err != nil {
			return err
		}
		if !slices.Contains(*f.list, item) {
			*f.list = append(*f.list, item)
		}
	}
	return nil
}

// Get lets the go/analysis drivers print the value in -json flag queries.
func (f listFlag) Get() any { return f.String() }

// checkedFlag is a string flag whose value is checked when set.
type checkedFlag struct {
	value *string
	check func(string) error
}

func (f checkedFlag) String() string {
	if f.value == nil {
		return ""
	}
	return *f.value
}

func (f checkedFlag) Set(v string) error {
	if err := f.check(v); err != nil {
		return err
	}
	*f.value = v
	return nil
}

// Get lets the go/analysis drivers print the value in -json flag queries.
func (f checkedFlag) Get() any { return f.String() }
