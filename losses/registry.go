package losses

// register adds a constructor with Keras's defaults under a Keras
// identifier; each class file registers its own names from init, so adding
// a loss is a one-file change. Names are lower case.
func register(name string, f func() Loss) { byName[name] = f }
