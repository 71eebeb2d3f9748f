package initializers

// Keras's class names and aliases for the initializers of
// initializers.go, besides their snake-case identifiers.
func init() {
	register(func() Initializer { return Zeros{} }, "Zeros", "zero")
	register(func() Initializer { return Ones{} }, "Ones", "one")
	register(func() Initializer { return Constant{} }, "Constant")
	register(func() Initializer { return NewRandomNormal() }, "RandomNormal", "normal")
	register(func() Initializer { return NewRandomUniform() }, "RandomUniform", "uniform")
	register(func() Initializer { return NewTruncatedNormal() }, "TruncatedNormal")
	register(func() Initializer { return GlorotUniform() }, "GlorotUniform")
	register(func() Initializer { return GlorotNormal() }, "GlorotNormal")
	register(func() Initializer { return HeNormal() }, "HeNormal")
	register(func() Initializer { return HeUniform() }, "HeUniform")
	register(func() Initializer { return LecunNormal() }, "LecunNormal")
	register(func() Initializer { return LecunUniform() }, "LecunUniform")
	register(func() Initializer {
		return &VarianceScaling{Scale: 1, Mode: "fan_in", Distribution: "truncated_normal", class: "VarianceScaling"}
	}, "variance_scaling", "VarianceScaling")
}
