package saving_test

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

const bigElems = 25 << 20 // 100 MiB of float32

func bigWeights() *saving.VarStore {
	v := make([]float32, bigElems)
	for i := range v {
		v[i] = float32(i % 977)
	}
	s := &saving.VarStore{}
	s.Add("layers/dense", "dense", tensor.Must(tensor.New([]int{bigElems / 1024, 1024}, v)), tensor.FromSlice(make([]float32, 1024)))
	return s
}

func bigModel(t testing.TB) *saving.ModelConfig {
	m, err := saving.ParseModelConfig([]byte(`{"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
		{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 25600], "name": "in"}},
		{"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 1024}}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// allocated returns the bytes f allocates on the heap.
func allocated(f func()) uint64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestLoadMemory writes a .keras file and a legacy .h5 file holding 100 MB
// of weights and checks that reading each from disk allocates at most 1.5
// times that (the values themselves are 1x; the files are read through
// io.ReaderAt, not into memory).
func TestLoadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads 200 MB")
	}
	dir := t.TempDir()
	kpath, hpath := filepath.Join(dir, "big.keras"), filepath.Join(dir, "big.h5")
	vars := bigWeights()
	write := func(path string, fn func(io.Writer) error) {
		if a := allocated(func() {
			if err := saving.WriteFileAtomic(path, 0o644, fn); err != nil {
				t.Fatal(err)
			}
		}); a > 8<<20 {
			t.Errorf("writing %s allocated %d MB", filepath.Base(path), a>>20)
		}
	}
	write(kpath, func(w io.Writer) error {
		return saving.WriteKerasFile(w, &saving.Archive{Model: bigModel(t), Vars: vars})
	})
	write(hpath, func(w io.Writer) error {
		return saving.WriteH5(w, &saving.H5Model{Model: bigModel(t), Layers: []saving.LayerWeights{{Name: "dense", Weights: []saving.Weight{
			{Name: "dense/kernel:0", Value: vars.Entries[0].Values[0]}, {Name: "dense/bias:0", Value: vars.Entries[0].Values[1]}}}}})
	})
	vars = nil
	size := float64(4 * bigElems)
	for _, path := range []string{kpath, hpath} {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		var kernel saving.Tensor
		a := allocated(func() {
			if path == kpath {
				arc, err := saving.ReadKerasFile(f, st.Size())
				if err != nil {
					t.Fatal(err)
				}
				kernel = arc.Vars.Get("layers/dense").Values[0]
			} else {
				m, err := saving.ReadH5(f, st.Size())
				if err != nil {
					t.Fatal(err)
				}
				kernel = m.Layer("dense").Weights[0].Value
			}
		})
		f.Close()
		if v := kernel.(*tensor.Tensor[float32]).Data(); v[bigElems-1] != float32((bigElems-1)%977) {
			t.Fatalf("%s: last value %v", filepath.Base(path), v[bigElems-1])
		}
		ratio := float64(a) / size
		t.Logf("reading %s (%d MB of weights) allocated %.3fx their size", filepath.Base(path), int(size)>>20, ratio)
		if ratio > 1.5 {
			t.Errorf("reading %s allocated %.2fx the weights' size", filepath.Base(path), ratio)
		}
	}
}

// BenchmarkReadKerasFile reads a .keras file with 100 MB of weights from
// disk.
func BenchmarkReadKerasFile(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.keras")
	if err := saving.WriteFileAtomic(path, 0o644, func(w io.Writer) error {
		return saving.WriteKerasFile(w, &saving.Archive{Model: bigModel(b), Vars: bigWeights()})
	}); err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := saving.ReadKerasFile(f, st.Size()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteKerasFile writes a .keras file with 100 MB of weights.
func BenchmarkWriteKerasFile(b *testing.B) {
	a := &saving.Archive{Model: bigModel(b), Vars: bigWeights()}
	b.SetBytes(4 * bigElems)
	b.ReportAllocs()
	for b.Loop() {
		if err := saving.WriteKerasFile(io.Discard, a); err != nil {
			b.Fatal(err)
		}
	}
}
