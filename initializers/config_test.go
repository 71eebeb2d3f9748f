package initializers

import (
	"encoding/json"
	"testing"
)

// The expected JSON is Keras's get_config of the same initializers.
func TestConfig(t *testing.T) {
	vs, _ := NewVarianceScaling(2, "fan_out", "uniform", 3)
	for _, c := range []struct {
		c    interface{ Config() map[string]any }
		want string
	}{
		{Zeros{}, `{}`},
		{Constant{Value: 0.1}, `{"value":0.1}`},
		{NewRandomNormal(), `{"mean":0,"seed":null,"stddev":0.05}`},
		{NewRandomUniform(7), `{"maxval":0.05,"minval":-0.05,"seed":7}`},
		{GlorotUniform(), `{"seed":null}`},
		{HeNormal(5), `{"seed":5}`},
		{vs, `{"distribution":"uniform","mode":"fan_out","scale":2,"seed":3}`},
		{NewOrthogonal(), `{"gain":1,"seed":null}`},
		{NewIdentity(), `{"gain":1}`},
	} {
		b, err := json.Marshal(c.c.Config())
		if err != nil || string(b) != c.want {
			t.Errorf("%T: %s, want %s (%v)", c.c, b, c.want, err)
		}
	}
}
