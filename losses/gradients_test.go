package losses

import (
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// TestGradientsFiniteAtEdges trains-through check: every catalogue loss has
// finite values and gradients with respect to the predictions at the edge
// cases (perfectly confident predictions, all-zero predictions and labels).
func TestGradientsFiniteAtEdges(t *testing.T) {
	cases := []struct{ y, p []float32 }{
		{[]float32{1, 0, 0, 1}, []float32{1, 0, 0, 1}},
		{[]float32{1, 0, 0, 1}, []float32{0, 0, 0, 0}},
		{[]float32{0, 0, 0, 0}, []float32{0, 0, 0, 0}},
		{[]float32{0, 1, 1, 0}, []float32{0.3, 0.7, 0.5, 0.5}},
	}
	for _, name := range Names() {
		if name == "sparse_categorical_crossentropy" {
			continue
		}
		for ci, c := range cases {
			l, _ := Get(name)
			g := graph.New()
			p := g.Shared("p", f32([]int{2, 2}, c.p...))
			loss, err := Compute(l, g.Const(f32([]int{2, 2}, c.y...)), p, nil, "")
			if err != nil {
				t.Fatal(err)
			}
			grads := graph.Grad(loss, p)
			fn, err := graph.Function(nil, []*graph.Node{loss, grads[0]}, nil, nil)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			res, err := fn.Call()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if strings.HasPrefix(name, "categorical_") && strings.HasSuffix(name, "crossentropy") && ci >= 1 && ci <= 2 {
				// Keras divides the predictions by their sum: an all-zero
				// row is 0/0, NaN in Keras as here.
				if v := res[0].(*tensor.Tensor[float32]).Data()[0]; !math.IsNaN(float64(v)) {
					t.Errorf("%s case %d: %v, Keras gives NaN", name, ci, v)
				}
				continue
			}
			for k, r := range res {
				for _, v := range r.(*tensor.Tensor[float32]).Data() {
					if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
						t.Errorf("%s case %d: non-finite %s %v", name, ci, []string{"loss", "gradient"}[k], r.(*tensor.Tensor[float32]).Data())
						break
					}
				}
			}
		}
	}
}
