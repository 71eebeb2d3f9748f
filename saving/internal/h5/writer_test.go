package h5_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/saving/internal/h5"
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// sampleFile builds a file with every kind of object the writer makes.
func sampleFile() *h5.Writer {
	w := h5.NewWriter()
	root := w.Root()
	must(0, root.SetAttr("keras_version", h5.String("3.6.0")))
	must(0, root.SetAttr("layer_names", h5.Strings([]string{"dense", "", "dropout_ü"})))
	must(0, root.SetAttr("empty_names", h5.Float64s(nil)))
	must(0, root.SetAttr("f64", h5.Float64(-0.5)))
	must(0, root.SetAttr("i64s", h5.Int64s([]int64{1, -2, 1 << 40})))
	layers := must(root.CreateGroup("layers"))
	dense := must(layers.CreateGroup("dense"))
	vars := must(dense.CreateGroup("vars"))
	must(0, vars.SetAttr("name", h5.String("dense")))
	kernel := make([]float32, 4*3)
	for i := range kernel {
		kernel[i] = float32(i)/4 - 1
	}
	must(vars.CreateDataset("0", must(h5.Float32Data([]int{4, 3}, kernel))))
	must(vars.CreateDataset("1", must(h5.Float32Data([]int{3}, []float32{0.5, math.MaxFloat32, -0}))))
	must(must(root.CreateGroup("optimizer")).CreateDataset("iteration", must(h5.Int64Data(nil, []int64{42}))))
	must(root.CreateDataset("f64", must(h5.Float64Data([]int{2, 1, 2}, []float64{1, 2, 3, math.Inf(-1)}))))
	ds := must(root.CreateDataset("i32", must(h5.Int32Data([]int{2}, []int32{-7, math.MaxInt32}))))
	must(0, ds.SetAttr("dtype", h5.String("int32")))
	must(root.CreateDataset("empty", must(h5.Float32Data([]int{0, 5}, nil))))
	must(root.CreateGroup("empty_group"))
	return w
}

func writeBytes(t testing.TB, w *h5.Writer) []byte {
	var b bytes.Buffer
	n, err := w.WriteTo(&b)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(b.Len()) {
		t.Fatalf("WriteTo returned %d, wrote %d", n, b.Len())
	}
	return b.Bytes()
}

func TestWriteReadBack(t *testing.T) {
	data := writeBytes(t, sampleFile())
	f, err := h5.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	root := f.Root()
	attrWant := map[string]any{
		"keras_version": []string{"3.6.0"},
		"layer_names":   []string{"dense", "", "dropout_ü"},
		"f64":           []float64{-0.5},
		"i64s":          []int64{1, -2, 1 << 40},
	}
	for name, want := range attrWant {
		a, err := root.Attr(name)
		if err != nil {
			t.Fatal(err)
		}
		var got any = a.Strings
		if a.Floats != nil {
			got = a.Floats
		} else if a.Ints != nil {
			got = a.Ints
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("attribute %s = %v, want %v", name, got, want)
		}
	}
	if a, _ := root.Attr("keras_version"); len(a.Shape) != 0 || a.Type.Class != h5.ClassVarString || !a.Type.UTF8 {
		t.Errorf("keras_version: shape %v type %+v, want a scalar UTF-8 variable-length string", a.Shape, a.Type)
	}
	if a, _ := root.Attr("empty_names"); !reflect.DeepEqual(a.Shape, []int{0}) || a.Type.DType() != "float64" {
		t.Errorf("empty_names: shape %v dtype %s", a.Shape, a.Type.DType())
	}
	d, err := root.Dataset("layers/dense/vars/0")
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.ReadFloat32()
	if err != nil || !reflect.DeepEqual(d.Shape(), []int{4, 3}) || got[0] != -1 || got[11] != 1.75 {
		t.Errorf("kernel: shape %v values %v err %v", d.Shape(), got, err)
	}
	it, err := root.Dataset("optimizer/iteration")
	if err != nil {
		t.Fatal(err)
	}
	if v, err := it.ReadInt64(); err != nil || len(it.Shape()) != 0 || v[0] != 42 {
		t.Errorf("iteration: shape %v value %v err %v", it.Shape(), v, err)
	}
	i32, _ := root.Dataset("i32")
	if v, err := i32.ReadInt32(); err != nil || v[1] != math.MaxInt32 || i32.Type().DType() != "int32" {
		t.Errorf("i32 = %v (%v), type %s", v, err, i32.Type().DType())
	}
	if a, err := i32.Attr("dtype"); err != nil || a.Strings[0] != "int32" {
		t.Errorf("dataset attribute: %v %v", a, err)
	}
	f64, _ := root.Dataset("f64")
	if v, _ := f64.ReadFloat64(); !math.IsInf(v[3], -1) {
		t.Errorf("f64 = %v", v)
	}
	e, _ := root.Dataset("empty")
	if v, err := e.ReadFloat32(); err != nil || len(v) != 0 || !reflect.DeepEqual(e.Shape(), []int{0, 5}) {
		t.Errorf("empty: %v %v %v", e.Shape(), v, err)
	}
	names, _ := root.Names()
	if want := []string{"empty", "empty_group", "f64", "i32", "layers", "optimizer"}; !reflect.DeepEqual(names, want) {
		t.Errorf("root members %v, want %v", names, want)
	}
}

