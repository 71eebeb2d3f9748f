package layers

import (
	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/graph"
)

// WithKernelConstraint sets a constraint applied to the kernel after each
// optimizer update (Keras's kernel_constraint=, default none): a name such
// as "max_norm" or a constraints.Constraint.
func WithKernelConstraint(c any) Option { return Kwarg("kernel_constraint", c) }

// WithBiasConstraint sets a constraint applied to the bias after each
// optimizer update (Keras's bias_constraint=, default none): a name such as
// "non_neg" or a constraints.Constraint.
func WithBiasConstraint(c any) Option { return Kwarg("bias_constraint", c) }

// resolveConstraint reads the constraint given to the keyword argument
// name, recording an error in the layer if it is not one.
func (b *Base) resolveConstraint(k *Kwargs, name string) constraints.Constraint {
	c, err := constraints.Resolve(k.Value(name))
	if err != nil {
		b.Fail(b.Errorf("%s: %v", name, err))
	}
	return c
}

// ConstrainUpdates applies the constraints of the variables vars, bound in
// g, to a training step's updates, as Keras applies a variable's constraint
// after the optimizer has updated it: the update of a constrained variable
// to value v becomes an update to Constraint.Apply(v), and a constrained
// variable without an update gets one to the constrained current value.
// Other updates are returned unchanged.
func ConstrainUpdates(g *graph.Graph, vars []*Variable, ups []graph.Update) []graph.Update {
	byNode := map[*graph.Node]constraints.Constraint{}
	var order []*graph.Node
	for _, v := range vars {
		if v.Constraint != nil {
			n := v.Node(g)
			byNode[n] = v.Constraint
			order = append(order, n)
		}
	}
	if len(byNode) == 0 {
		return ups
	}
	out := make([]graph.Update, 0, len(ups)+len(order))
	done := map[*graph.Node]bool{}
	for _, u := range ups {
		if c, ok := byNode[u.Var]; ok && !done[u.Var] {
			u.Value = c.Apply(u.Value)
			done[u.Var] = true
		}
		out = append(out, u)
	}
	for _, n := range order {
		if !done[n] {
			out = append(out, graph.Update{Var: n, Value: byNode[n].Apply(n)})
		}
	}
	return out
}
