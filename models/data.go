package models

import (
	"context"
	"fmt"
	"io"

	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/tensor"
)

// Batch is one batch of a Dataset: the model's inputs, the labels of its
// outputs and, optionally, a weight per sample for each output. Every
// tensor has the batch dimension first; inputs and labels are
// *tensor.Tensor[float32] or *tensor.Tensor[int32].
type Batch struct {
	X, Y         []any
	SampleWeight []*tensor.Tensor[float32]
}

// Dataset streams batches, so that data larger than memory can train: Fit,
// Evaluate and Predict take one in place of tensors.
type Dataset interface {
	// Next returns the next batch of the current epoch, or io.EOF when the
	// epoch is over; the call after io.EOF starts the next epoch. The
	// tensors of a batch may be reused once Next is called again.
	Next(ctx context.Context) (Batch, error)
	// Steps returns the number of batches per epoch, or 0 if unknown.
	Steps() int
}

// column is one array of the data: its rows and the buffer its batches are
// gathered into.
type column struct {
	f32    *tensor.Tensor[float32]
	i32    *tensor.Tensor[int32]
	row    int   // values per sample
	shape  []int // sample shape, batch first
	bufF   []float32
	bufI   []int32
	full   any // the reused full-batch tensor
	fullSz int
	cpF    rowCopy[float32]
	cpI    rowCopy[int32]
}

// rowCopy gathers rows of a column into a batch buffer. Shuffled batches
// read their rows from all over the data, so the copy waits on memory more
// than it computes; large batches share it over the kernels' worker pool.
type rowCopy[T float32 | int32] struct {
	dst, src []T
	idx      []int
	row      int
	group    kernels.Group
}

// rowCopyItem is the number of rows one work item copies; rowCopyParallel
// the number of values from which a batch's copy is shared.
const (
	rowCopyItem     = 16
	rowCopyParallel = 1 << 16
)

// run copies src's rows idx to dst, row after row.
func (r *rowCopy[T]) run(dst, src []T, idx []int, row int) {
	if len(idx)*row < rowCopyParallel {
		for i, k := range idx {
			copy(dst[i*row:(i+1)*row], src[k*row:(k+1)*row])
		}
		return
	}
	r.dst, r.src, r.idx, r.row = dst, src, idx, row
	r.group.For((len(idx)+rowCopyItem-1)/rowCopyItem, kernels.Threads(), r)
	r.dst, r.src, r.idx = nil, nil, nil
}

// Item copies the rows of work item item.
func (r *rowCopy[T]) Item(_, item int) {
	row := r.row
	for i := item * rowCopyItem; i < min((item+1)*rowCopyItem, len(r.idx)); i++ {
		k := r.idx[i]
		copy(r.dst[i*row:(i+1)*row], r.src[k*row:(k+1)*row])
	}
}

func newColumn(v any) (*column, error) {
	c := &column{}
	switch t := v.(type) {
	case *tensor.Tensor[float32]:
		c.f32, c.shape = t, t.Shape()
	case *tensor.Tensor[int32]:
		c.i32, c.shape = t, t.Shape()
	case *tensor.Tensor[float64]:
		c.f32 = tensor.Convert[float32](t)
		c.shape = t.Shape()
	case *tensor.Tensor[int64]:
		c.i32 = tensor.Convert[int32](t)
		c.shape = t.Shape()
	case nil:
		return nil, fmt.Errorf("nil data")
	default:
		return nil, fmt.Errorf("expected a *tensor.Tensor, received %T", v)
	}
	if len(c.shape) == 0 {
		return nil, fmt.Errorf("expected data with a batch dimension, received a scalar")
	}
	c.row = 1
	for _, d := range c.shape[1:] {
		c.row *= d
	}
	return c, nil
}

func (c *column) len() int { return c.shape[0] }

// batch returns the rows idx (or the range [lo, hi) if idx is nil) as a
// tensor whose storage is reused by the next call.
func (c *column) batch(idx []int, lo, hi int) any {
	n := hi - lo
	if idx != nil {
		n = len(idx)
	}
	t := c.gather(idx, lo, hi, n)
	if idx != nil {
		c.full, c.fullSz = t, n // the gather buffer's header, reused while n is the same
	}
	return t
}

// gather returns the rows as a tensor, reusing the last header when the
// rows were gathered into the same buffer with the same count.
func (c *column) gather(idx []int, lo, hi, n int) any {
	if idx != nil && c.full != nil && c.fullSz == n {
		c.fill(idx)
		return c.full
	}
	shape := append([]int{n}, c.shape[1:]...)
	if c.f32 != nil {
		src := c.f32.Data()
		var data []float32
		if idx == nil {
			data = src[lo*c.row : hi*c.row]
		} else {
			if len(c.bufF) < n*c.row {
				c.bufF = make([]float32, n*c.row)
			}
			data = c.bufF[:n*c.row]
			c.cpF.run(data, src, idx, c.row)
		}
		t, _ := tensor.New(shape, data)
		return t
	}
	src := c.i32.Data()
	var data []int32
	if idx == nil {
		data = src[lo*c.row : hi*c.row]
	} else {
		if len(c.bufI) < n*c.row {
			c.bufI = make([]int32, n*c.row)
		}
		data = c.bufI[:n*c.row]
		c.cpI.run(data, src, idx, c.row)
	}
	t, _ := tensor.New(shape, data)
	return t
}

