package tensor

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

const (
	// printThreshold is the number of elements above which String
	// summarises a tensor, as numpy's default threshold.
	printThreshold = 1000
	// printEdgeItems is the number of leading and trailing items shown per
	// dimension in a summary.
	printEdgeItems = 3
	// printLineWidth is the column at which rows are wrapped.
	printLineWidth = 75
	// printMaxFrac is the largest number of fractional digits String uses.
	printMaxFrac = 8
)

// String formats t as numpy's str does: nested brackets, elements aligned
// in columns, rows wrapped at 75 columns, floats with at most 8 fractional
// digits (switching to scientific notation for very large or small
// magnitudes). Tensors of more than 1000 elements are summarised by their
// first and last three items per dimension around "...". A scalar prints
// as its value alone and an empty tensor as "[]".
func (t *Tensor[T]) String() string {
	vals := t.shownValues()
	return t.render(formatDefault(vals))
}

// Format implements fmt.Formatter. The verbs %v and %s without flags,
// width or precision print String. Any other verb, or %v with flags, width
// or precision, is applied to each element, keeping the layout of String:
// fmt.Sprintf("%.2f", t) prints every element with two decimals.
func (t *Tensor[T]) Format(f fmt.State, verb rune) {
	_, hasW := f.Width()
	_, hasP := f.Precision()
	plain := !hasW && !hasP && !f.Flag('+') && !f.Flag('-') && !f.Flag('#') && !f.Flag(' ') && !f.Flag('0')
	if (verb == 'v' || verb == 's') && plain {
		fmt.Fprint(f, t.String())
		return
	}
	if verb == 's' {
		verb = 'v'
	}
	spec := fmt.FormatString(f, verb)
	vals := t.shownValues()
	cells := make([]string, len(vals))
	for i, v := range vals {
		cells[i] = fmt.Sprintf(spec, v)
	}
	fmt.Fprint(f, t.render(padLeft(cells)))
}

