package main

import (
	"io"
	"testing"
)

func TestRun(t *testing.T) {
	first, last, err := run(io.Discard, 200)
	if err != nil {
		t.Fatal(err)
	}
	// The noise has variance 0.01: a good fit leaves about that much.
	if !(last < 0.02 && last < first/100) {
		t.Errorf("cost fell from %g to %g", first, last)
	}
}
