package savingtest

import (
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"testing"
)

func npy(header string, body []byte) []byte {
	h := header
	for (10+len(h)+1)%16 != 0 {
		h += " "
	}
	h += "\n"
	out := []byte("\x93NUMPY\x01\x00")
	out = binary.LittleEndian.AppendUint16(out, uint16(len(h)))
	return append(append(out, h...), body...)
}

func TestDecodeNPY(t *testing.T) {
	var body []byte
	for _, v := range []float64{1.5, -2, 3} {
		body = binary.LittleEndian.AppendUint64(body, math.Float64bits(v))
	}
	x, err := DecodeNPY(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", body))
	if err != nil || !reflect.DeepEqual(x.Shape(), []int{3}) || !reflect.DeepEqual(x.Data(), []float32{1.5, -2, 3}) {
		t.Errorf("float64 npy: %v %v", x, err)
	}
	s, err := DecodeNPY(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (), }", binary.LittleEndian.AppendUint32(nil, 7)))
	if err != nil || len(s.Shape()) != 0 || s.Data()[0] != 7 {
		t.Errorf("scalar npy: %v %v", s, err)
	}
	for _, bad := range [][]byte{
		[]byte("nope"),
		npy("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", make([]byte, 8)),
		npy("{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }", make([]byte, 8)),
		npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", make([]byte, 8)),
		npy("{'descr': '<i2', 'fortran_order': False, 'shape': (1,), }", make([]byte, 8)),
	} {
		if _, err := DecodeNPY(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestDirFromEnvironment(t *testing.T) {
	t.Setenv(EnvDir, t.TempDir())
	if _, err := Dir(); !errors.Is(err, ErrNoFixtures) {
		t.Errorf("a directory without README.md: %v", err)
	}
	if _, err := Files(); err == nil {
		t.Error("Files without fixtures succeeded")
	}
}