// fill gathers the rows idx into the existing buffer.
func (c *column) fill(idx []int) {
	if c.f32 != nil {
		c.cpF.run(c.bufF, c.f32.Data(), idx, c.row)
		return
	}
	c.cpI.run(c.bufI, c.i32.Data(), idx, c.row)
}

// slice returns the rows [lo, hi) as a new column sharing storage.
func (c *column) slice(lo, hi int) *column {
	shape := append([]int{hi - lo}, c.shape[1:]...)
	d := &column{row: c.row, shape: shape}
	if c.f32 != nil {
		d.f32, _ = tensor.New(shape, c.f32.Data()[lo*c.row:hi*c.row])
	} else {
		d.i32, _ = tensor.New(shape, c.i32.Data()[lo*c.row:hi*c.row])
	}
	return d
}

// arrays is in-memory data: inputs, labels and sample weights with one row
// per sample, batched (and shuffled each epoch) as a Dataset.
type arrays struct {
	x, y, sw  []*column
	n         int
	batchSize int
	shuffle   bool
	rng       *tensor.RNG
	perm      []int
	pos       int
	started   bool
	batch     Batch
}

// newArrays checks that every array has the same number of samples.
func newArrays(x, y []any, sw []*tensor.Tensor[float32]) (*arrays, error) {
	a := &arrays{n: -1}
	add := func(dst *[]*column, what string, vs []any) error {
		for i, v := range vs {
			c, err := newColumn(v)
			if err != nil {
				return fmt.Errorf("models: %s %d: %v", what, i, err)
			}
			if a.n >= 0 && c.len() != a.n {
				return fmt.Errorf("models: data cardinality is ambiguous: %s %d has %d samples, expected %d like the inputs", what, i, c.len(), a.n)
			}
			a.n = c.len()
			*dst = append(*dst, c)
		}
		return nil
	}
	if err := add(&a.x, "input", x); err != nil {
		return nil, err
	}
	if err := add(&a.y, "labels", y); err != nil {
		return nil, err
	}
	sws := make([]any, len(sw))
	for i, t := range sw {
		sws[i] = t
	}
	if err := add(&a.sw, "sample_weight", sws); err != nil {
		return nil, err
	}
	return a, nil
}

// split returns the first and the last part of the data, the last holding
// a fraction frac of the samples (Keras's validation_split).
func (a *arrays) split(frac float64) (*arrays, *arrays) {
	k := int(float64(a.n) * (1 - frac))
	part := func(lo, hi int) *arrays {
		b := &arrays{n: hi - lo}
		for _, c := range a.x {
			b.x = append(b.x, c.slice(lo, hi))
		}
		for _, c := range a.y {
			b.y = append(b.y, c.slice(lo, hi))
		}
		for _, c := range a.sw {
			b.sw = append(b.sw, c.slice(lo, hi))
		}
		return b
	}
	return part(0, k), part(k, a.n)
}

// Steps returns the number of batches per epoch.
func (a *arrays) Steps() int { return (a.n + a.batchSize - 1) / a.batchSize }

// Next returns the next batch.
func (a *arrays) Next(ctx context.Context) (Batch, error) {
	if !a.started {
		a.started, a.pos = true, 0
		if a.shuffle {
			if a.perm == nil {
				a.perm = make([]int, a.n)
			}
			for i := range a.perm {
				a.perm[i] = i
			}
			a.rng.Shuffle(a.n, func(i, j int) { a.perm[i], a.perm[j] = a.perm[j], a.perm[i] })
		}
	}
	if a.pos >= a.n {
		a.started = false
		return Batch{}, io.EOF
	}
	lo, hi := a.pos, min(a.pos+a.batchSize, a.n)
	a.pos = hi
	var idx []int
	if a.shuffle {
		idx = a.perm[lo:hi]
	}
	b := &a.batch
	b.X, b.Y, b.SampleWeight = b.X[:0], b.Y[:0], b.SampleWeight[:0]
	for _, c := range a.x {
		b.X = append(b.X, c.batch(idx, lo, hi))
	}
	for _, c := range a.y {
		b.Y = append(b.Y, c.batch(idx, lo, hi))
	}
	for _, c := range a.sw {
		b.SampleWeight = append(b.SampleWeight, c.batch(idx, lo, hi).(*tensor.Tensor[float32]))
	}
	return *b, nil
}

// shapeOf returns the shape of a tensor value.
func shapeOf(v any) []int {
	switch t := v.(type) {
	case *tensor.Tensor[float32]:
		return t.Shape()
	case *tensor.Tensor[int32]:
		return t.Shape()
	case *tensor.Tensor[float64]:
		return t.Shape()
	case *tensor.Tensor[int64]:
		return t.Shape()
	}
	return nil
}

// asList turns a Keras-style data argument into a list of arrays: one
// tensor, a slice of tensors, or nil.
func asList(v any) ([]any, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []any:
		return v, nil
	case []*tensor.Tensor[float32]:
		out := make([]any, len(v))
		for i, t := range v {
			out[i] = t
		}
		return out, nil
	case *tensor.Tensor[float32], *tensor.Tensor[int32], *tensor.Tensor[float64], *tensor.Tensor[int64]:
		return []any{v}, nil
	}
	return nil, fmt.Errorf("models: expected a *tensor.Tensor or a slice of them, received %T", v)
}
