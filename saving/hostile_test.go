package saving_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// hostileFile is a small file that declares far more data than it holds,
// and the fuzz target whose corpus it seeds.
type hostileFile struct {
	name, target string
	args         [][]byte
	want         string // part of the expected error
}

// patchDims replaces the dimensions (7, 13) of the only dataset of that
// shape in an HDF5 file by (d0, 13): the dataspace message keeps each
// dimension, and each maximum dimension, as an 8-byte little-endian
// number.
func patchDims(t testing.TB, data []byte, d0 uint64) []byte {
	t.Helper()
	var old, repl [16]byte
	binary.LittleEndian.PutUint64(old[:], 7)
	binary.LittleEndian.PutUint64(old[8:], 13)
	binary.LittleEndian.PutUint64(repl[:], d0)
	binary.LittleEndian.PutUint64(repl[8:], 13)
	if n := bytes.Count(data, old[:]); n < 1 || n > 2 {
		t.Fatalf("the dimensions (7, 13) occur %d times in the file", n)
	}
	return bytes.ReplaceAll(data, old[:], repl[:])
}

func hostileFiles(t *testing.T) []hostileFile {
	w713 := tensor.Must(tensor.New([]int{7, 13}, make([]float32, 91)))
	store := &saving.VarStore{}
	store.Add("layers/dense", "dense", w713)
	weights, err := saving.EncodeWeightsH5(store)
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := saving.EncodeH5(&saving.H5Model{Layers: []saving.LayerWeights{{Name: "dense", Weights: []saving.Weight{
		{Name: "dense/kernel:0", Value: w713}}}}})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := nestedArchive(t)
	config, _ := a.Model.MarshalJSON()
	hugeWeights := patchDims(t, weights, 1<<40)
	hugeMember := zipOf(t, zip.Deflate, map[string][]byte{"config.json": config, "model.weights.h5": {1, 2, 3}})
	cd := bytes.LastIndex(hugeMember, []byte("PK\x01\x02"))
	for cd >= 0 && !bytes.HasPrefix(hugeMember[cd+46:], []byte("config.json")) {
		cd = bytes.LastIndex(hugeMember[:cd], []byte("PK\x01\x02"))
	}
	if cd < 0 {
		t.Fatal("no central directory entry for config.json")
	}
	copy(hugeMember[cd+24:], []byte{0xff, 0xff, 0xff, 0x7f}) // 2 GiB uncompressed
	js, shard := tfjsSeed(t)
	hugeShape := bytes.Replace(js, []byte(`"shape": [2, 2]`), []byte(`"shape": [32768, 32767]`), 1)
	overShape := bytes.Replace(js, []byte(`"shape": [2, 2]`), []byte(`"shape": [4294967296, 4294967296]`), 1)
	return []hostileFile{
		{"huge_dataset", "FuzzReadWeightsH5", [][]byte{hugeWeights}, "exceeds"},
		{"overflowing_dataset", "FuzzReadWeightsH5", [][]byte{patchDims(t, weights, 1<<62)}, "exceeds"},
		{"huge_dataset", "FuzzReadH5", [][]byte{patchDims(t, legacy, 1<<40)}, "exceeds"},
		{"huge_weights_member", "FuzzReadKerasFile", [][]byte{zipOf(t, zip.Store, map[string][]byte{"config.json": config, "model.weights.h5": hugeWeights})}, "exceeds"},
		{"huge_declared_member", "FuzzReadKerasFile", [][]byte{hugeMember}, "declares"},
		{"huge_shape", "FuzzReadTFJS", [][]byte{hugeShape, shard}, "shard"},
		{"overflowing_shape", "FuzzReadTFJS", [][]byte{overShape, shard}, "shape"},
	}
}

// readAs reads a file with the reader a fuzz target exercises.
func readAs(target string, args [][]byte) error {
	var err error
	switch target {
	case "FuzzReadWeightsH5":
		_, err = saving.ReadWeightsH5(bytes.NewReader(args[0]), int64(len(args[0])))
	case "FuzzReadH5":
		_, err = saving.ReadH5(bytes.NewReader(args[0]), int64(len(args[0])))
	case "FuzzReadKerasFile":
		_, err = saving.ReadKerasFile(bytes.NewReader(args[0]), int64(len(args[0])))
	case "FuzzReadTFJS":
		_, err = saving.ReadTFJS(fstest.MapFS{"model.json": {Data: args[0]}, "group1-shard1of1.bin": {Data: args[1]}}, "model.json")
	}
	return err
}

// TestHostileFilesAllocateLittle reads files that declare terabytes in a
// few kilobytes: each reader refuses them, naming the problem, and
// allocates no more than a few megabytes doing so.
func TestHostileFilesAllocateLittle(t *testing.T) {
	for _, h := range hostileFiles(t) {
		var err error
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err = readAs(h.target, h.args)
		runtime.ReadMemStats(&after)
		if a := after.TotalAlloc - before.TotalAlloc; a > 8<<20 {
			t.Errorf("%s/%s: reading allocated %d bytes", h.target, h.name, a)
		}
		if err == nil || !strings.Contains(err.Error(), h.want) {
			t.Errorf("%s/%s: error %v, want one containing %q", h.target, h.name, err, h.want)
		}
	}
}
