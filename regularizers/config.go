package regularizers

// Config returns Keras's get_config of the regularizer: {"l1": …} for L1,
// {"l2": …} for L2, both for L1L2.
func (r *L1L2Regularizer) Config() map[string]any {
	switch r.ClassName() {
	case "L1":
		return map[string]any{"l1": r.L1}
	case "L2":
		return map[string]any{"l2": r.L2}
	}
	return map[string]any{"l1": r.L1, "l2": r.L2}
}

// Config returns Keras's get_config of OrthogonalRegularizer: factor and
// mode.
func (r *OrthogonalRegularizer) Config() map[string]any {
	return map[string]any{"factor": r.Factor, "mode": r.Mode}
}
