package graph

// Comparisons return 1 where the relation holds and 0 elsewhere, in the
// dtype of their inputs (Cast them for another); they have no gradient.

// Equal returns a == b element-wise.
func Equal(a, b *Node) *Node { return ew(kEqual, a, b) }

// NotEqual returns a != b element-wise.
func NotEqual(a, b *Node) *Node { return ew(kNotEqual, a, b) }

// Less returns a < b element-wise.
func Less(a, b *Node) *Node { return ew(kLess, a, b) }

// LessEqual returns a <= b element-wise.
func LessEqual(a, b *Node) *Node { return ew(kLessEqual, a, b) }

// Greater returns a > b element-wise.
func Greater(a, b *Node) *Node { return ew(kGreater, a, b) }

// GreaterEqual returns a >= b element-wise.
func GreaterEqual(a, b *Node) *Node { return ew(kGreaterEqual, a, b) }

// Where returns a where cond is non-zero and b elsewhere; the three
// broadcast together. cond may have any dtype; a and b share theirs.
func Where(cond, a, b *Node) *Node {
	if cond != nil && a != nil && cond.dt != a.dt && !cond.bad && !a.bad {
		cond = Cast(NotEqual(cond, ScalarLike(cond, 0)), a.dt)
	}
	return ew(kWhere, cond, a, b)
}
