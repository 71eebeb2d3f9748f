package graph

import (
	"github.com/gokeras/gokeras/internal/kernels"
)

// matmulOp multiplies the last two dimensions of its inputs as matrices,
// op(A)·op(B) with op transposing when ta or tb is set, broadcasting the
// leading (batch) dimensions as numpy's matmul does.
type matmulOp struct{ ta, tb bool }

func (o matmulOp) String() string {
	switch {
	case o.ta && o.tb:
		return "MatMul{Aᵀ·Bᵀ}"
	case o.ta:
		return "MatMul{Aᵀ·B}"
	case o.tb:
		return "MatMul{A·Bᵀ}"
	}
	return "MatMul"
}

func (matmulOp) dtype(in []*Node) (DType, error) {
	a, b := in[0], in[1]
	if !a.dt.IsFloat() || a.dt != b.dt {
		return 0, errorf(ErrDType, "expected floating-point inputs of one dtype, received %s and %s", a.dt, b.dt)
	}
	if a.Rank() < 2 || b.Rank() < 2 {
		return 0, errorf(ErrShape, "expected inputs of rank ≥ 2, received %s and %s", shapeStr(a.shape), shapeStr(b.shape))
	}
	return a.dt, nil
}

// dims returns m, k of op(A) and k, n of op(B) for shapes a and b.
func (o matmulOp) dims(a, b []int) (m, ka, kb, n int) {
	ra, rb := len(a), len(b)
	m, ka = a[ra-2], a[ra-1]
	if o.ta {
		m, ka = ka, m
	}
	kb, n = b[rb-2], b[rb-1]
	if o.tb {
		kb, n = n, kb
	}
	return m, ka, kb, n
}

func (o matmulOp) shape(nd *Node, dst []int, in [][]int) ([]int, error) {
	a, b := in[0], in[1]
	m, ka, kb, n := o.dims(a, b)
	if _, ok := mergeDim(ka, kb); !ok {
		return nil, errorf(ErrShape, "expected the inner dimensions to match, received %d and %d", ka, kb)
	}
	sa, sb := nd.in[0].shape, nd.in[1].shape
	batch := [][]int{a[:len(a)-2], b[:len(b)-2]}
	static := [][]int{sa[:len(sa)-2], sb[:len(sb)-2]}
	var tmp [maxRank]int
	bs, err := broadcastShape(tmp[:0], batch, static)
	if err != nil {
		return nil, errorf(ErrShape, "cannot broadcast the batch dimensions of %s and %s", shapeStr(a), shapeStr(b))
	}
	dst = outShape(dst, len(bs)+2)
	copy(dst, bs)
	dst[len(bs)], dst[len(bs)+1] = m, n
	return dst, nil
}

func (o matmulOp) eval(out *buf, in []*buf, _ *ectx) error {
	if out.dt == Float32 {
		matmulT(o, data[float32](out), data[float32](in[0]), data[float32](in[1]), out.shape, in[0].shape, in[1].shape)
	} else {
		matmulT(o, data[float64](out), data[float64](in[0]), data[float64](in[1]), out.shape, in[0].shape, in[1].shape)
	}
	return nil
}

func matmulT[T flo](o matmulOp, c, a, b []T, cs, as, bs []int) {
	m, k, _, n := o.dims(as, bs)
	lda, ldb := k, n
	if o.ta {
		lda = m
	}
	if o.tb {
		ldb = k
	}
	if len(c) == 0 {
		return
	}
	if numel(bs) == k*n && !o.ta {
		// B is one matrix: fold A's batch dimensions into its rows.
		rows := len(a) / k
		kernels.Gemm(false, o.tb, rows, n, k, 1, a, lda, b, ldb, 0, c, n)
		return
	}
	rc := len(cs) - 2
	var it [2]bcIter
	it[0].init(as[:len(as)-2], cs[:rc])
	it[1].init(bs[:len(bs)-2], cs[:rc])
	sa, sb := m*k, k*n
	for i := range len(c) / (m * n) {
		ia, ib := it[0].offset(i), it[1].offset(i)
		kernels.Gemm(o.ta, o.tb, m, n, k, 1, a[ia*sa:(ia+1)*sa], lda, b[ib*sb:(ib+1)*sb], ldb, 0, c[i*m*n:(i+1)*m*n], n)
	}
}

// offset returns the position in the walked value of element i of the
// output.
func (it *bcIter) offset(i int) int {
	off := 0
	for d := it.nd - 1; d >= 0; d-- {
		off += (i % it.dims[d]) * it.stride[d]
		i /= it.dims[d]
	}
	return off
}

func (o matmulOp) grad(nd, g *Node) []*Node {
	a, b := nd.in[0], nd.in[1]
	var ga, gb *Node
	if o.ta {
		ga = apply(matmulOp{ta: o.tb, tb: true}, b, g)
	} else {
		ga = apply(matmulOp{tb: !o.tb}, g, b)
	}
	switch {
	case b.Rank() == 2 && a.Rank() > 2 && !o.ta && a.shape[a.Rank()-1] >= 0 && g.shape[g.Rank()-1] >= 0:
		// B is shared by every batch: one product over the flattened rows.
		k, n := a.shape[a.Rank()-1], g.shape[g.Rank()-1]
		a2, g2 := Reshape(a, -1, k), Reshape(g, -1, n)
		if o.tb {
			gb = apply(matmulOp{ta: true}, g2, a2)
		} else {
			gb = apply(matmulOp{ta: true}, a2, g2)
		}
	case o.tb:
		gb = apply(matmulOp{ta: true, tb: o.ta}, g, a)
	default:
		gb = apply(matmulOp{ta: !o.ta}, a, g)
	}
	return []*Node{unbroadcast(ga, a), unbroadcast(gb, b)}
}

// MatMul returns the matrix product of a and b, as numpy's matmul: for
// rank-2 inputs (m, k)·(k, n) → (m, n); higher ranks multiply their last
// two dimensions and broadcast the others, so a (batch, time, features)
// input times a (features, units) kernel gives (batch, time, units); a
// rank-1 input is treated as a row (first) or column (second) vector and
// its dimension removed from the result.
func MatMul(a, b *Node) *Node {
	if a == nil || b == nil || a.bad || b.bad {
		return apply(matmulOp{}, a, b)
	}
	if a.Rank() == 0 || b.Rank() == 0 {
		return failf("MatMul", []*Node{a, b}, errorf(ErrShape, "expected inputs of rank ≥ 1, received %s and %s", shapeStr(a.shape), shapeStr(b.shape)))
	}
	switch {
	case a.Rank() == 1 && b.Rank() == 1:
		return Squeeze(MatMul(ExpandDims(a, 0), ExpandDims(b, 1)), 0, 1)
	case a.Rank() == 1:
		return Squeeze(MatMul(ExpandDims(a, 0), b), -2)
	case b.Rank() == 1:
		return Squeeze(MatMul(a, ExpandDims(b, 1)), -1)
	}
	return apply(matmulOp{}, a, b)
}
