package regularizers

import (
	"encoding/json"
	"testing"
)

// The expected JSON is Keras's get_config of the same regularizers.
func TestConfig(t *testing.T) {
	for _, c := range []struct {
		c    interface{ Config() map[string]any }
		want string
	}{
		{L1(0.01), `{"l1":0.01}`},
		{L2(0.5), `{"l2":0.5}`},
		{L1L2(0, 0.25), `{"l1":0,"l2":0.25}`},
		{&OrthogonalRegularizer{Factor: 0.01, Mode: "rows"}, `{"factor":0.01,"mode":"rows"}`},
	} {
		b, err := json.Marshal(c.c.Config())
		if err != nil || string(b) != c.want {
			t.Errorf("%T: %s, want %s (%v)", c.c, b, c.want, err)
		}
	}
}
