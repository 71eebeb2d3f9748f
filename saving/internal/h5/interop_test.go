package h5_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/scigolib/hdf5"

	"github.com/gokeras/gokeras/saving/internal/h5"
)

// These tests check the h5 package against an independent pure-Go HDF5
// implementation, github.com/scigolib/hdf5: it reads what the Writer
// writes, and the reader reads what it writes. (The package does not use
// that library itself: its reader opens only named files, converts every
// value to float64, and stops the process with an out-of-memory fatal error
// on some damaged files; its writer cannot write scalar datasets, scalar
// string attributes or empty arrays, all of which Keras files need.)

func TestScigolibReadsWriterOutput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.h5")
	if err := os.WriteFile(path, writeBytes(t, sampleFile()), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := hdf5.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	attrs, err := f.Root().Attributes()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, a := range attrs {
		if got[a.Name], err = a.ReadValue(); err != nil {
			t.Fatalf("attribute %s: %v", a.Name, err)
		}
	}
	if got["keras_version"] != "3.6.0" {
		t.Errorf("keras_version = %#v", got["keras_version"])
	}
	if !reflect.DeepEqual(got["layer_names"], []string{"dense", "", "dropout_ü"}) {
		t.Errorf("layer_names = %#v", got["layer_names"])
	}
	values := map[string][]float64{}
	f.Walk(func(p string, obj hdf5.Object) {
		if d, ok := obj.(*hdf5.Dataset); ok && p != "/empty" {
			v, err := d.Read()
			if err != nil {
				t.Errorf("%s: %v", p, err)
			}
			values[p] = v
		}
	})
	want := map[string][]float64{
		"/layers/dense/vars/1": {0.5, 3.4028234663852886e+38, 0},
		"/optimizer/iteration": {42},
		"/i32":                 {-7, 2147483647},
	}
	for p, w := range want {
		if !reflect.DeepEqual(values[p], w) {
			t.Errorf("%s = %v, want %v", p, values[p], w)
		}
	}
	if k := values["/layers/dense/vars/0"]; len(k) != 12 || k[0] != -1 || k[11] != 1.75 {
		t.Errorf("kernel = %v", k)
	}
}

func TestReaderReadsScigolibOutput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.h5")
	fw, err := hdf5.CreateForWrite(path, hdf5.CreateTruncate)
	if err != nil {
		t.Fatal(err)
	}
	g := must(fw.CreateGroup("/model_weights"))
	must(0, g.WriteAttribute("layer_names", []string{"dense_1", "activation_1"}))
	must(fw.CreateGroup("/model_weights/dense_1"))
	ds := must(fw.CreateDataset("/model_weights/dense_1/kernel:0", hdf5.Float32, []uint64{2, 3}))
	must(0, ds.Write([]float32{1, 2, 3, 4, 5, 6}))
	ds = must(fw.CreateDataset("/model_weights/dense_1/bias:0", hdf5.Float64, []uint64{3}))
	must(0, ds.Write([]float64{-1, 0, 1}))
	ds = must(fw.CreateDataset("/steps", hdf5.Int64, []uint64{1}))
	must(0, ds.Write([]int64{1 << 40}))
	must(0, fw.Close())

	data := must(os.ReadFile(path))
	f := must(h5.Open(bytes.NewReader(data), int64(len(data))))
	mw := must(f.Root().Group("model_weights"))
	a := must(mw.Attr("layer_names"))
	if s := must(a.StringSlice()); !reflect.DeepEqual(s, []string{"dense_1", "activation_1"}) {
		t.Errorf("layer_names = %v", s)
	}
	k := must(mw.Dataset("dense_1/kernel:0"))
	if v := must(k.ReadFloat32()); !reflect.DeepEqual(v, []float32{1, 2, 3, 4, 5, 6}) || !reflect.DeepEqual(k.Shape(), []int{2, 3}) {
		t.Errorf("kernel %v %v", k.Shape(), v)
	}
	b := must(mw.Dataset("dense_1/bias:0"))
	if v := must(b.ReadFloat64()); !reflect.DeepEqual(v, []float64{-1, 0, 1}) {
		t.Errorf("bias %v", v)
	}
	s := must(f.Root().Dataset("steps"))
	if v := must(s.ReadInt64()); v[0] != 1<<40 {
		t.Errorf("steps %v", v)
	}
}