// shownIndices returns the indices of a dimension of size d that are
// printed, with -1 standing for the ellipsis.
func shownIndices(d int, summary bool) []int {
	if !summary || d <= 2*printEdgeItems {
		idx := make([]int, d)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := make([]int, 0, 2*printEdgeItems+1)
	for i := range printEdgeItems {
		idx = append(idx, i)
	}
	idx = append(idx, -1)
	for i := d - printEdgeItems; i < d; i++ {
		idx = append(idx, i)
	}
	return idx
}

// shownValues returns the elements String prints, in printing order.
func (t *Tensor[T]) shownValues() []T {
	if len(t.shape) == 0 || len(t.data) <= printThreshold {
		return t.data
	}
	var out []T
	var walk func(axis, off int)
	walk = func(axis, off int) {
		stride := 1
		for _, d := range t.shape[axis+1:] {
			stride *= d
		}
		for _, i := range shownIndices(t.shape[axis], true) {
			switch {
			case i < 0:
			case axis == len(t.shape)-1:
				out = append(out, t.data[off+i])
			default:
				walk(axis+1, off+i*stride)
			}
		}
	}
	walk(0, 0)
	return out
}

// render lays out the formatted cells of the shown elements in brackets.
func (t *Tensor[T]) render(cells []string) string {
	if len(t.shape) == 0 {
		if len(cells) == 0 {
			return "[]"
		}
		return cells[0]
	}
	if len(t.data) == 0 {
		return "[]"
	}
	r := renderer{shape: t.shape, cells: cells, summary: len(t.data) > printThreshold}
	r.block(0)
	return trimLineEnds(r.b.String())
}

// renderer writes nested brackets, consuming cells in order.
type renderer struct {
	b       strings.Builder
	shape   []int
	cells   []string
	next    int
	col     int
	summary bool
}

func (r *renderer) put(s string) {
	r.b.WriteString(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		r.col = len(s) - i - 1
	} else {
		r.col += len(s)
	}
}

func (r *renderer) block(axis int) {
	r.put("[")
	last := axis == len(r.shape)-1
	indent := strings.Repeat(" ", axis+1)
	show := shownIndices(r.shape[axis], r.summary)
	for k, i := range show {
		tok := "..."
		if last && i >= 0 {
			tok = r.cells[r.next]
			r.next++
		}
		switch {
		case k == 0:
		case !last:
			r.put(strings.Repeat("\n", len(r.shape)-axis-1) + indent)
		case r.col+1+len(tok) > printLineWidth-len(r.shape):
			// As numpy, each nesting level reserves a column for its
			// closing bracket.
			r.put("\n" + indent)
		default:
			r.put(" ")
		}
		if last || i < 0 {
			r.put(tok)
		} else {
			r.block(axis + 1)
		}
	}
	r.put("]")
}

// trimLineEnds removes the padding spaces that end a wrapped line.
func trimLineEnds(s string) string {
	if !strings.Contains(s, " \n") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// padLeft right-aligns cells to a common width.
func padLeft(cells []string) []string {
	w := 0
	for _, c := range cells {
		w = max(w, len(c))
	}
	for i, c := range cells {
		cells[i] = strings.Repeat(" ", w-len(c)) + c
	}
	return cells
}

// formatDefault formats the values as String prints them.
func formatDefault[T Elem](vals []T) []string {
	cells := make([]string, len(vals))
	var z T
	switch any(z).(type) {
	case int32, int64:
		for i, v := range vals {
			cells[i] = strconv.FormatInt(int64(v), 10)
		}
		return padLeft(cells)
	}
	bits := 64
	if _, ok := any(z).(float32); ok {
		bits = 32
	}
	f := make([]float64, len(vals))
	for i, v := range vals {
		f[i] = float64(v)
	}
	return formatFloats(f, bits)
}

// formatFloats formats floats (of the given bit size) numpy-style: aligned
// on the decimal point, positional unless magnitudes call for scientific
// notation.
func formatFloats(vals []float64, bits int) []string {
	sci := useScientific(vals)
	cells := make([]string, len(vals))
	var heads, tails []string
	hw, tw := 0, 0
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		s := shortFloat(v, sci, bits)
		dot := strings.IndexByte(s, '.')
		cells[i] = s
		heads = append(heads, s[:dot])
		tails = append(tails, s[dot:])
		hw, tw = max(hw, dot), max(tw, len(s)-dot)
	}
	k := 0
	for i, v := range vals {
		switch {
		case math.IsNaN(v):
			cells[i] = "nan"
		case math.IsInf(v, 1):
			cells[i] = "inf"
		case math.IsInf(v, -1):
			cells[i] = "-inf"
		default:
			cells[i] = strings.Repeat(" ", hw-len(heads[k])) + heads[k] + alignTail(tails[k], tw, sci)
			k++
		}
	}
	return padLeft(cells)
}

// alignTail pads the part of a number from its decimal point on to width w:
// with spaces after a positional number, with zeros inside the mantissa of
// a scientific one.
func alignTail(tail string, w int, sci bool) string {
	pad := w - len(tail)
	if !sci {
		return tail + strings.Repeat(" ", pad)
	}
	e := strings.IndexByte(tail, 'e')
	return tail[:e] + strings.Repeat("0", pad) + tail[e:]
}

// useScientific applies numpy's rule: scientific notation when a finite
// non-zero magnitude reaches 1e8 or falls below 1e-4, or when the largest
// is more than 1000 times the smallest.
func useScientific(vals []float64) bool {
	lo, hi := math.Inf(1), 0.0
	for _, v := range vals {
		a := math.Abs(v)
		if a == 0 || math.IsNaN(a) || math.IsInf(a, 0) {
			continue
		}
		lo, hi = min(lo, a), max(hi, a)
	}
	if hi == 0 {
		return false
	}
	return hi >= 1e8 || lo < 1e-4 || hi/lo > 1e3
}

// shortFloat formats v with the fewest digits that identify it, at most
// printMaxFrac after the point, always with a point ("1." for one).
func shortFloat(v float64, sci bool, bits int) string {
	format := byte('f')
	if sci {
		format = 'e'
	}
	s := strconv.FormatFloat(v, format, -1, bits)
	mant, exp := s, ""
	if sci {
		e := strings.IndexByte(s, 'e')
		mant, exp = s[:e], s[e:]
	}
	if dot := strings.IndexByte(mant, '.'); dot >= 0 && len(mant)-dot-1 > printMaxFrac {
		s = strconv.FormatFloat(v, format, printMaxFrac, bits)
		mant, exp = s, ""
		if sci {
			e := strings.IndexByte(s, 'e')
			mant, exp = s[:e], s[e:]
		}
		mant = strings.TrimRight(mant, "0")
	}
	if !strings.Contains(mant, ".") {
		mant += "."
	}
	return mant + exp
}
