package regularizers

import (
	"errors"
	"math"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// orthoRef is Keras's OrthogonalRegularizer written out in float64 over a
// rows×cols matrix given row-major.
func orthoRef(w []float64, rows, cols int, factor float64, mode string) float64 {
	at := func(i, j int) float64 { return w[i*cols+j] }
	n, m := rows, cols // n vectors of length m
	vec := func(i, k int) float64 { return at(i, k) }
	if mode == "columns" {
		n, m = cols, rows
		vec = func(i, k int) float64 { return at(k, i) }
	}
	norm := make([]float64, n)
	for i := range n {
		var s float64
		for k := range m {
			s += vec(i, k) * vec(i, k)
		}
		norm[i] = math.Max(math.Sqrt(s), 1e-7)
	}
	var total float64
	for i := range n {
		for j := range n {
			if i == j {
				continue
			}
			var d float64
			for k := range m {
				d += vec(i, k) / norm[i] * vec(j, k) / norm[j]
			}
			total += math.Abs(d)
		}
	}
	return factor * 0.5 * total / (float64(n) * (float64(n) - 1) / 2)
}

func penalty(t *testing.T, r Regularizer, shape []int, w []float64) (float64, []float32) {
	t.Helper()
	data := make([]float32, len(w))
	for i, v := range w {
		data[i] = float32(v)
	}
	g := graph.New()
	x := g.Input("w", graph.Float32, shape...)
	p := r.Penalty(x)
	fn, err := graph.Function([]*graph.Node{x}, []*graph.Node{p, graph.Grad(p, x)[0]}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := fn.Call(tensor.Must(tensor.New(shape, data)))
	if err != nil {
		t.Fatal(err)
	}
	return float64(res[0].(*tensor.Tensor[float32]).Data()[0]), res[1].(*tensor.Tensor[float32]).Data()
}

func TestOrthogonalRegularizerKnownAnswers(t *testing.T) {
	// Rows (1,0), (1,1)/√2, (0,1): cosines 1/√2, 0, 1/√2 over 3 pairs.
	w := []float64{1, 0, 1, 1, 0, 2}
	r, err := NewOrthogonalRegularizer(0.1, "rows")
	if err != nil {
		t.Fatal(err)
	}
	want := 0.1 * 0.5 * 2 * math.Sqrt2 / 3
	if got, _ := penalty(t, r, []int{3, 2}, w); math.Abs(got-want) > 1e-7 {
		t.Errorf("rows: %v, want %v", got, want)
	}
	// Columns (1,1,0)/√2 and (0,1,2)/√5: one pair of cosine 1/√10.
	r.Mode = "columns"
	want = 0.1 * 0.5 * 2 / math.Sqrt(10)
	if got, _ := penalty(t, r, []int{3, 2}, w); math.Abs(got-want) > 1e-7 {
		t.Errorf("columns: %v, want %v", got, want)
	}
	def, _ := Get("orthogonal_regularizer")
	rng := tensor.NewRNG(4)
	for _, c := range []struct {
		r          Regularizer
		rows, cols int
		mode       string
		factor     float64
	}{{def, 5, 4, "rows", 0.01}, {&OrthogonalRegularizer{Factor: 2, Mode: "columns"}, 5, 4, "columns", 2}, {def, 2, 7, "rows", 0.01}} {
		w := make([]float64, c.rows*c.cols)
		for i := range w {
			w[i] = float64(float32(rng.Normal()))
		}
		w[c.cols] = 0 // a zero entry, and below a zero row: its cosines are 0
		if c.rows == 5 {
			for j := range c.cols {
				w[2*c.cols+j] = 0
			}
		}
		got, grad := penalty(t, c.r, []int{c.rows, c.cols}, w)
		if want := orthoRef(w, c.rows, c.cols, c.factor, c.mode); math.Abs(got-want) > 1e-6*math.Max(want, 1e-3) {
			t.Errorf("%s %dx%d: %v, want %v", c.mode, c.rows, c.cols, got, want)
		}
		for _, gv := range grad {
			if math.IsNaN(float64(gv)) || math.IsInf(float64(gv), 0) {
				t.Fatalf("%s %dx%d: gradient %v", c.mode, c.rows, c.cols, grad)
			}
		}
	}
}

func TestOrthogonalRegularizerErrors(t *testing.T) {
	if _, err := NewOrthogonalRegularizer(0.01, "diagonals"); err == nil {
		t.Error("bad mode accepted")
	}
	if _, err := NewOrthogonalRegularizer(-1, "rows"); err == nil {
		t.Error("negative factor accepted")
	}
	if _, err := NewOrthogonalRegularizer(math.Inf(1), "rows"); err == nil {
		t.Error("infinite factor accepted")
	}
	for _, c := range []struct {
		r     *OrthogonalRegularizer
		shape []int
		want  error
	}{
		{&OrthogonalRegularizer{Factor: 0.01, Mode: "rows"}, []int{4}, graph.ErrShape},
		{&OrthogonalRegularizer{Factor: 0.01, Mode: "rows"}, []int{2, 3, 4}, graph.ErrShape},
		{&OrthogonalRegularizer{Factor: 0.01, Mode: "both"}, []int{2, 3}, graph.ErrArg},
		{&OrthogonalRegularizer{Factor: 0.01, Mode: "rows"}, []int{-1, 3}, graph.ErrShape},
	} {
		g := graph.New()
		p := c.r.Penalty(g.Input("w", graph.Float32, c.shape...))
		if err := g.Err(); !errors.Is(err, c.want) || p.Valid() {
			t.Errorf("%v %v: error %v", c.r, c.shape, err)
		}
	}
	// Columns of an output of unknown batch size can be compared.
	g := graph.New()
	_ = (&OrthogonalRegularizer{Factor: 0.01, Mode: "columns"}).Penalty(g.Input("y", graph.Float32, -1, 3))
	if err := g.Err(); err != nil {
		t.Errorf("columns of an unknown batch: %v", err)
	}
	for name, class := range map[string]string{"orthogonal_regularizer": "OrthogonalRegularizer", "OrthogonalRegularizer": "OrthogonalRegularizer"} {
		r, err := Get(name)
		if err != nil || r.ClassName() != class || r.(*OrthogonalRegularizer).Factor != 0.01 || r.(*OrthogonalRegularizer).Mode != "rows" {
			t.Errorf("Get(%q) = %v, %v", name, r, err)
		}
	}
}

func TestRegistryNames(t *testing.T) {
	for _, c := range []struct {
		name   string
		class  string
		l1, l2 float64
	}{{"l1", "L1", 0.01, 0}, {"L1", "L1", 0.01, 0}, {"l2", "L2", 0, 0.01}, {"l1_l2", "L1L2", 0.01, 0.01}, {"L1L2", "L1L2", 0, 0}, {"l1l2", "L1L2", 0, 0}} {
		r, err := Get(c.name)
		if err != nil {
			t.Fatalf("Get(%q): %v", c.name, err)
		}
		l := r.(*L1L2Regularizer)
		if l.ClassName() != c.class || l.L1 != c.l1 || l.L2 != c.l2 {
			t.Errorf("Get(%q) = %s %v %v", c.name, l.ClassName(), l.L1, l.L2)
		}
	}
	if _, err := Get("l3"); err == nil {
		t.Error("unknown name accepted")
	}
}
