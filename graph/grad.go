package graph

// Grad returns the gradients of the scalar cost with respect to each node
// of wrt, as nodes of the same graph: reverse-mode differentiation in which
// every op contributes its vector-Jacobian product built from graph nodes,
// so the gradients are themselves rewritten, compiled and differentiable
// again.
//
// Grad differentiates the numerically stable form of cost: it first applies
// the rewrites that Function applies (log(sigmoid(x)) becomes
// −softplus(−x), log(softmax(x)) becomes log_softmax(x), and so on), with
// the nodes of wrt left as they are. A node of wrt that cost does not
// depend on gets a gradient of zeros. Integer-valued paths carry no
// gradient. On error (a cost that is not a floating-point scalar, a node of
// another graph) the error is recorded in the graph and the results are
// invalid nodes.
func Grad(cost *Node, wrt ...*Node) []*Node {
	out := make([]*Node, len(wrt))
	all := append([]*Node{cost}, wrt...)
	g, err := graphOf(all)
	if g == nil {
		return out
	}
	if err == nil {
		err = checkGradArgs(cost, wrt)
	}
	if err != nil {
		failf("Grad", all, err)
	}
	for _, n := range all {
		if err != nil || n.bad {
			for i := range out {
				out[i] = g.invalid()
			}
			return out
		}
	}
	keep := make(map[*Node]bool, len(wrt))
	for _, w := range wrt {
		keep[w] = true
	}
	c := newRewriter(g, keep, allRules).node(cost)
	grads := backprop(c, keep)
	for i, w := range wrt {
		if gw := grads[w]; gw != nil {
			out[i] = gw
		} else {
			out[i] = ZerosLike(w)
		}
	}
	return out
}

func checkGradArgs(cost *Node, wrt []*Node) error {
	if !cost.dt.IsFloat() || numel(cost.shape) != 1 {
		return errorf(ErrArg, "expected a floating-point scalar cost, received %s", cost.typeString())
	}
	for i, w := range wrt {
		if !w.dt.IsFloat() {
			return errorf(ErrDType, "expected floating-point nodes to differentiate with respect to, received %s for wrt[%d]", w.dt, i)
		}
	}
	return nil
}

// backprop runs reverse-mode accumulation from cost through the nodes that
// lead to some node of wrt, and returns the total gradient of each.
func backprop(cost *Node, wrt map[*Node]bool) map[*Node]*Node {
	order := topoSort([]*Node{cost})
	// needed marks nodes on a path to wrt: only they get gradients.
	needed := make(map[*Node]bool, len(order))
	for _, n := range order {
		if wrt[n] {
			needed[n] = true
			continue
		}
		for _, x := range n.in {
			if needed[x] && x.dt.IsFloat() {
				needed[n] = true
				break
			}
		}
	}
	parts := make(map[*Node][]*Node, len(order))
	total := make(map[*Node]*Node, len(order))
	parts[cost] = []*Node{OnesLike(cost)}
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		if !needed[n] || len(parts[n]) == 0 {
			continue
		}
		gn := addN(parts[n])
		total[n] = gn
		if len(n.in) == 0 {
			continue
		}
		for j, gx := range n.op.grad(n, gn) {
			x := n.in[j]
			if gx != nil && needed[x] && x.dt.IsFloat() {
				parts[x] = append(parts[x], gx)
			}
		}
	}
	return total
}

// addN sums gradient contributions.
func addN(xs []*Node) *Node {
	xs = mergeSlicePads(xs)
	s := xs[0]
	for _, x := range xs[1:] {
		s = Add(s, x)
	}
	return s
}

// topoSort returns the nodes the roots depend on, inputs before the nodes
// that use them.
func topoSort(roots []*Node) []*Node {
	var order []*Node
	state := make(map[*Node]uint8)
	type frame struct {
		n *Node
		i int
	}
	var stack []frame
	for _, r := range roots {
		if state[r] != 0 {
			continue
		}
		stack = append(stack, frame{r, 0})
		state[r] = 1
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.i < len(f.n.in) {
				x := f.n.in[f.i]
				f.i++
				if state[x] == 0 {
					state[x] = 1
					stack = append(stack, frame{x, 0})
				}
				continue
			}
			state[f.n] = 2
			order = append(order, f.n)
			stack = stack[:len(stack)-1]
		}
	}
	return order
}
