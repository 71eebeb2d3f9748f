package layers

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/gokeras/gokeras/tensor"
)

// ErrWeightBudget is wrapped by the error of a layer whose weights would
// take more scalars than its WeightBudget has left.
var ErrWeightBudget = errors.New("weight budget exceeded")

// WeightBudget bounds the number of scalars the layers it is given to
// (Base.SetWeightBudget) may create with AddWeight, all layers together.
// Loaders give one to every layer they build from a config, so that a
// hostile or mistaken config (Dense with 2⁴⁰ units) fails with an error
// naming the layer before anything is allocated. It is safe for
// concurrent use.
type WeightBudget struct {
	mu    sync.Mutex
	limit int64
	used  int64
}

// NewWeightBudget returns a budget of limit scalars; limit ≤ 0 means no
// bound (sizes are still checked for overflow).
func NewWeightBudget(limit int64) *WeightBudget { return &WeightBudget{limit: limit} }

// Limit returns the number of scalars the budget allows (≤ 0: no bound).
func (w *WeightBudget) Limit() int64 { return w.limit }

// Used returns the number of scalars charged so far.
func (w *WeightBudget) Used() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.used
}

// charge takes n scalars from the budget, or returns an error wrapping
// ErrWeightBudget and takes nothing.
func (w *WeightBudget) charge(n int64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.limit > 0 && (n > w.limit || w.used > w.limit-n) {
		return fmt.Errorf("%d scalars on top of the %d already created exceed the budget of %d: %w", n, w.used, w.limit, ErrWeightBudget)
	}
	if w.used > math.MaxInt64-n {
		return fmt.Errorf("the total number of scalars overflows: %w", ErrWeightBudget)
	}
	w.used += n
	return nil
}

// SetWeightBudget makes AddWeight charge the weights the layer creates
// from now on to w; nil removes the bound.
func (b *Base) SetWeightBudget(w *WeightBudget) { b.budget = w }

// WeightBudget returns the budget the layer's weights are charged to, or
// nil.
func (b *Base) WeightBudget() *WeightBudget { return b.budget }

// weightSize returns the number of scalars of a weight of the given
// shape, or an error for a negative dimension or a size that overflows.
func weightSize(shape []int) (int64, error) {
	n := int64(1)
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("negative dimension %d", d)
		}
		if d != 0 && n > math.MaxInt64/int64(d) {
			return 0, errors.New("the number of scalars overflows")
		}
		n *= int64(d)
	}
	if n > math.MaxInt/8 {
		return 0, fmt.Errorf("%d scalars cannot be allocated", n)
	}
	return n, nil
}

// checkWeight checks the size of a weight about to be created and charges
// it to the layer's budget.
func (b *Base) checkWeight(name string, shape []int) error {
	n, err := weightSize(shape)
	if err == nil && b.budget != nil {
		err = b.budget.charge(n)
	}
	if err != nil {
		return fmt.Errorf("layers: %s %q: weight %s of shape %s: %w", b.class, b.name, name, tensor.ShapeString(shape), err)
	}
	return nil
}