// TestWriteManyMembers writes groups large enough for B-trees of two levels
// and enough strings for two global heap collections.
func TestWriteManyMembers(t *testing.T) {
	data := writeBytes(t, manyMembers())
	f := must(h5.Open(bytes.NewReader(data), int64(len(data))))
	checkManyMembers(t, f)
}

var manySizes = []int{0, 1, 8, 9, 256, 257, 2000}

func manyStrings() []string {
	strs := make([]string, 4000)
	for i := range strs {
		strs[i] = fmt.Sprint(i)
	}
	return strs
}

func manyMembers() *h5.Writer {
	w := h5.NewWriter()
	for _, n := range manySizes {
		g := must(w.Root().CreateGroup(fmt.Sprintf("g%d", n)))
		for i := 0; i < n; i++ {
			must(g.CreateDataset(fmt.Sprintf("m%04d", (i*7919)%n), must(h5.Int32Data(nil, []int32{int32(i)}))))
		}
	}
	for i := 0; i < 20; i++ {
		must(0, w.Root().SetAttr(fmt.Sprintf("s%d", i), h5.Strings(manyStrings())))
	}
	return w
}

func checkManyMembers(t *testing.T, f *h5.File) {
	for _, n := range manySizes {
		g := must(f.Root().Group(fmt.Sprintf("g%d", n)))
		names := must(g.Names())
		if len(names) != n {
			t.Fatalf("g%d has %d members", n, len(names))
		}
		for i, name := range names {
			if want := fmt.Sprintf("m%04d", i); name != want {
				t.Fatalf("g%d member %d is %s, want %s", n, i, name, want)
			}
		}
		if n > 0 {
			d := must(g.Dataset(names[n-1]))
			if v := must(d.ReadInt32()); (int(v[0])*7919)%n != n-1 {
				t.Errorf("g%d/%s holds %d", n, names[n-1], v[0])
			}
		}
	}
	a := must(f.Root().Attr("s19"))
	if !reflect.DeepEqual(a.Strings, manyStrings()) {
		t.Errorf("s19 differs after the round trip")
	}
}

func TestWriterErrors(t *testing.T) {
	w := h5.NewWriter()
	root := w.Root()
	if _, err := root.CreateGroup("a/b"); err == nil {
		t.Error("a name with / was accepted")
	}
	if _, err := root.CreateGroup(""); err == nil {
		t.Error("an empty name was accepted")
	}
	must(root.CreateGroup("x"))
	if _, err := root.CreateDataset("x", must(h5.Int64Data(nil, []int64{1}))); err == nil {
		t.Error("a duplicate name was accepted")
	}
	if _, err := h5.Float32Data([]int{2, 2}, []float32{1}); err == nil {
		t.Error("a shape that does not match the data was accepted")
	}
	if _, err := h5.Float32Data([]int{-1}, nil); err == nil {
		t.Error("a negative dimension was accepted")
	}
	must(0, root.SetAttr("a", h5.Int64(1)))
	if err := root.SetAttr("a", h5.Int64(2)); err == nil {
		t.Error("a duplicate attribute was accepted")
	}
	if err := root.SetAttr("big", h5.Strings(make([]string, 5000))); err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteTo(&bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("an attribute over the object header limit gave %v", err)
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriteToPassesErrors(t *testing.T) {
	w := sampleFile()
	if _, err := w.WriteTo(&failWriter{n: 10}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("error %v", err)
	}
}

// TestWriteSamples writes sample files into $GOKERAS_H5_SAMPLES when it is
// set, for scripts/check_h5py.py to open with h5py.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("GOKERAS_H5_SAMPLES")
	if dir == "" {
		t.Skip("GOKERAS_H5_SAMPLES not set")
	}
	if err := os.WriteFile(filepath.Join(dir, "h5_sample.h5"), writeBytes(t, sampleFile()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "h5_many.h5"), writeBytes(t, manyMembers()), 0o644); err != nil {
		t.Fatal(err)
	}
}
