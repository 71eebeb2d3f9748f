package metrics

// registry maps the identifiers of the catalogue's metrics to their
// constructors with Keras's defaults; each class file registers its own
// names from init, so adding a metric is a one-file change.
var registry = map[string]func() Metric{}

// register adds a constructor under a lower-case Keras identifier.
func register(name string, f func() Metric) { registry[name] = f }

// Rename sets the name under which m is logged (Keras's name= argument)
// and returns m; metrics of this package all accept it. Two metrics of a
// model need distinct names, e.g. a ROC and a PR AUC.
func Rename(m Metric, name string) Metric {
	rename(m, name)
	return m
}
