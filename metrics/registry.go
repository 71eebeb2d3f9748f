package metrics

// registry maps the identifiers of the catalogue's metrics to their
// constructors with Keras's defaults; each class file registers its own
// names from init, so adding a metric is a one-file change.
var registry = map[string]func() Metric{}

// register adds a constructor under a lower-case Keras identifier.
func register(name string, f func() Metric) { registry[name] = f }
