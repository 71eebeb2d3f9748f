package constraints

// axisConfig returns axes as Keras's config holds the axis argument: an
// integer for one axis, a list for several.
func axisConfig(axes []int) any {
	axes = axesOr0(axes)
	if len(axes) == 1 {
		return axes[0]
	}
	return append([]int(nil), axes...)
}

// Config returns Keras's get_config of MaxNorm: max_value and axis.
func (c *MaxNorm) Config() map[string]any {
	return map[string]any{"max_value": c.MaxValue, "axis": axisConfig(c.Axis)}
}

// Config returns Keras's get_config of NonNeg, empty.
func (NonNeg) Config() map[string]any { return map[string]any{} }

// Config returns Keras's get_config of UnitNorm: axis.
func (c *UnitNorm) Config() map[string]any { return map[string]any{"axis": axisConfig(c.Axis)} }

// Config returns Keras's get_config of MinMaxNorm: min_value, max_value,
// rate and axis.
func (c *MinMaxNorm) Config() map[string]any {
	return map[string]any{"min_value": c.MinValue, "max_value": c.MaxValue, "rate": c.Rate, "axis": axisConfig(c.Axis)}
}
