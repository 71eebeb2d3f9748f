package savingtest

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/gokeras/gokeras/tensor"
)

var (
	npyDescr = regexp.MustCompile(`'descr':\s*'([<>|]?)([fi])(\d)'`)
	npyOrder = regexp.MustCompile(`'fortran_order':\s*(True|False)`)
	npyShape = regexp.MustCompile(`'shape':\s*\(([\d,\s]*)\)`)
)

// readNPY reads a little-endian float or int NumPy .npy file (rel is
// relative to Dir) as float32.
func readNPY(rel string) (*tensor.Tensor[float32], error) {
	p, err := Path(rel)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return DecodeNPY(data)
}

// DecodeNPY decodes a NumPy .npy file holding little-endian float32,
// float64, int32 or int64 values in C order, converted to float32.
func DecodeNPY(data []byte) (*tensor.Tensor[float32], error) {
	if len(data) < 10 || string(data[:6]) != "\x93NUMPY" {
		return nil, fmt.Errorf("savingtest: not a .npy file")
	}
	hlen, start := int(binary.LittleEndian.Uint16(data[8:])), 10
	if data[6] >= 2 {
		if len(data) < 12 {
			return nil, fmt.Errorf("savingtest: truncated .npy header")
		}
		hlen, start = int(binary.LittleEndian.Uint32(data[8:])), 12
	}
	if start+hlen > len(data) {
		return nil, fmt.Errorf("savingtest: truncated .npy header")
	}
	header := string(data[start : start+hlen])
	d, o, s := npyDescr.FindStringSubmatch(header), npyOrder.FindStringSubmatch(header), npyShape.FindStringSubmatch(header)
	if d == nil || o == nil || s == nil || d[1] == ">" || o[1] == "True" {
		return nil, fmt.Errorf("savingtest: unsupported .npy header %q", header)
	}
	shape := []int{}
	n := 1
	for _, f := range strings.Split(s[1], ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.Atoi(f)
		if err != nil {
			return nil, err
		}
		shape, n = append(shape, v), n*v
	}
	size, _ := strconv.Atoi(d[3])
	if size != 4 && size != 8 {
		return nil, fmt.Errorf("savingtest: unsupported .npy element size %d", size)
	}
	body := data[start+hlen:]
	if len(body) < n*size {
		return nil, fmt.Errorf("savingtest: .npy data of %d bytes for %d elements of %d", len(body), n, size)
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = npyValue(body[i*size:], d[2], size)
	}
	return tensor.New(shape, out)
}

func npyValue(p []byte, kind string, size int) float32 {
	le := binary.LittleEndian
	switch {
	case kind == "f" && size == 8:
		return float32(math.Float64frombits(le.Uint64(p)))
	case kind == "f" && size == 4:
		return math.Float32frombits(le.Uint32(p))
	case size == 8:
		return float32(int64(le.Uint64(p)))
	}
	return float32(int32(le.Uint32(p)))
}
