package models

import (
	"strings"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// assignOptimizerState puts an optimizer's saved variables (a .keras
// archive's optimizer/vars, in Keras 3's order: see optimizers.Optimizer's
// Variables) in place, once the optimizer has created its slots.
//
// An optimizer saved before its first step holds only its iteration count
// and learning rate: those are set and the slots keep their initial
// values, which is the state such a file describes. (Keras 3 builds the
// optimizer on load, finds the counts differ and keeps the fresh state
// with a warning; the two agree unless the learning rate was changed
// before saving.) The iteration count is read from any integer type, as
// Keras 3 on JAX saves it as int32.
func assignOptimizerState(opt optimizers.Optimizer, vals []saving.Tensor) error {
	vs := opt.Variables()
	if n := unbuiltCount(vs); len(vals) == n && len(vs) > n {
		vs = vs[:n]
	}
	vals = append([]saving.Tensor(nil), vals...)
	for i, v := range vs {
		if i < len(vals) && v.DType() == graph.Int64 {
			if t, ok := vals[i].(*tensor.Tensor[int32]); ok {
				vals[i] = tensor.Convert[int64](t)
			}
		}
	}
	return assignAll("optimizer "+opt.ClassName(), vs, vals)
}

// unbuiltCount returns how many of an optimizer's variables exist before
// it builds its slots: the iteration count, and the learning rate unless
// it is a schedule.
func unbuiltCount(vs []*layers.Variable) int {
	n := 0
	for _, v := range vs {
		name := v.Name()
		if n == 0 && strings.HasSuffix(name, "/iterations") || n == 1 && strings.HasSuffix(name, "/learning_rate") {
			n++
			continue
		}
		break
	}
	return n
}

// optimizerName returns the name Keras 3 writes as the name attribute of
// a weights file's optimizer group: the optimizer's name ("adam").
func optimizerName(o optimizers.Optimizer) string {
	if n, ok := o.(interface{ Name() string }); ok {
		return n.Name()
	}
	return o.ClassName()
}
