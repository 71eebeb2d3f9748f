package h5_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/saving/internal/h5"
)

func openFile(t testing.TB, name string) *h5.File {
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := h5.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

// TestFeatureValues checks values in the files make_features.py wrote, as
// the script computes them, through every read method.
func TestFeatureValues(t *testing.T) {
	for _, name := range []string{"testdata/features_v0.h5", "testdata/features_latest.h5"} {
		t.Run(name, func(t *testing.T) {
			root := openFile(t, name).Root()
			for _, dt := range []string{"i1", "i2", "i4", "i8", "be_i4"} {
				v := must(must(root.Dataset("ints/" + dt)).ReadInt32())
				if v[0] != -5 || v[11] != 6 {
					t.Errorf("ints/%s = %v", dt, v)
				}
			}
			for _, dt := range []string{"u1", "u2", "u4", "u8", "be_u2"} {
				v := must(must(root.Dataset("ints/" + dt)).ReadInt64())
				if v[0] != 0 || v[11] != 11 {
					t.Errorf("ints/%s = %v", dt, v)
				}
			}
			for _, dt := range []string{"f2", "f4", "f8", "be_f4", "be_f8"} {
				d := must(root.Dataset("floats/" + dt))
				v := must(d.ReadFloat32())
				if !reflect.DeepEqual(d.Shape(), []int{2, 3, 4}) || v[0] != -1 || v[23] != 23.0/8-1 || v[9] != 9.0/8-1 {
					t.Errorf("floats/%s %v = %v", dt, d.Shape(), v)
				}
			}
			checkChunked(t, root)
			if v := must(must(root.Dataset("compact")).ReadFloat64()); !reflect.DeepEqual(v, []float64{0, 1.25, 2.5, 3.75, 5, 6.25}) {
				t.Errorf("compact = %v", v)
			}
			if v := must(must(root.Dataset("scalar_f32")).ReadFloat32()); !reflect.DeepEqual(v, []float32{2.5}) {
				t.Errorf("scalar_f32 = %v", v)
			}
			if v := must(must(root.Dataset("bool")).ReadInt32()); !reflect.DeepEqual(v, []int32{1, 0, 1}) {
				t.Errorf("bool = %v", v)
			}
			if v := must(must(root.Dataset("strings/fixed")).ReadStrings()); !reflect.DeepEqual(v, []string{"alpha", "be", "gamma_long"}) {
				t.Errorf("strings/fixed = %q", v)
			}
			if v := must(must(root.Dataset("strings/vlen")).ReadStrings()); len(v) != 3 || v[0] != "unicode é" || v[1] != "" || v[2] != strings.Repeat("x", 300) {
				t.Errorf("strings/vlen = %q", v)
			}
			checkFeatureAttrs(t, root)
		})
	}
}

func checkChunked(t *testing.T, root *h5.Group) {
	for _, n := range []string{"gzip_shuffle", "plain", "fletcher32", "single"} {
		v := must(must(root.Dataset("chunked/" + n)).ReadFloat32())
		for i, x := range v {
			if want := float32(i%101) / 4; x != want {
				t.Fatalf("chunked/%s[%d] = %v, want %v", n, i, x, want)
			}
		}
	}
	p := must(must(root.Dataset("chunked/partial")).ReadFloat32())
	for i, x := range p {
		r, c := i/23, i%23
		want := float32(0)
		if r < 8 && c < 5 {
			want = 1.5
		} else if r >= 32 && c >= 20 {
			want = -2
		}
		if x != want {
			t.Fatalf("chunked/partial[%d,%d] = %v, want %v", r, c, x, want)
		}
	}
	r3 := must(must(root.Dataset("chunked/rank3")).ReadInt32())
	for i, x := range r3 {
		if x != int32(i) {
			t.Fatalf("chunked/rank3[%d] = %d", i, x)
		}
	}
}

func checkFeatureAttrs(t *testing.T, root *h5.Group) {
	s := func(name string) []string { return must(must(root.Attr(name)).StringSlice()) }
	if v := s("vlen_array"); !reflect.DeepEqual(v, []string{"one", "two", "three"}) {
		t.Errorf("vlen_array = %q", v)
	}
	if v := must(must(root.Attr("vlen_scalar")).String()); v != "a variable-length string" {
		t.Errorf("vlen_scalar = %q", v)
	}
	if v := must(must(root.Attr("fixed_scalar")).String()); v != "fixed" {
		t.Errorf("fixed_scalar = %q", v)
	}
	if v := s("fixed_array"); !reflect.DeepEqual(v, []string{"layer_a", "b"}) {
		t.Errorf("fixed_array = %q", v)
	}
	if v := s("empty_f64"); len(v) != 0 {
		t.Errorf("empty_f64 as strings = %q", v)
	}
	if _, err := must(root.Attr("f64")).String(); err == nil {
		t.Error("a float attribute read as a string")
	}
	if _, err := must(root.Attr("vlen_array")).String(); err == nil {
		t.Error("a 3-string attribute read as one string")
	}
	attrs := must(must(root.Group("attrs")).Attrs())
	if len(attrs) != 20 {
		t.Fatalf("%d attributes in /attrs, want 20", len(attrs))
	}
	for _, a := range attrs {
		var i int64
		if _, err := fmt.Sscanf(a.Name, "a%d", &i); err != nil || !reflect.DeepEqual(a.Ints, []int64{10 * i}) {
			t.Errorf("%s = %v, want [%d]", a.Name, a.Ints, 10*i)
		}
	}
	many := must(must(root.Group("many")).Names())
	if len(many) != 600 && len(many) != 3000 {
		t.Errorf("/many has %d links", len(many))
	}
}

func TestUserBlock(t *testing.T) {
	root := openFile(t, "testdata/features_ublock.h5").Root()
	if v := must(must(root.Dataset("x")).ReadFloat32()); !reflect.DeepEqual(v, []float32{0, 1, 2, 3}) {
		t.Errorf("x = %v", v)
	}
	if v := must(must(root.Attr("note")).String()); v != "after a user block" {
		t.Errorf("note = %q", v)
	}
}

func TestLookupErrors(t *testing.T) {
	root := openFile(t, "testdata/features_v0.h5").Root()
	cases := []struct {
		err  error
		call func() error
	}{
		{h5.ErrNotFound, func() error { _, err := root.Group("nope"); return err }},
		{h5.ErrNotFound, func() error { _, err := root.Group("nope/deeper"); return err }},
		{h5.ErrNotFound, func() error { _, err := root.Dataset("ints/nope"); return err }},
		{h5.ErrNotFound, func() error { _, err := root.Attr("nope"); return err }},
		{nil, func() error { _, err := root.Group("ints/i4"); return err }},
		{nil, func() error { _, err := root.Dataset("ints"); return err }},
		{nil, func() error { _, err := must(root.Dataset("strings/fixed")).ReadFloat32(); return err }},
		{nil, func() error { _, err := must(root.Dataset("floats/f4")).ReadInt64(); return err }},
		{nil, func() error { _, err := must(root.Dataset("floats/f4")).ReadStrings(); return err }},
	}
	for i, c := range cases {
		err := c.call()
		if err == nil || (c.err != nil && !errors.Is(err, c.err)) {
			t.Errorf("case %d: error %v, want %v", i, err, c.err)
		}
	}
	if k, err := root.Kind("ints/nope"); k != h5.KindMissing || err != nil {
		t.Errorf("Kind of a missing member = %v, %v", k, err)
	}
	if g, err := root.Group("/"); err != nil || g.Path() != "/" {
		t.Errorf(`Group("/") = %v, %v`, g, err)
	}
}

// TestDamagedFiles cuts and corrupts a real file: every variant must give
// an error wrapping ErrFormat (or, for features the reader lacks,
// ErrUnsupported), never a panic.
func TestDamagedFiles(t *testing.T) {
	data := writeBytes(t, sampleFile())
	if _, err := h5.Open(bytes.NewReader([]byte("not an HDF5 file at all")), 23); !errors.Is(err, h5.ErrFormat) {
		t.Errorf("text file: %v", err)
	}
	for _, n := range []int{0, 7, 8, 50, 96, 200, len(data) / 2, len(data) - 1} {
		err := visitAll(data[:n], 10000)
		if err == nil {
			t.Errorf("file cut to %d of %d bytes read without error", n, len(data))
		} else if !errors.Is(err, h5.ErrFormat) {
			t.Errorf("file cut to %d bytes: %v does not wrap ErrFormat", n, err)
		}
	}
	for i := 0; i < len(data); i += 7 {
		bad := append([]byte(nil), data...)
		bad[i] ^= 0xff
		_ = visitAll(bad, 10000)
	}
}

// TestReadMemory reads a generated 100 MB float32 dataset and checks the
// heap grew by at most 1.5 times its size (the result itself is 1x).
func TestReadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 200 MB")
	}
	const n = 25 << 20 // 100 MiB of float32
	vals := make([]float32, n)
	for i := range vals {
		vals[i] = float32(i % 1000)
	}
	w := h5.NewWriter()
	must(w.Root().CreateDataset("big", must(h5.Float32Data([]int{n / 1024, 1024}, vals))))
	var file bytes.Buffer
	must(w.WriteTo(&file))
	vals = nil
	data := file.Bytes()

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f := must(h5.Open(bytes.NewReader(data), int64(len(data))))
	got := must(must(f.Root().Dataset("big")).ReadFloat32())
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	if got[n-1] != float32((n-1)%1000) {
		t.Fatalf("last value %v", got[n-1])
	}
	if ratio := float64(allocated) / (4 * n); ratio > 1.5 {
		t.Errorf("reading %d MB allocated %.2fx its size", 4*n>>20, ratio)
	}
	t.Logf("reading %d MB allocated %.3fx its size", 4*n>>20, float64(allocated)/(4*n))
	if math.IsNaN(float64(got[0])) {
		t.Fatal("NaN")
	}
}

// BenchmarkReadFloat32 measures reading a 100 MB float32 dataset from
// memory; B/op shows the allocation is the result plus one 1 MB buffer.
func BenchmarkReadFloat32(b *testing.B) {
	const n = 25 << 20
	w := h5.NewWriter()
	must(w.Root().CreateDataset("big", must(h5.Float32Data([]int{n}, make([]float32, n)))))
	var file bytes.Buffer
	must(w.WriteTo(&file))
	data := file.Bytes()
	b.SetBytes(4 * n)
	b.ReportAllocs()
	for b.Loop() {
		f := must(h5.Open(bytes.NewReader(data), int64(len(data))))
		must(must(f.Root().Dataset("big")).ReadFloat32())
	}
}

// BenchmarkWrite measures writing a 100 MB float32 dataset.
func BenchmarkWrite(b *testing.B) {
	const n = 25 << 20
	vals := make([]float32, n)
	b.SetBytes(4 * n)
	b.ReportAllocs()
	for b.Loop() {
		w := h5.NewWriter()
		must(w.Root().CreateDataset("big", must(h5.Float32Data([]int{n}, vals))))
		must(w.WriteTo(discard{}))
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
