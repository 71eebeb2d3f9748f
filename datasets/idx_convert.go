package datasets

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"github.com/gokeras/gokeras/tensor"
)

// Len returns the number of elements, the product of Shape.
func (x *IDX) Len() int {
	n := 1
	for _, d := range x.Shape {
		n *= d
	}
	return n
}

// Float32 returns the elements as a new float32 tensor of shape Shape.
// Integer values of up to 2^24 in magnitude convert exactly (all of uint8,
// int8 and int16); larger int32 values and float64 values are rounded to
// the nearest float32. It returns an error if x is inconsistent (an
// undefined type, or Data not matching Shape).
func (x *IDX) Float32() (*tensor.Tensor[float32], error) {
	if err := x.check(); err != nil {
		return nil, err
	}
	return tensor.New(x.Shape, decodeIDX[float32](x))
}

// Float64 returns the elements as a new float64 tensor of shape Shape;
// every IDX type converts exactly. It returns an error if x is
// inconsistent.
func (x *IDX) Float64() (*tensor.Tensor[float64], error) {
	if err := x.check(); err != nil {
		return nil, err
	}
	return tensor.New(x.Shape, decodeIDX[float64](x))
}

// Int32 returns the elements as a new int32 tensor of shape Shape, for the
// integer types only (labels are stored as IDXUint8). It returns an error
// for IDXFloat32 and IDXFloat64, or if x is inconsistent.
func (x *IDX) Int32() (*tensor.Tensor[int32], error) {
	if err := x.check(); err != nil {
		return nil, err
	}
	if x.Type == IDXFloat32 || x.Type == IDXFloat64 {
		return nil, fmt.Errorf("datasets: IDX.Int32: elements are %s, expected an integer type", x.Type)
	}
	return tensor.New(x.Shape, decodeIDX[int32](x))
}

// check reports whether x's fields agree with each other.
func (x *IDX) check() error {
	if x.Type.Size() == 0 {
		return fmt.Errorf("datasets: IDX: undefined element type 0x%02x", byte(x.Type))
	}
	if len(x.Shape) == 0 || len(x.Shape) > 255 {
		return fmt.Errorf("datasets: IDX: %d dimensions, expected 1 to 255", len(x.Shape))
	}
	for i, d := range x.Shape {
		if d < 0 || d > maxIDXDim {
			return fmt.Errorf("datasets: IDX: dimension %d is %d, expected 0 to %d", i, d, maxIDXDim)
		}
	}
	size, ok := payloadSize(x.Shape, x.Type.Size())
	if !ok {
		return fmt.Errorf("datasets: IDX: %s %s is more than the limit of %d bytes", x.Type, shapeString(x.Shape), MaxIDXBytes)
	}
	if len(x.Data) != size {
		return fmt.Errorf("datasets: IDX: %s %s needs %d bytes of data, received %d", x.Type, shapeString(x.Shape), size, len(x.Data))
	}
	return nil
}

// decodeIDX converts x's big-endian elements to T. x must have passed
// check; T must be able to represent x's type for the result to be exact.
func decodeIDX[T tensor.Elem](x *IDX) []T {
	d := x.Data
	out := make([]T, len(d)/x.Type.Size())
	be := binary.BigEndian
	switch x.Type {
	case IDXUint8:
		for i, b := range d {
			out[i] = T(b)
		}
	case IDXInt8:
		for i, b := range d {
			out[i] = T(int8(b))
		}
	case IDXInt16:
		for i := range out {
			out[i] = T(int16(be.Uint16(d[2*i:])))
		}
	case IDXInt32:
		for i := range out {
			out[i] = T(int32(be.Uint32(d[4*i:])))
		}
	case IDXFloat32:
		for i := range out {
			out[i] = T(math.Float32frombits(be.Uint32(d[4*i:])))
		}
	case IDXFloat64:
		for i := range out {
			out[i] = T(math.Float64frombits(be.Uint64(d[8*i:])))
		}
	}
	return out
}

// WriteIDX writes x to w in the IDX format, uncompressed. It returns an
// error, and writes nothing, if x is inconsistent (an undefined type, no
// dimension or more than 255, a dimension above 2^31-1, a payload above
// MaxIDXBytes, or Data not matching Shape).
func WriteIDX(w io.Writer, x *IDX) error {
	if err := x.check(); err != nil {
		return err
	}
	head := make([]byte, 4+4*len(x.Shape))
	head[2], head[3] = byte(x.Type), byte(len(x.Shape))
	for i, d := range x.Shape {
		binary.BigEndian.PutUint32(head[4+4*i:], uint32(d))
	}
	if _, err := w.Write(head); err != nil {
		return fmt.Errorf("datasets: WriteIDX: %w", err)
	}
	if _, err := w.Write(x.Data); err != nil {
		return fmt.Errorf("datasets: WriteIDX: %w", err)
	}
	return nil
}
