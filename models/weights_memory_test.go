package models

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/gokeras/gokeras/layers"
)

// TestWeightAccessKeepsNoCopies reads, sets and saves the weights of a
// model whose weights live in its graph: once the results are dropped,
// the heap is back to the size of the weights (the compiled readers and
// writers keep no copy of them).
func TestWeightAccessKeepsNoCopies(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("measures the heap")
	}
	m := NewSequential(layers.NewDense(2048, layers.WithInputDim(2048)), layers.NewDense(2))
	if err := m.Compile("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.predictFunc(); err != nil {
		t.Fatal(err)
	}
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	const weights = 2048 * 2048 * 4
	before := heap()
	for range 3 {
		if err := m.SetWeights(m.GetWeights()); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := m.SaveTo(&buf); err != nil {
			t.Fatal(err)
		}
	}
	after := heap()
	runtime.KeepAlive(m)
	if after > before+weights/4 {
		t.Errorf("heap grew from %d to %d bytes (weights: %d) after reading, setting and saving the weights", before, after, weights)
	}
}
