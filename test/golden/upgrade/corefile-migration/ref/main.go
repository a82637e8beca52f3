// corefileref runs github.com/coredns/corefile-migration (the version upstream kubeadm v1.37.2
// builds with) over the cases on stdin (a JSON array of {from, to, corefile}) and prints, per
// case, what kubeadm-ts's src/upgrade/corefile-migration.ts must answer. Test tool only.
package main

import (
	"encoding/json"
	"os"

	"github.com/coredns/corefile-migration/migration"
)

type input struct {
	Name     string `json:"name"`
	From     string `json:"from"`
	To       string `json:"to"`
	Corefile string `json:"corefile"`
	// Deprecations migrates deprecated plugins/options at once (kubeadm passes false).
	Deprecations bool `json:"deprecations"`
}

type result struct {
	Name             string   `json:"name"`
	Migrated         *string  `json:"migrated,omitempty"`
	MigrateError     string   `json:"migrateError,omitempty"`
	Deprecated       []string `json:"deprecated"`
	DeprecatedSev    []string `json:"deprecatedSeverities"`
	DeprecatedError  string   `json:"deprecatedError,omitempty"`
	Unsupported      []string `json:"unsupported"`
	UnsupportedError string   `json:"unsupportedError,omitempty"`
	Default          bool     `json:"default"`
}

func strs(ns []migration.Notice) ([]string, []string) {
	out, sev := []string{}, []string{}
	for _, n := range ns {
		out = append(out, n.ToString())
		sev = append(sev, n.Severity)
	}
	return out, sev
}

func main() {
	var cases []input
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	results := []result{}
	for _, c := range cases {
		r := result{Name: c.Name}
		if m, err := migration.Migrate(c.From, c.To, c.Corefile, c.Deprecations); err != nil {
			r.MigrateError = err.Error()
		} else {
			r.Migrated = &m
		}
		if d, err := migration.Deprecated(c.From, c.To, c.Corefile); err != nil {
			r.DeprecatedError = err.Error()
			r.Deprecated, r.DeprecatedSev = []string{}, []string{}
		} else {
			r.Deprecated, r.DeprecatedSev = strs(d)
		}
		if u, err := migration.Unsupported(c.From, c.To, c.Corefile); err != nil {
			r.UnsupportedError = err.Error()
			r.Unsupported = []string{}
		} else {
			r.Unsupported, _ = strs(u)
		}
		r.Default = migration.Default("", c.Corefile)
		results = append(results, r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(results); err != nil {
		panic(err)
	}
}
