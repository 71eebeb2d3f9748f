package h5_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/saving/internal/h5"
	"github.com/gokeras/gokeras/saving/savingtest"
)

// listing renders a file the way testdata/h5py_listing.py renders it with
// h5py, so the two can be compared line by line.
func listing(t testing.TB, name string, f *h5.File) []string {
	var lines []string
	var walk func(g *h5.Group)
	walk = func(g *h5.Group) {
		lines = append(lines, "G "+name+":"+g.Path())
		lines = append(lines, attrLines(t, name+":"+g.Path(), mustAttrs(t, g.Attrs))...)
		names, err := g.Names()
		if err != nil {
			t.Fatalf("%s: %v", g.Path(), err)
		}
		for _, n := range names {
			kind, err := g.Kind(n)
			if err != nil {
				t.Fatalf("%s/%s: %v", g.Path(), n, err)
			}
			switch kind {
			case h5.KindGroup:
				child, err := g.Group(n)
				if err != nil {
					t.Fatal(err)
				}
				walk(child)
			case h5.KindDataset:
				d, err := g.Dataset(n)
				if err != nil {
					t.Fatal(err)
				}
				lines = append(lines, datasetLine(t, name, d))
				lines = append(lines, attrLines(t, name+":"+d.Path(), mustAttrs(t, d.Attrs))...)
			default:
				t.Fatalf("%s/%s: kind %v", g.Path(), n, kind)
			}
		}
	}
	walk(f.Root())
	return lines
}

func mustAttrs(t testing.TB, get func() ([]*h5.Attribute, error)) []*h5.Attribute {
	a, err := get()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func shapeString(s []int) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func stringsCRC(s []string) uint32 { return crc32.ChecksumIEEE([]byte(strings.Join(s, "\x00"))) }

// numericCRC is the crc32 of the values written little-endian in their
// stored type, as NumPy's tobytes gives them.
func numericCRC(typ h5.Type, ints []int64, floats []float64) uint32 {
	var b bytes.Buffer
	put := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	for _, v := range ints {
		switch typ.Size {
		case 1:
			put(uint8(v))
		case 2:
			put(uint16(v))
		case 4:
			put(uint32(v))
		default:
			put(uint64(v))
		}
	}
	for _, v := range floats {
		switch typ.Size {
		case 8:
			put(math.Float64bits(v))
		case 4:
			put(math.Float32bits(float32(v)))
		default:
			put(halfBits(v))
		}
	}
	return crc32.ChecksumIEEE(b.Bytes())
}

// halfBits encodes v, exactly representable as a normal IEEE half or zero,
// as binary16 (enough for the test files' values).
func halfBits(v float64) uint16 {
	b := math.Float32bits(float32(v))
	sign := uint16(b>>16) & 0x8000
	if b&0x7fffffff == 0 {
		return sign
	}
	return sign | uint16((b>>23&0xff)-112)<<10 | uint16(b>>13&0x3ff)
}

func attrLines(t testing.TB, where string, attrs []*h5.Attribute) []string {
	var out []string
	for _, a := range attrs {
		dtype, crc := "str", uint32(0)
		switch a.Type.Class {
		case h5.ClassString, h5.ClassVarString:
			crc = stringsCRC(a.Strings)
		default:
			dtype, crc = a.Type.DType(), numericCRC(a.Type, a.Ints, a.Floats)
		}
		out = append(out, fmt.Sprintf("A %s@%s %s %s crc=%08x", where, a.Name, dtype, shapeString(a.Shape), crc))
	}
	return out
}

func datasetLine(t testing.TB, name string, d *h5.Dataset) string {
	typ := d.Type()
	dtype, crc := "str", uint32(0)
	switch typ.Class {
	case h5.ClassString, h5.ClassVarString:
		s, err := d.ReadStrings()
		if err != nil {
			t.Fatal(err)
		}
		crc = stringsCRC(s)
	case h5.ClassInt:
		v, err := d.ReadInt64()
		if err != nil {
			t.Fatal(err)
		}
		dtype, crc = typ.DType(), numericCRC(typ, v, nil)
	default:
		v, err := d.ReadFloat64()
		if err != nil {
			t.Fatal(err)
		}
		dtype, crc = typ.DType(), numericCRC(typ, nil, v)
	}
	return fmt.Sprintf("D %s:%s %s %s crc=%08x", name, d.Path(), dtype, shapeString(d.Shape()), crc)
}

// openH5 opens an HDF5 file, or the model.weights.h5 member of a zip
// archive, reading it through an io.ReaderAt.
func openH5(t testing.TB, file string) (*h5.File, string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	name := path.Base(file)
	if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		for _, zf := range zr.File {
			if zf.Name != "model.weights.h5" {
				continue
			}
			off, err := zf.DataOffset()
			if err != nil || zf.Method != zip.Store {
				t.Fatalf("%s: member not stored: %v", file, err)
			}
			sr := io.NewSectionReader(bytes.NewReader(data), off, int64(zf.UncompressedSize64))
			f, err := h5.Open(sr, sr.Size())
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			return f, name + "!model.weights.h5"
		}
	}
	f, err := h5.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return f, name
}

// TestListingMatchesH5py reads every HDF5 fixture written by Keras, the
// Keras 3 .keras file in ../../testdata and the feature files h5py wrote
// (testdata/make_features.py), and compares each group, dataset and
// attribute, with a crc32 of every value, against what h5py reported for the
// same files: testdata/listing.golden, made once by testdata/h5py_listing.py
// run in the fixture directory on the fixture files (found with find), then
// ../../testdata/keras3_nested_container.keras and testdata/features_*.h5.
func TestListingMatchesH5py(t *testing.T) {
	golden, err := os.ReadFile("testdata/listing.golden")
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"../../testdata/keras3_nested_container.keras",
		"testdata/features_v0.h5", "testdata/features_latest.h5", "testdata/features_ublock.h5"}
	if rel, err := savingtest.Files(); err == nil {
		for _, r := range rel {
			if ext := path.Ext(r); ext == ".h5" || ext == ".hdf5" || ext == ".keras" {
				p, _ := savingtest.Path(r)
				files = append(files, p)
			}
		}
	} else {
		t.Logf("Keras fixtures missing (%v): checking testdata only", err)
	}
	var got []string
	names := map[string]bool{}
	for _, file := range files {
		f, name := openH5(t, file)
		names[name] = true
		got = append(got, listing(t, name, f)...)
	}
	var want []string
	for _, l := range strings.Split(strings.TrimSpace(string(golden)), "\n") {
		if names[strings.SplitN(strings.Fields(l)[1], ":", 2)[0]] {
			want = append(want, l)
		}
	}
	sort.Strings(got)
	if len(want) < 10 {
		t.Fatalf("only %d golden lines apply", len(want))
	}
	diff(t, got, want)
}

func diff(t *testing.T, got, want []string) {
	t.Helper()
	g, w := map[string]bool{}, map[string]bool{}
	for _, l := range got {
		g[l] = true
	}
	for _, l := range want {
		w[l] = true
		if !g[l] {
			t.Errorf("missing: %s", l)
		}
	}
	for _, l := range got {
		if !w[l] {
			t.Errorf("unexpected: %s", l)
		}
	}
}
