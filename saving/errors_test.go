package saving_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// TestTruncatedKerasFile cuts a .keras file at many points: every cut gives
// an error, never a panic.
func TestTruncatedKerasFile(t *testing.T) {
	_, data := nestedArchive(t)
	for n := 0; n < len(data); n += 97 {
		if _, err := saving.ReadKerasFile(bytes.NewReader(data[:n]), int64(n)); err == nil {
			t.Fatalf("a .keras file cut to %d of %d bytes was read", n, len(data))
		}
	}
}

// TestCorruptKerasFile flips bytes inside the stored weights: the
// checksum catches it.
func TestCorruptKerasFile(t *testing.T) {
	_, data := nestedArchive(t)
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var off int64
	for _, f := range zr.File {
		if f.Name == "model.weights.h5" {
			off, _ = f.DataOffset()
		}
	}
	bad := append([]byte(nil), data...)
	bad[off+9160+4] ^= 0x40 // inside the first kernel's values
	_, err := saving.ReadKerasFile(bytes.NewReader(bad), int64(len(bad)))
	if err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("corrupted weights: %v", err)
	}
}

// zipOf builds a zip with the given members, stored or deflated.
func zipOf(t *testing.T, method uint16, members map[string][]byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"metadata.json", "config.json", "model.weights.h5", "model.weights.npz", "assets/x"} {
		data, ok := members[name]
		if !ok {
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zw.Close()
	return b.Bytes()
}

func TestKerasFileErrors(t *testing.T) {
	a, _ := nestedArchive(t)
	config, _ := a.Model.MarshalJSON()
	weights, _ := saving.EncodeWeightsH5(a.Vars)
	cases := []struct {
		members map[string][]byte
		method  uint16
		want    string
	}{
		{map[string][]byte{"model.weights.h5": weights}, zip.Store, "no config.json"},
		{map[string][]byte{"config.json": config}, zip.Store, "no model.weights.h5"},
		{map[string][]byte{"config.json": config, "model.weights.npz": {1}}, zip.Store, "npz"},
		{map[string][]byte{"config.json": []byte("{"), "model.weights.h5": weights}, zip.Store, "config.json"},
		{map[string][]byte{"config.json": config, "metadata.json": []byte("[]"), "model.weights.h5": weights}, zip.Store, "metadata.json"},
		{map[string][]byte{"config.json": config, "model.weights.h5": []byte("not hdf5")}, zip.Store, "weights file"},
		{map[string][]byte{"config.json": config, "model.weights.h5": []byte("not hdf5")}, zip.Deflate, "weights file"},
	}
	for _, c := range cases {
		data := zipOf(t, c.method, c.members)
		_, err := saving.ReadKerasFile(bytes.NewReader(data), int64(len(data)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
	// A deflated archive, as other zip tools write, reads like a stored one.
	data := zipOf(t, zip.Deflate, map[string][]byte{"config.json": config, "model.weights.h5": weights, "assets/x": []byte("y")})
	b, err := saving.ReadKerasFile(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(b.Vars.Entries) != len(a.Vars.Entries) || string(b.Assets["x"]) != "y" {
		t.Errorf("deflated archive: %v", err)
	}
	if _, err := saving.ReadKerasFile(bytes.NewReader([]byte("hello")), 5); err == nil {
		t.Error("a text file was read as .keras")
	}
	if err := saving.WriteKerasFile(io.Discard, &saving.Archive{}); err == nil {
		t.Error("an archive without a config was written")
	}
}

// TestKerasFileDeclaredSizes edits the sizes a zip declares: a member
// claiming more bytes than the archive holds or than deflate can produce is
// refused before anything is allocated.
func TestKerasFileDeclaredSizes(t *testing.T) {
	a, _ := nestedArchive(t)
	config, _ := a.Model.MarshalJSON()
	data := zipOf(t, zip.Deflate, map[string][]byte{"config.json": config, "model.weights.h5": {1, 2, 3}})
	// Patch the uncompressed size of config.json in the central directory.
	cd := bytes.LastIndex(data, []byte("PK\x01\x02config.json"))
	if cd < 0 {
		cd = bytes.Index(data, []byte("PK\x01\x02"))
	}
	bad := append([]byte(nil), data...)
	copy(bad[cd+24:], []byte{0xff, 0xff, 0xff, 0x7f}) // 2 GiB
	_, err := saving.ReadKerasFile(bytes.NewReader(bad), int64(len(bad)))
	if err == nil || !strings.Contains(err.Error(), "declares") {
		t.Errorf("huge declared size: %v", err)
	}
}

func TestWeightFileErrors(t *testing.T) {
	if _, err := saving.ReadH5(bytes.NewReader([]byte("x")), 1); err == nil {
		t.Error("ReadH5 of garbage")
	}
	if _, err := saving.ReadWeightsH5(bytes.NewReader([]byte("x")), 1); err == nil {
		t.Error("ReadWeightsH5 of garbage")
	}
	legacy, err := saving.EncodeH5(&saving.H5Model{Layers: []saving.LayerWeights{{Name: "d", Weights: []saving.Weight{
		{Name: "d/kernel:0", Value: tensor.FromSlice([]float32{1})}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := saving.ReadWeightsH5(bytes.NewReader(legacy), int64(len(legacy))); err == nil || !strings.Contains(err.Error(), "ReadH5") {
		t.Errorf("ReadWeightsH5 of a legacy file: %v", err)
	}
	if _, err := saving.EncodeH5(&saving.H5Model{Layers: []saving.LayerWeights{{Name: "d", Weights: []saving.Weight{{Value: tensor.FromSlice([]float32{1})}}}}}); err == nil {
		t.Error("a weight without a name was written")
	}
	if _, err := saving.EncodeH5(&saving.H5Model{Layers: []saving.LayerWeights{{Name: "d"}, {Name: "d"}}}); err == nil {
		t.Error("two layers of one name were written")
	}
	if f, err := saving.DetectFormat(bytes.NewReader([]byte("hello")), 5); f != saving.FormatUnknown || err != nil {
		t.Errorf("DetectFormat of text: %v %v", f, err)
	}
}

// TestLongNameLists writes more layers than one attribute holds: the names
// are split over layer_names0, layer_names1, ... and read back whole.
func TestLongNameLists(t *testing.T) {
	m := &saving.H5Model{}
	for i := 0; i < 9000; i++ {
		m.Layers = append(m.Layers, saving.LayerWeights{Name: "layer_" + strconv.Itoa(i)})
	}
	data, err := saving.EncodeH5(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := saving.ReadH5(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Layers) != 9000 || back.Layers[8999].Name != "layer_8999" {
		t.Errorf("%d layers read back", len(back.Layers))
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.keras")
	if err := saving.WriteFileAtomic(path, 0o600, func(w io.Writer) error {
		_, err := io.WriteString(w, "first")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := saving.WriteFileAtomic(path, 0o600, func(w io.Writer) error {
		io.WriteString(w, "second, half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("error %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "first" {
		t.Errorf("after a failed write the file holds %q", got)
	}
	if st, _ := os.Stat(path); runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries", len(entries))
	}
	f, err := saving.CreateAtomic(path, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "third")
	if got, _ := os.ReadFile(path); string(got) != "first" {
		t.Errorf("before Close the file holds %q", got)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "third" {
		t.Errorf("after Close the file holds %q", got)
	}
	if err := f.Close(); err == nil {
		t.Error("second Close succeeded")
	}
	if err := saving.WriteFileAtomic(filepath.Join(dir, "no", "such", "dir"), 0o644, func(io.Writer) error { return nil }); err == nil {
		t.Error("write into a missing directory succeeded")
	}
}

// TestAtomicUnderKill starts a child process that rewrites a file over and
// over with WriteFileAtomic and kills it at varying moments: the file must
// always hold one complete version.
func TestAtomicUnderKill(t *testing.T) {
	if os.Getenv("GOKERAS_ATOMIC_CHILD") != "" {
		atomicChild(os.Getenv("GOKERAS_ATOMIC_CHILD"))
		return
	}
	if testing.Short() || runtime.GOOS == "windows" {
		t.Skip("needs a child process")
	}
	path := filepath.Join(t.TempDir(), "ckpt")
	for i := 0; i < 8; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestAtomicUnderKill$")
		cmd.Env = append(os.Environ(), "GOKERAS_ATOMIC_CHILD="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(30+17*i) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		data, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue // killed before the first rename
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(data) != 1<<20 || bytes.Count(data, data[:1]) != len(data) {
			t.Fatalf("after kill %d the file holds %d bytes, not one complete version", i, len(data))
		}
	}
}

// atomicChild writes 1 MiB versions of one repeated byte forever.
func atomicChild(path string) {
	block := make([]byte, 1<<16)
	for v := byte('a'); ; v = 'a' + (v-'a'+1)%26 {
		for i := range block {
			block[i] = v
		}
		saving.WriteFileAtomic(path, 0o644, func(w io.Writer) error {
			for i := 0; i < 16; i++ {
				if _, err := w.Write(block); err != nil {
					return err
				}
			}
			return nil
		})
	}
}
