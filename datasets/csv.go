package datasets

import (
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gokeras/gokeras/tensor"
)

// csvCapHint bounds the row capacity taken from a header up front; beyond
// it the slices grow with the rows that actually arrive.
const csvCapHint = 1 << 12

// ReadCSV reads a labelled numeric table in the layout of scikit-learn's
// bundled data sets: one sample per line, its feature values separated by
// commas, then its class label (a non-negative integer) in the last
// column. It returns X of shape (samples, features) and Y of shape
// (samples,). A gzip-compressed input is decompressed transparently.
//
// With header true, the first line is scikit-learn's header
// "n_samples,n_features[,class name,...]" (as in iris.csv): the table must
// have exactly n_samples rows of n_features+1 columns, the class names
// become ClassNames, and when names are given every label must index one.
// With header false (as in digits.csv.gz) every line is a sample and
// ClassNames is nil.
//
// Every row must have the same number of columns, at least two. Feature
// values are parsed as float32 (correctly rounded). Malformed input yields
// a *FormatError giving the line.
func ReadCSV(r io.Reader, header bool) (Split, error) {
	return readCSV(r, "CSV", header)
}

// csvTable accumulates the rows of ReadCSV.
type csvTable struct {
	name     string
	features int // -1 until known
	samples  int // declared by the header, or -1
	classes  []string
	x        []float32
	y        []int32
}

func readCSV(r io.Reader, name string, header bool) (Split, error) {
	r, _, err := decompress(r, name)
	if err != nil {
		return Split{}, err
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	t := &csvTable{name: name, features: -1, samples: -1}
	for first := true; ; first = false {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Split{}, formatErr(name, pe.Err, "line %d", pe.Line)
			}
			return Split{}, ioFormatErr(name, err, "truncated or corrupt input")
		}
		line, _ := cr.FieldPos(0)
		if first && header {
			err = t.header(rec, line)
		} else {
			err = t.row(rec, line)
		}
		if err != nil {
			return Split{}, err
		}
	}
	return t.split()
}

// header parses "n_samples,n_features[,class names...]".
func (t *csvTable) header(rec []string, line int) error {
	if len(rec) < 2 {
		return formatErr(t.name, nil, "line %d: header has %d fields, expected n_samples,n_features[,class names]", line, len(rec))
	}
	n, err1 := strconv.Atoi(rec[0])
	f, err2 := strconv.Atoi(rec[1])
	if err1 != nil || err2 != nil || n < 0 || f < 1 {
		return formatErr(t.name, nil, "line %d: header %q is not n_samples,n_features with n_samples >= 0 and n_features >= 1", line, strings.Join(rec[:2], ","))
	}
	t.samples, t.features = n, f
	t.classes = append([]string(nil), rec[2:]...)
	rows := min(n, csvCapHint)
	t.x = make([]float32, 0, rows*min(f, 64))
	t.y = make([]int32, 0, rows)
	return nil
}

// row parses one sample: features, then the label.
func (t *csvTable) row(rec []string, line int) error {
	if t.features < 0 {
		if len(rec) < 2 {
			return formatErr(t.name, nil, "line %d: %d columns, expected at least one feature and a label", line, len(rec))
		}
		t.features = len(rec) - 1
	}
	if len(rec)-1 != t.features {
		return formatErr(t.name, nil, "line %d: %d columns, expected %d features and a label", line, len(rec), t.features)
	}
	for i, s := range rec[:t.features] {
		v, err := strconv.ParseFloat(s, 32)
		if err != nil {
			return formatErr(t.name, nil, "line %d, column %d: %q is not a number", line, i+1, s)
		}
		t.x = append(t.x, float32(v))
	}
	label, err := parseLabel(rec[t.features])
	if err != nil {
		return formatErr(t.name, nil, "line %d, column %d: label %q: %v", line, t.features+1, rec[t.features], err)
	}
	if len(t.classes) > 0 && int(label) >= len(t.classes) {
		return formatErr(t.name, nil, "line %d: label %d is not below the %d classes of the header", line, label, len(t.classes))
	}
	t.y = append(t.y, label)
	return nil
}

// parseLabel parses a non-negative integer label, also written as a float
// with no fractional part ("3.0").
func parseLabel(s string) (int32, error) {
	if v, err := strconv.ParseInt(s, 10, 32); err == nil {
		if v < 0 {
			return 0, errors.New("negative")
		}
		return int32(v), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || f < 0 || f > math.MaxInt32 {
		return 0, errors.New("not a non-negative integer")
	}
	return int32(f), nil
}

// split checks the row count and builds the tensors.
func (t *csvTable) split() (Split, error) {
	if t.samples >= 0 && len(t.y) != t.samples {
		return Split{}, formatErr(t.name, nil, "header declares %d samples, found %d rows", t.samples, len(t.y))
	}
	if t.features < 0 {
		return Split{}, formatErr(t.name, nil, "no rows and no header: the number of features is unknown")
	}
	x, err := tensor.New([]int{len(t.y), t.features}, t.x)
	if err != nil {
		return Split{}, err
	}
	var classes []string
	if len(t.classes) > 0 {
		classes = t.classes
	}
	return Split{X: x, Y: tensor.FromSlice(t.y), ClassNames: classes}, nil
}
