package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// idxBytes builds an IDX file: magic, big-endian dimensions, payload.
func idxBytes(typ IDXType, dims []uint32, payload []byte) []byte {
	b := []byte{0, 0, byte(typ), byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, d)
	}
	return append(b, payload...)
}

// gz compresses b.
func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func be32(vs ...uint32) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return b
}

func TestReadIDXTypes(t *testing.T) {
	f64 := binary.BigEndian.AppendUint64(nil, math.Float64bits(-2.25))
	f64 = binary.BigEndian.AppendUint64(f64, math.Float64bits(1e300))
	tests := []struct {
		typ     IDXType
		payload []byte
		want    []float64
	}{
		{IDXUint8, []byte{0, 7, 255}, []float64{0, 7, 255}},
		{IDXInt8, []byte{0x80, 0xff, 0x7f}, []float64{-128, -1, 127}},
		{IDXInt16, []byte{0xff, 0xfe, 0x01, 0x2c, 0x80, 0x00}, []float64{-2, 300, -32768}},
		{IDXInt32, be32(uint32(0xfffeee90), 16777217, 0x7fffffff), []float64{-70000, 16777217, math.MaxInt32}},
		{IDXFloat32, be32(math.Float32bits(1.5), math.Float32bits(-0.125), math.Float32bits(3e38)), []float64{1.5, -0.125, float64(float32(3e38))}},
		{IDXFloat64, f64, []float64{-2.25, 1e300}},
	}
	for _, tc := range tests {
		t.Run(tc.typ.String(), func(t *testing.T) {
			n := uint32(len(tc.want))
			x, err := ReadIDX(bytes.NewReader(idxBytes(tc.typ, []uint32{1, n}, tc.payload)))
			if err != nil {
				t.Fatal(err)
			}
			if x.Type != tc.typ || !slices.Equal(x.Shape, []int{1, int(n)}) || x.Len() != int(n) {
				t.Fatalf("got %s %v, want %s [1 %d]", x.Type, x.Shape, tc.typ, n)
			}
			f64, err := x.Float64()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(f64.Data(), tc.want) || !slices.Equal(f64.Shape(), []int{1, int(n)}) {
				t.Errorf("Float64 = %v %v, want %v", f64.Shape(), f64.Data(), tc.want)
			}
			f32, err := x.Float32()
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.want {
				if f32.Data()[i] != float32(w) {
					t.Errorf("Float32[%d] = %v, want %v", i, f32.Data()[i], float32(w))
				}
			}
			i32, err := x.Int32()
			if tc.typ == IDXFloat32 || tc.typ == IDXFloat64 {
				if err == nil {
					t.Errorf("Int32 of %s: no error", tc.typ)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.want {
				if i32.Data()[i] != int32(w) {
					t.Errorf("Int32[%d] = %v, want %v", i, i32.Data()[i], int32(w))
				}
			}
		})
	}
}

func TestReadIDXGzipAndEmpty(t *testing.T) {
	plain := idxBytes(IDXUint8, []uint32{2, 2, 2}, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	x, err := ReadIDX(bytes.NewReader(gz(t, plain)))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(x.Shape, []int{2, 2, 2}) || !bytes.Equal(x.Data, plain[16:]) {
		t.Errorf("gzip: got %v %v", x.Shape, x.Data)
	}
	// A zero dimension is a valid empty array, even next to a large one.
	x, err = ReadIDX(bytes.NewReader(idxBytes(IDXUint8, []uint32{0, maxIDXDim}, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if x.Len() != 0 || len(x.Data) != 0 || !slices.Equal(x.Shape, []int{0, maxIDXDim}) {
		t.Errorf("empty: got %v with %d bytes", x.Shape, len(x.Data))
	}
}

func TestReadIDXMalformed(t *testing.T) {
	valid := idxBytes(IDXUint8, []uint32{3}, []byte{1, 2, 3})
	validGz := gz(t, valid)
	badCRC := slices.Clone(validGz)
	badCRC[len(badCRC)-8] ^= 0xff // the CRC-32 in the gzip trailer
	tests := []struct {
		name, want string
		in         []byte
	}{
		{"empty", "truncated header: 0 of 4", nil},
		{"short magic", "truncated header: 3 of 4", []byte{0, 0, 8}},
		{"bad magic", "bad magic number 0x01020801", []byte{1, 2, 8, 1, 0, 0, 0, 0}},
		{"text", "bad magic number 0x68656c6c", []byte("hello world")},
		{"unknown type", "unknown element type 0x0a", idxBytes(0x0a, []uint32{1}, []byte{0})},
		{"zero dims", "zero dimensions", []byte{0, 0, 8, 0, 1}},
		{"short dims", "truncated header: 6 of 12", idxBytes(IDXUint8, []uint32{1, 2, 3}, nil)[:10]},
		{"truncated data", "only 2 bytes follow", idxBytes(IDXUint8, []uint32{3}, []byte{1, 2})},
		{"truncated int32", "int32 (2,) (8 bytes) but only 7", idxBytes(IDXInt32, []uint32{2}, make([]byte, 7))},
		{"trailing data", "more bytes follow", append(slices.Clone(valid), 9)},
		{"dim too large", "dimension 1 is 4294967295", idxBytes(IDXUint8, []uint32{1, 0xffffffff}, nil)},
		{"over limit", "more than the limit", idxBytes(IDXUint8, []uint32{65536, 65537}, nil)},
		{"empty but huge", "more than the limit", idxBytes(IDXUint8, []uint32{0, 65536, 65537}, nil)},
		{"overflow", "more than the limit", idxBytes(IDXFloat64, []uint32{maxIDXDim, maxIDXDim, maxIDXDim, 2}, nil)},
		{"truncated gzip", "truncated", validGz[:len(validGz)-5]},
		{"gzip checksum", "checksum", badCRC},
		{"bad gzip header", "bad gzip header", []byte{0x1f, 0x8b, 0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Once with a reader that tells its length, once with one that
			// does not: the checks differ but the errors must not.
			for _, r := range []io.Reader{bytes.NewReader(tc.in), hideLen{bytes.NewReader(tc.in)}} {
				x, err := ReadIDX(r)
				if err == nil {
					t.Fatalf("%T: no error, got %v %v", r, x.Shape, x.Type)
				}
				var fe *FormatError
				if !errors.As(err, &fe) {
					t.Fatalf("%T: error %v (%T) is not a *FormatError", r, err, err)
				}
				if fe.Name != "IDX" || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%T: error %q: want name IDX and %q", r, err, tc.want)
				}
			}
		})
	}
}

// hideLen hides the Len method of the reader it wraps.
type hideLen struct{ r io.Reader }

func (h hideLen) Read(p []byte) (int, error) { return h.r.Read(p) }

// A header that promises far more than the input holds must not make the
// reader allocate what the header promises, whether or not the input's
// length is known up front.
func TestReadIDXBoundedAllocation(t *testing.T) {
	in := idxBytes(IDXFloat64, []uint32{1 << 14, 1 << 15}, make([]byte, 100)) // declares 4 GiB
	for _, r := range []io.Reader{bytes.NewReader(in), hideLen{bytes.NewReader(in)}, bytes.NewReader(gz(t, in))} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := ReadIDX(r)
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), "only 100 bytes follow") {
			t.Fatalf("%T: error %v, want truncation", r, err)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
			t.Errorf("%T: allocated %d bytes for 100 bytes of input", r, got)
		}
	}
}

func TestReadIDXFileNamesFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad-images-idx3-ubyte.gz")
	if err := os.WriteFile(path, gz(t, []byte{0, 0, 8, 3, 0, 0}), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadIDXFile(path)
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Name != path || !strings.Contains(err.Error(), path+": truncated header") {
		t.Errorf("error %v: want a *FormatError naming %s", err, path)
	}
	// A plain file whose size is known is checked before its body is read.
	short := filepath.Join(dir, "short-labels-idx1-ubyte")
	if err := os.WriteFile(short, idxBytes(IDXUint8, []uint32{60000}, make([]byte, 10)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadIDXFile(short)
	if want := short + ": truncated: header declares uint8 (60000,) (60000 bytes) but only 10 bytes follow"; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("short file: error %v, want %q", err, want)
	}
	_, err = ReadIDXFile(filepath.Join(dir, "missing"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: error %v, want os.ErrNotExist", err)
	}
}

func TestWriteIDXRoundTrip(t *testing.T) {
	x := &IDX{Type: IDXInt16, Shape: []int{2, 1, 3}, Data: []byte{0, 1, 0, 2, 0, 3, 0xff, 0xff, 0x80, 0, 0x7f, 0xff}}
	var buf bytes.Buffer
	if err := WriteIDX(&buf, x); err != nil {
		t.Fatal(err)
	}
	if want := idxBytes(IDXInt16, []uint32{2, 1, 3}, x.Data); !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("WriteIDX wrote %x, want %x", buf.Bytes(), want)
	}
	y, err := ReadIDX(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if y.Type != x.Type || !slices.Equal(y.Shape, x.Shape) || !bytes.Equal(y.Data, x.Data) {
		t.Errorf("round trip: got %+v, want %+v", y, x)
	}
}

func TestIDXInconsistent(t *testing.T) {
	bad := []*IDX{
		{Type: 0x42, Shape: []int{1}, Data: []byte{0}},
		{Type: IDXUint8, Shape: nil, Data: []byte{0}},
		{Type: IDXUint8, Shape: []int{-1}, Data: nil},
		{Type: IDXInt32, Shape: []int{2}, Data: make([]byte, 7)},
		{Type: IDXUint8, Shape: []int{maxIDXDim, maxIDXDim}, Data: nil},
		{Type: IDXUint8, Shape: make([]int, 256), Data: nil},
	}
	for _, x := range bad {
		var buf bytes.Buffer
		if err := WriteIDX(&buf, x); err == nil || buf.Len() != 0 {
			t.Errorf("WriteIDX(%v %v, %d bytes): error %v, wrote %d bytes", x.Type, x.Shape, len(x.Data), err, buf.Len())
		}
		if _, err := x.Float32(); err == nil {
			t.Errorf("Float32 of %v %v: no error", x.Type, x.Shape)
		}
		if _, err := x.Float64(); err == nil {
			t.Errorf("Float64 of %v %v: no error", x.Type, x.Shape)
		}
		if _, err := x.Int32(); err == nil {
			t.Errorf("Int32 of %v %v: no error", x.Type, x.Shape)
		}
	}
}

func TestIDXTypeStrings(t *testing.T) {
	want := map[IDXType]string{IDXUint8: "uint8", IDXInt8: "int8", IDXInt16: "int16",
		IDXInt32: "int32", IDXFloat32: "float32", IDXFloat64: "float64", 0x0a: "IDXType(0x0a)"}
	sizes := map[IDXType]int{IDXUint8: 1, IDXInt8: 1, IDXInt16: 2, IDXInt32: 4, IDXFloat32: 4, IDXFloat64: 8, 0x0a: 0}
	for typ, s := range want {
		if typ.String() != s || typ.Size() != sizes[typ] {
			t.Errorf("%#x: String %q Size %d, want %q %d", byte(typ), typ.String(), typ.Size(), s, sizes[typ])
		}
	}
}

// BenchmarkReadIDXGzip measures decoding a gzip-compressed uint8 IDX file
// the size of 10,000 MNIST images (7.8 MB uncompressed).
func BenchmarkReadIDXGzip(b *testing.B) {
	payload := make([]byte, 10000*28*28)
	for i := range payload {
		payload[i] = byte(i * 7 % 251)
	}
	in := gz(b, idxBytes(IDXUint8, []uint32{10000, 28, 28}, payload))
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadIDX(bytes.NewReader(in)); err != nil {
			b.Fatal(err)
		}
	}
}

// failAfter returns its data, then err.
type failAfter struct {
	data []byte
	err  error
}

func (f *failAfter) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// An error of the underlying reader is passed on as it is, not reported as
// malformed input.
func TestReadIDXReaderError(t *testing.T) {
	boom := errors.New("disk on fire")
	in := idxBytes(IDXUint8, []uint32{10}, []byte{1, 2, 3})
	for _, r := range []io.Reader{&failAfter{in, boom}, &failAfter{in[:2], boom}, &failAfter{nil, boom}} {
		_, err := ReadIDX(r)
		var fe *FormatError
		if !errors.Is(err, boom) || errors.As(err, &fe) || err.Error() != "datasets: IDX: disk on fire" {
			t.Errorf("error %v, want the reader's error wrapped once", err)
		}
	}
}
