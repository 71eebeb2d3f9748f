package workload

import (
	"context"
	"encoding/json"
	"testing"
)

func TestSeedJSONKeys(t *testing.T) {
	r, err := Seed(context.Background(), FitOptions{Epochs: 2, TrainSamples: 100, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	// The keys the PyTorch peer prints for the seed workload.
	for _, k := range []string{"workload", "threads", "impl", "optimizer", "epochs", "batch_size", "train_samples",
		"steps", "fit_s", "s_per_epoch", "epoch_s", "ms_per_step", "samples_per_s", "final_loss", "final_acc",
		"train_eval_loss", "train_eval_acc"} {
		if _, ok := m[k]; !ok {
			t.Errorf("missing key %q in %s", k, b)
		}
	}
	if m["workload"] != "seed" || m["impl"] != "gokeras" || m["steps"] != 8.0 || m["batch_size"] != 32.0 {
		t.Errorf("unexpected result %s", b)
	}
	if r.FinalLoss <= 0 || r.FinalAcc <= 0 || r.FitS <= 0 || len(r.EpochS) != 2 {
		t.Errorf("implausible result %s", b)
	}
}
