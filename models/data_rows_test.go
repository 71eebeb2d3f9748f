package models

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/tensor"
)

// Shuffled batches large enough to be gathered on several threads hold
// exactly the rows of the samples they name, on any number of threads,
// and every sample appears once per epoch.
func TestShuffledBatchesLargeRows(t *testing.T) {
	const n, row = 300, 500
	xd := make([]float32, n*row)
	yd := make([]int32, n)
	for r := range n {
		yd[r] = int32(r)
		for j := range row {
			xd[r*row+j] = float32(r*1000 + j)
		}
	}
	for _, threads := range []int{1, 2, 3} {
		prev := kernels.SetThreads(threads)
		a, err := newArrays([]any{tensor.Must(tensor.New([]int{n, row}, xd))}, []any{tensor.Must(tensor.New([]int{n}, yd))}, nil)
		if err != nil {
			t.Fatal(err)
		}
		a.batchSize, a.shuffle, a.rng = 256, true, tensor.NewRNG(5)
		for epoch := range 2 {
			seen := make([]bool, n)
			for {
				b, err := a.Next(context.Background())
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				x, y := b.X[0].(*tensor.Tensor[float32]).Data(), b.Y[0].(*tensor.Tensor[int32]).Data()
				for i, r := range y {
					if seen[r] {
						t.Fatalf("threads %d epoch %d: sample %d twice", threads, epoch, r)
					}
					seen[r] = true
					for j := range row {
						if x[i*row+j] != float32(int(r)*1000+j) {
							t.Fatalf("threads %d epoch %d: batch row %d (sample %d) value %d = %v", threads, epoch, i, r, j, x[i*row+j])
						}
					}
				}
			}
			for r, ok := range seen {
				if !ok {
					t.Fatalf("threads %d epoch %d: sample %d missing", threads, epoch, r)
				}
			}
		}
		kernels.SetThreads(prev)
	}
}
