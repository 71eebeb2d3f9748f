package models

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/internal/boxtable"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/tensor"
)

// Summary writes the model's summary to w in Keras 3's look: the name, a
// box-drawn table of the layers with their output shapes and parameter
// counts (functional models add the input layers and a "Connected to"
// column), then the total, trainable and non-trainable parameter counts
// with their sizes, and the optimizer's once it has state. The table is 76
// columns wide (Keras's width on an 80-column or non-terminal output),
// min(88, width−4) on a wider terminal. An unbuilt model shows "?" shapes
// and "0 (unbuilt)" counts.
func (m *Model) Summary(w io.Writer) error {
	if err := m.Err(); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Model: \"%s\"\n", m.Name())
	length := summaryWidth(w, 88)
	if m.sequential || m.chain() {
		cols := []boxtable.Column{{Header: "Layer (type)"}, {Header: "Output Shape"}, {Header: "Param #", Align: boxtable.Right}}
		widths := boxtable.Widths([]float64{0.45, 0.80, 1.0}, length)
		b.WriteString(boxtable.Render(cols, widths, m.summaryRows(false, !m.sequential)))
	} else {
		length = summaryWidth(w, 108)
		cols := []boxtable.Column{{Header: "Layer (type)"}, {Header: "Output Shape"}, {Header: "Param #", Align: boxtable.Right}, {Header: "Connected to"}}
		widths := boxtable.Widths([]float64{0.3, 0.56, 0.74, 1.0}, length)
		b.WriteString(boxtable.Render(cols, widths, m.summaryRows(true, true)))
	}
	train, frozen := 0, 0
	var trainB, frozenB int
	for _, v := range m.TrainableWeights() {
		train += v.Size()
		trainB += bytesOf(v)
	}
	for _, v := range m.NonTrainableWeights() {
		frozen += v.Size()
		frozenB += bytesOf(v)
	}
	fmt.Fprintf(&b, " Total params: %s (%s)\n", thousands(train+frozen), humanBytes(trainB+frozenB))
	fmt.Fprintf(&b, " Trainable params: %s (%s)\n", thousands(train), humanBytes(trainB))
	fmt.Fprintf(&b, " Non-trainable params: %s (%s)\n", thousands(frozen), humanBytes(frozenB))
	if opt := m.Optimizer(); opt != nil && m.rt != nil && m.rt.train != nil {
		n, nb := 0, 0
		for _, v := range opt.Variables() {
			n += v.Size()
			nb += bytesOf(v)
		}
		fmt.Fprintf(&b, " Optimizer params: %s (%s)\n", thousands(n), humanBytes(nb))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// chain reports whether a functional model is a plain stack (one input,
// each layer called once on the output of the one before), which Keras
// summarizes like a Sequential model, input layer included.
func (m *Model) chain() bool {
	if len(m.inputs) != 1 || len(m.outputs) != 1 {
		return false
	}
	prev := m.inputs[0]
	for _, c := range m.calls {
		if len(c.Inputs) != 1 || len(c.Outputs) != 1 || c.Inputs[0] != prev {
			return false
		}
		prev = c.Outputs[0]
	}
	return prev == m.outputs[0]
}

// summaryRows returns a table row per layer, with the input layers if
// inputs is set and a "Connected to" cell if functional is.
func (m *Model) summaryRows(functional, inputs bool) [][]string {
	var rows [][]string
	if !m.Built() {
		for _, l := range m.seqLayers() {
			b := l.LayerBase()
			rows = append(rows, []string{fmt.Sprintf("%s (%s)", b.Name(), b.ClassName()), "?", "0 (unbuilt)"})
		}
		return rows
	}
	for _, l := range m.list {
		b := l.LayerBase()
		if _, ok := l.(*layers.InputLayer); ok && !inputs {
			continue
		}
		var shapes, conns []string
		params := 0
		if il, ok := l.(*layers.InputLayer); ok {
			shapes = append(shapes, tensor.ShapeString(il.BatchShape()))
		} else {
			for _, c := range m.calls {
				if c.Layer != l {
					continue
				}
				for _, o := range c.Outputs {
					shapes = append(shapes, tensor.ShapeString(o.Shape()))
				}
				for _, in := range c.Inputs {
					src, idx := in.Source()
					conns = append(conns, fmt.Sprintf("%s[%d][%d]", src.Layer.LayerBase().Name(), callIndex(src), idx))
				}
			}
			t, f := weightsOf(l)
			for _, v := range append(t, f...) {
				params += v.Size()
			}
		}
		row := []string{fmt.Sprintf("%s (%s)", b.Name(), b.ClassName()), strings.Join(shapes, ", "), thousands(params)}
		if functional {
			c := strings.Join(conns, ", ")
			if c == "" {
				c = "-"
			}
			row = append(row, c)
		}
		rows = append(rows, row)
	}
	return rows
}

// seqLayers returns the layers of an unbuilt Sequential model.
func (m *Model) seqLayers() []layers.Layer {
	if m.pending == nil {
		return nil
	}
	return m.pending()
}

// callIndex returns the index of call c among its layer's calls; calls
// are recorded once per model here, so it is 0.
func callIndex(*layers.Call) int { return 0 }

func bytesOf(v *layers.Variable) int {
	switch v.DType() {
	case graph.Float64, graph.Int64:
		return 8 * v.Size()
	}
	return 4 * v.Size()
}

// thousands formats n with comma separators: 3,265.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// humanBytes formats a size in 1024-steps with two decimals, as Keras.
func humanBytes(n int) string {
	units := []string{"B", "KB", "MB", "GB", "TB"}
	v := float64(n)
	i := 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	return fmt.Sprintf("%.2f %s", v, units[i])
}

// summaryWidth returns the table width: max 76, or min(max, cols−4) on a
// terminal wider than 80 columns.
func summaryWidth(w io.Writer, maxLen int) int {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 80 {
			return min(maxLen, cols-4)
		}
	}
	return 76
}
