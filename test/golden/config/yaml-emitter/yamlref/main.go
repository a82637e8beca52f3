package main

import (
	"fmt"
	"io"
	"os"

	"sigs.k8s.io/yaml"
)

// Reads JSON on stdin, prints sigs.k8s.io/yaml JSONToYAML output.
func main() {
	b, _ := io.ReadAll(os.Stdin)
	y, err := yaml.JSONToYAML(b)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(y)
}
