package saving

import (
	"sort"
	"strings"
	"sync"
)

// Registry maps Keras class names to what builds objects of that class
// (layers, optimizers, schedules), for their FromConfig and Deserialize.
// Its zero value is empty and ready; it is safe for concurrent use.
type Registry[F any] struct {
	// FoldCase matches class names case-insensitively, as Keras's
	// deserialize does for its built-in optimizers. Set it before the
	// first Register.
	FoldCase bool

	mu      sync.RWMutex
	entries map[string]registryEntry[F]
}

type registryEntry[F any] struct {
	name string // as registered
	fn   F
}

func (r *Registry[F]) key(className string) string {
	if r.FoldCase {
		return strings.ToLower(className)
	}
	return className
}

// Register makes className build with fn; registering a class twice
// replaces the first.
func (r *Registry[F]) Register(className string, fn F) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.entries == nil {
		r.entries = map[string]registryEntry[F]{}
	}
	r.entries[r.key(className)] = registryEntry[F]{className, fn}
}

// Lookup returns what builds className and the class's name as
// registered, and whether there is one.
func (r *Registry[F]) Lookup(className string) (fn F, name string, ok bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.entries[r.key(className)]
	return e.fn, e.name, ok
}

// Names returns the registered class names, as registered, sorted.
func (r *Registry[F]) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.entries))
	for _, e := range r.entries {
		out = append(out, e.name)
	}
	sort.Strings(out)
	return out
}
