package main

import (
	"io"
	"testing"
)

func TestRun(t *testing.T) {
	res, err := run(io.Discard, 150)
	if err != nil {
		t.Fatal(err)
	}
	if !(res.lastCost < res.firstCost/3) {
		t.Errorf("cost fell from %g to %g", res.firstCost, res.lastCost)
	}
	// A linear model cannot beat about 0.5 on the spiral.
	if res.testAcc < 0.85 {
		t.Errorf("test accuracy %g", res.testAcc)
	}
}
