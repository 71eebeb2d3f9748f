package datasets

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzReadIDX checks that ReadIDX never panics, that every failure is a
// *FormatError, and that whatever it accepts is consistent and writes back
// to the same bytes. The seed corpus is in testdata/fuzz/FuzzReadIDX.
func FuzzReadIDX(f *testing.F) {
	f.Add(idxBytes(IDXUint8, []uint32{2, 2}, []byte{1, 2, 3, 4}))
	f.Add(idxBytes(IDXFloat64, []uint32{1}, []byte{0x3f, 0xf0, 0, 0, 0, 0, 0, 0}))
	f.Fuzz(func(t *testing.T, in []byte) {
		x, err := ReadIDX(bytes.NewReader(in))
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T) is not a *FormatError", err, err)
			}
			return
		}
		if len(x.Data) != x.Len()*x.Type.Size() {
			t.Fatalf("%s %v with %d bytes of data", x.Type, x.Shape, len(x.Data))
		}
		if _, err := x.Float64(); err != nil {
			t.Fatalf("Float64 of an accepted input: %v", err)
		}
		var out bytes.Buffer
		if err := WriteIDX(&out, x); err != nil {
			t.Fatalf("WriteIDX of an accepted input: %v", err)
		}
		if !bytes.HasPrefix(in, gzipMagic) && !bytes.Equal(out.Bytes(), in) {
			t.Fatalf("round trip changed the bytes:\n in %x\nout %x", in, out.Bytes())
		}
	})
}

// FuzzReadCSV checks that ReadCSV never panics, that failures are
// *FormatErrors, and that accepted tables have consistent shapes.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("2,2,a,b\n1,2,0\n3,4,1\n"), true)
	f.Add([]byte("1,2,3\n4,5,6\n"), false)
	f.Add([]byte("1,\"2\n"), false)
	f.Fuzz(func(t *testing.T, in []byte, header bool) {
		s, err := ReadCSV(bytes.NewReader(in), header)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T) is not a *FormatError", err, err)
			}
			return
		}
		shape := s.X.Shape()
		if len(shape) != 2 || shape[0] != s.Len() || shape[1] < 1 {
			t.Fatalf("X shape %v with %d labels", shape, s.Len())
		}
		for _, y := range s.Y.Data() {
			if y < 0 || (s.ClassNames != nil && int(y) >= len(s.ClassNames)) {
				t.Fatalf("label %d with classes %q", y, s.ClassNames)
			}
		}
	})
}
