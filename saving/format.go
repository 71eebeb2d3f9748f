package saving

import (
	"bytes"
	"fmt"
	"io"
	"sort"

	"github.com/gokeras/gokeras/saving/internal/h5"
)

// Format is a kind of model file.
type Format int

// The formats DetectFormat tells apart.
const (
	FormatUnknown Format = iota
	// FormatKeras is Keras 3's .keras zip archive (ReadKerasFile).
	FormatKeras
	// FormatH5 is a legacy Keras HDF5 file, full model or weights only
	// (ReadH5); tf.keras 2 wrote these even under a .keras name.
	FormatH5
	// FormatWeightsH5 is a Keras 3 weights file, .weights.h5
	// (ReadWeightsH5).
	FormatWeightsH5
	// FormatJSON is a JSON document: a TensorFlow.js model.json or a
	// model config (ReadTFJS, ParseModelConfig).
	FormatJSON
)

// String returns a short description of the format.
func (f Format) String() string {
	switch f {
	case FormatKeras:
		return ".keras archive"
	case FormatH5:
		return "legacy Keras HDF5"
	case FormatWeightsH5:
		return "Keras 3 weights HDF5"
	case FormatJSON:
		return "JSON"
	}
	return "unknown"
}

// DetectFormat tells what kind of model file the first size bytes of r
// hold, from their content rather than a file name.
func DetectFormat(r io.ReaderAt, size int64) (Format, error) {
	head := make([]byte, 8)
	n, err := r.ReadAt(head, 0)
	if n < len(head) && err != nil && err != io.EOF {
		return FormatUnknown, err
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatKeras, nil
	case len(bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")) > 0 && bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")[0] == '{':
		return FormatJSON, nil
	}
	if !isHDF5(r, size) {
		return FormatUnknown, nil
	}
	f, err := h5.Open(r, size)
	if err != nil {
		return FormatUnknown, fmt.Errorf("saving: %w", err)
	}
	root := f.Root()
	if _, err := root.Attr("layer_names"); err == nil {
		return FormatH5, nil
	}
	if _, err := root.Attr("model_config"); err == nil {
		return FormatH5, nil
	}
	if k, _ := root.Kind("model_weights"); k == h5.KindGroup {
		return FormatH5, nil
	}
	return FormatWeightsH5, nil
}

// isHDF5 reports whether r holds the HDF5 signature at offset 0 or after a
// user block.
func isHDF5(r io.ReaderAt, size int64) bool {
	sig := []byte{0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}
	p := make([]byte, len(sig))
	for at := int64(0); at+int64(len(sig)) <= size; {
		if _, err := r.ReadAt(p, at); err != nil {
			return false
		}
		if bytes.Equal(p, sig) {
			return true
		}
		if at == 0 {
			at = 512
		} else {
			at *= 2
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
