package main

import (
	"io"
	"testing"
)

func TestRun(t *testing.T) {
	plain, err := run(io.Discard, 300, 0)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := run(io.Discard, 300, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []result{plain, reg} {
		if !(r.lastCost < r.firstCost*0.8) {
			t.Errorf("cost fell from %g to %g", r.firstCost, r.lastCost)
		}
	}
	if !(plain.trainAcc > 0.95 && reg.testAcc > plain.testAcc+0.05) {
		t.Errorf("without L2: train %g, test %g; with L2: train %g, test %g; want L2 to generalise better",
			plain.trainAcc, plain.testAcc, reg.trainAcc, reg.testAcc)
	}
}
