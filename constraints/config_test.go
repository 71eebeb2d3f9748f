package constraints

import (
	"encoding/json"
	"testing"
)

// The expected JSON is Keras's get_config of the same constraints.
func TestConfig(t *testing.T) {
	for _, c := range []struct {
		c    interface{ Config() map[string]any }
		want string
	}{
		{NewMaxNorm(), `{"axis":0,"max_value":2}`},
		{&MaxNorm{MaxValue: 3, Axis: []int{0, 1, 2}}, `{"axis":[0,1,2],"max_value":3}`},
		{NonNeg{}, `{}`},
		{&UnitNorm{}, `{"axis":0}`},
		{NewMinMaxNorm(), `{"axis":0,"max_value":1,"min_value":0,"rate":1}`},
	} {
		b, err := json.Marshal(c.c.Config())
		if err != nil || string(b) != c.want {
			t.Errorf("%T: %s, want %s (%v)", c.c, b, c.want, err)
		}
	}
}
