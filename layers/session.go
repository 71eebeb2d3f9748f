package layers

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/gokeras/gokeras/tensor"
)

// session holds the process-wide state Keras keeps in its backend: the
// counters behind automatic names, and the seed generator that hands each
// new layer (and each model) its own random stream.
var session = struct {
	sync.Mutex
	names   map[string]int
	seed    uint64
	streams uint64
}{names: map[string]int{}}

// SetRandomSeed restarts the random streams handed to new layers and
// models from seed, as keras.utils.set_random_seed does: building the same
// model after the same seed gives bit-identical initial weights, dropout
// masks and shuffling. The default seed is 0, so a program is reproducible
// from run to run unless it asks otherwise.
func SetRandomSeed(seed uint64) {
	session.Lock()
	session.seed = seed
	session.streams = 0
	session.Unlock()
}

// ClearSession forgets the automatic names handed out so far (the next
// Dense is "dense" again) and restarts the random streams from the current
// seed, as keras.backend.clear_session does.
func ClearSession() {
	session.Lock()
	session.names = map[string]int{}
	session.streams = 0
	session.Unlock()
}

// NewStream returns a new random generator for a layer, a model or an
// initializer call: the next stream of the session's seed. Successive
// calls give independent streams in a fixed order.
func NewStream() *tensor.RNG {
	session.Lock()
	defer session.Unlock()
	session.streams++
	return tensor.NewRNG(session.seed).Child(session.streams)
}

// UniqueName returns base the first time it is asked for, then base_1,
// base_2, … as Keras numbers its automatic names.
func UniqueName(base string) string {
	session.Lock()
	defer session.Unlock()
	n := session.names[base]
	session.names[base] = n + 1
	if n == 0 {
		return base
	}
	return base + "_" + strconv.Itoa(n)
}

var (
	snake1 = regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	snake2 = regexp.MustCompile(`([a-z])([A-Z])`)
)

// SnakeCase converts a class name to Keras's snake_case form:
// "Dense" → "dense", "InputLayer" → "input_layer", "Conv2D" → "conv2d".
func SnakeCase(class string) string {
	s := snake1.ReplaceAllString(class, "${1}_${2}")
	s = snake2.ReplaceAllString(s, "${1}_${2}")
	return strings.ToLower(s)
}
