package initializers

import "strconv"

// f32 returns the float64 with the shortest decimal form of the float32
// x (0.05, not 0.05000000074505806), the number a Keras config shows for
// the argument the user gave.
func f32(x float32) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
	return v
}

// seedConfig returns the seed as Keras's config holds it: the integer, or
// nil (None) for an unseeded initializer.
func (s seeded) seedConfig() any {
	if !s.hasSeed {
		return nil
	}
	return s.seed
}

// Config returns Keras's get_config of Zeros, empty.
func (Zeros) Config() map[string]any { return map[string]any{} }

// Config returns Keras's get_config of Ones, empty.
func (Ones) Config() map[string]any { return map[string]any{} }

// Config returns Keras's get_config of Constant: value.
func (c Constant) Config() map[string]any { return map[string]any{"value": f32(c.Value)} }

// Config returns Keras's get_config of RandomNormal: mean, stddev, seed.
func (r *RandomNormal) Config() map[string]any {
	return map[string]any{"mean": f32(r.Mean), "stddev": f32(r.Stddev), "seed": r.seedConfig()}
}

// Config returns Keras's get_config of RandomUniform: minval, maxval, seed.
func (r *RandomUniform) Config() map[string]any {
	return map[string]any{"minval": f32(r.Minval), "maxval": f32(r.Maxval), "seed": r.seedConfig()}
}

// Config returns Keras's get_config of TruncatedNormal: mean, stddev,
// seed.
func (r *TruncatedNormal) Config() map[string]any {
	return map[string]any{"mean": f32(r.Mean), "stddev": f32(r.Stddev), "seed": r.seedConfig()}
}

// Config returns Keras's get_config: scale, mode, distribution and seed for
// VarianceScaling, only the seed for its named members (GlorotUniform, …),
// as Keras's subclasses report.
func (v *VarianceScaling) Config() map[string]any {
	if c := v.ClassName(); c != "VarianceScaling" {
		return map[string]any{"seed": v.seedConfig()}
	}
	return map[string]any{"scale": v.Scale, "mode": v.Mode, "distribution": v.Distribution, "seed": v.seedConfig()}
}

// Config returns Keras's get_config of Orthogonal: gain and seed.
func (o *Orthogonal) Config() map[string]any {
	return map[string]any{"gain": o.Gain, "seed": o.seedConfig()}
}

// Config returns Keras's get_config of Identity: gain.
func (id *Identity) Config() map[string]any { return map[string]any{"gain": id.Gain} }
