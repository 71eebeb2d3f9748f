package layers

import (
	"testing"

	"github.com/gokeras/gokeras/graph"
)

// The automatic names of the core layers are Keras's: the snake_case of
// the class name ("re_lu" for ReLU, as Keras names it).
func TestCoreLayerAutoNames(t *testing.T) {
	ClearSession()
	id := func(x *graph.Node) *graph.Node { return x }
	for _, c := range []struct {
		l    Layer
		want string
	}{
		{NewReLU(), "re_lu"},
		{NewReLU(), "re_lu_1"},
		{NewLeakyReLU(), "leaky_re_lu"},
		{NewPReLU(), "p_re_lu"},
		{NewELU(), "elu"},
		{NewSoftmax(), "softmax"},
		{NewPermute([]int{1}), "permute"},
		{NewRepeatVector(2), "repeat_vector"},
		{NewActivityRegularization(), "activity_regularization"},
		{NewIdentity(), "identity"},
		{NewLambda(id), "lambda"},
		{NewGaussianNoise(0.1), "gaussian_noise"},
		{NewGaussianDropout(0.1), "gaussian_dropout"},
		{NewAlphaDropout(0.1), "alpha_dropout"},
		{NewMasking(), "masking"},
	} {
		b := c.l.LayerBase()
		if b.Name() != c.want || b.Err() != nil {
			t.Errorf("%s: name %q (error %v), want %q", b.ClassName(), b.Name(), b.Err(), c.want)
		}
	}
	if n := NewELU(WithName("act")).Name(); n != "act" {
		t.Errorf("WithName: %q", n)
	}
}
