package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestDemoPrintsKerasOutput(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"demo"}, &out, &errOut); code != 0 {
		t.Fatalf("exit code %d, stderr %s", code, errOut.String())
	}
	s := out.String()
	for _, want := range []string{
		`Model: "sequential`, "│ dense", "(Dense)", " Total params: 3,265 (12.75 KB)",
		"Epoch 1/10\n", "Epoch 10/10\n", "32/32", " - accuracy: ", " - loss: ", "evaluate: loss ", "predict: (1000, 1)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("demo output lacks %q:\n%s", want, s)
		}
	}
	if code := run(context.Background(), []string{"demo", "extra"}, &out, &errOut); code != 2 {
		t.Errorf("demo with an argument: exit code %d", code)
	}
}

func TestBenchSeedPrintsOneJSONLine(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"bench", "seed", "--epochs", "2", "--train-samples", "64"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit code %d, stderr %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("stdout has %d lines: %q", len(lines), out.String())
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &r); err != nil {
		t.Fatal(err)
	}
	if r["workload"] != "seed" || r["impl"] != "gokeras" || r["epochs"] != 2.0 || r["steps"] != 4.0 {
		t.Errorf("result %v", r)
	}
	if !strings.Contains(errOut.String(), "epoch 2/2") {
		t.Errorf("stderr %q", errOut.String())
	}
	for _, args := range [][]string{{"bench", "mlp", "--dataset", "cifar"}, {"bench", "seed", "--nope"}} {
		if code := run(context.Background(), args, &out, &errOut); code != 2 {
			t.Errorf("%v: exit code %d, want 2", args, code)
		}
	}
}
