package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestBenchGEMMPrintsOneJSONLine(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"bench", "gemm", "--sizes", "16,33", "--min-time", "1ms", "--repeats", "1"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit code %d, stderr %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("stdout has %d lines, want 1: %q", len(lines), out.String())
	}
	var res struct {
		Workload string             `json:"workload"`
		Impl     string             `json:"impl"`
		Threads  int                `json:"threads"`
		GFLOPS   map[string]float64 `json:"gflops"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &res); err != nil {
		t.Fatal(err)
	}
	if res.Workload != "gemm" || res.Impl != "gokeras" || res.Threads < 1 || res.GFLOPS["16"] <= 0 || res.GFLOPS["33"] <= 0 {
		t.Errorf("unexpected result %+v", res)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"bench"}, {"bench", "nope"}, {"bench", "gemm", "--sizes", "0"}, {"bench", "gemm", "extra"}} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, &out, &errOut); code != 2 {
			t.Errorf("%q: exit code %d, want 2 (stderr %q)", args, code, errOut.String())
		}
		if out.Len() != 0 {
			t.Errorf("%q: wrote to stdout: %q", args, out.String())
		}
	}
}
