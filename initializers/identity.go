package initializers

import (
	"fmt"

	"github.com/gokeras/gokeras/tensor"
)

func init() {
	register(func() Initializer { return NewIdentity() }, "identity", "Identity", "IdentityInitializer", "identity_initializer")
}

// Identity is Keras's Identity initializer: Gain times the identity matrix,
// Gain on the main diagonal of a (rows, cols) matrix and 0 elsewhere (a
// rectangular matrix gets min(rows, cols) ones, as numpy's eye). Keras's
// default Gain is 1. Only matrices (rank 2) can be initialized.
type Identity struct {
	// Gain is the value of the diagonal.
	Gain float64
}

// NewIdentity returns Identity with Keras's default gain 1.
func NewIdentity() *Identity { return &Identity{Gain: 1} }

// Init returns Gain·I.
func (id *Identity) Init(shape []int, _ *tensor.RNG) (*tensor.Tensor[float32], error) {
	if len(shape) != 2 {
		return nil, fmt.Errorf("initializers: Identity: expected a matrix shape (rank 2), received %s of rank %d", tensor.ShapeString(shape), len(shape))
	}
	t, err := tensor.Zeros[float32](shape...)
	if err != nil {
		return nil, err
	}
	d, cols := t.Data(), shape[1]
	for i := range min(shape[0], cols) {
		d[i*cols+i] = float32(id.Gain)
	}
	return t, nil
}

// ClassName returns "Identity".
func (*Identity) ClassName() string { return "Identity" }
