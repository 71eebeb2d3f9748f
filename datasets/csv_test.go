package datasets

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestReadCSVHeader(t *testing.T) {
	in := "3,2,cat,dog\n1.5,-2,0\n0.1, 3e2,1\n4,5,1.0\n"
	for _, name := range []string{"plain", "gzip"} {
		t.Run(name, func(t *testing.T) {
			r := strings.NewReader(in)
			if name == "gzip" {
				r = strings.NewReader(string(gz(t, []byte(in))))
			}
			s, err := ReadCSV(r, true)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(s.X.Shape(), []int{3, 2}) || s.Len() != 3 {
				t.Fatalf("X shape %v, Len %d", s.X.Shape(), s.Len())
			}
			if want := []float32{1.5, -2, 0.1, 300, 4, 5}; !slices.Equal(s.X.Data(), want) {
				t.Errorf("X = %v, want %v", s.X.Data(), want)
			}
			if want := []int32{0, 1, 1}; !slices.Equal(s.Y.Data(), want) {
				t.Errorf("Y = %v, want %v", s.Y.Data(), want)
			}
			if !slices.Equal(s.ClassNames, []string{"cat", "dog"}) {
				t.Errorf("ClassNames = %q", s.ClassNames)
			}
		})
	}
}

func TestReadCSVNoHeader(t *testing.T) {
	s, err := ReadCSV(strings.NewReader("1,2,3,7\n4,5,6,0\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.X.Shape(), []int{2, 3}) || !slices.Equal(s.Y.Data(), []int32{7, 0}) || s.ClassNames != nil {
		t.Errorf("got X %v, Y %v, ClassNames %q", s.X.Shape(), s.Y.Data(), s.ClassNames)
	}
	// A header with zero samples is a valid empty table.
	s, err = ReadCSV(strings.NewReader("0,4\n"), true)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.X.Shape(), []int{0, 4}) || s.Len() != 0 {
		t.Errorf("empty: X %v", s.X.Shape())
	}
}

func TestReadCSVMalformed(t *testing.T) {
	tests := []struct {
		name, in, want string
		header         bool
	}{
		{"short header", "150\n", "line 1: header has 1 fields", true},
		{"bad header", "x,4,a\n", `header "x,4" is not`, true},
		{"zero features", "1,0\n", "n_features >= 1", true},
		{"huge header", "9000000000000,9000000000000000000\n1,2\n", "line 2: 2 columns, expected 9000000000000000000 features", true},
		{"row count", "3,2\n1,2,0\n", "declares 3 samples, found 1 rows", true},
		{"column count", "2,2,a,b\n1,2,0\n1,2\n", "line 3: 2 columns, expected 2 features and a label", true},
		{"header columns", "1,3\n1,2,0\n", "line 2: 3 columns, expected 3 features", true},
		{"not a number", "1,x,0\n", `line 1, column 2: "x" is not a number`, false},
		{"out of float32 range", "1e39,0\n", `"1e39" is not a number`, false},
		{"negative label", "1,2,-1\n", "negative", false},
		{"fractional label", "1,2,0.5\n", "not a non-negative integer", false},
		{"label past classes", "1,2,a,b\n1,2,2\n", "label 2 is not below the 2 classes", true},
		{"one column", "1\n", "1 columns, expected at least one feature", false},
		{"empty", "", "number of features is unknown", false},
		{"bare quote", "1,2\"x,0\n", "line 1", false},
		{"truncated gzip", string(gz(t, []byte("1,2,0\n3,4,1\n"))[:12]), "truncated", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.in), tc.header)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T), want a *FormatError", err, err)
			}
			if fe.Name != "CSV" || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want name CSV and %q", err, tc.want)
			}
		})
	}
}

func TestLoadIris(t *testing.T) {
	s, err := LoadIris()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.X.Shape(), []int{150, 4}) || !slices.Equal(s.Y.Shape(), []int{150}) {
		t.Fatalf("shapes X %v Y %v, want (150, 4) (150,)", s.X.Shape(), s.Y.Shape())
	}
	if !slices.Equal(s.ClassNames, []string{"setosa", "versicolor", "virginica"}) {
		t.Errorf("ClassNames = %q", s.ClassNames)
	}
	x, y := s.X.Data(), s.Y.Data()
	// First and last rows of iris.csv.
	if want := []float32{5.1, 3.5, 1.4, 0.2}; !slices.Equal(x[:4], want) || y[0] != 0 {
		t.Errorf("row 0 = %v label %d, want %v label 0", x[:4], y[0], want)
	}
	if want := []float32{5.9, 3.0, 5.1, 1.8}; !slices.Equal(x[596:], want) || y[149] != 2 {
		t.Errorf("row 149 = %v label %d, want %v label 2", x[596:], y[149], want)
	}
	var counts [3]int
	for i, l := range y {
		counts[l]++
		if want := int32(i / 50); l != want {
			t.Fatalf("label %d = %d, want %d (the file is sorted by class)", i, l, want)
		}
	}
	if counts != [3]int{50, 50, 50} {
		t.Errorf("class counts %v, want 50 each", counts)
	}
	// Column sums, computed independently from the CSV text.
	wantSums := []float64{876.5, 458.6, 563.7, 179.9}
	for j, w := range wantSums {
		var sum float64
		for i := range 150 {
			sum += float64(x[4*i+j])
		}
		if d := sum - w; d > 1e-3 || d < -1e-3 {
			t.Errorf("column %d sums to %v, want %v", j, sum, w)
		}
	}
}

func TestLoadDigits(t *testing.T) {
	s, err := LoadDigits()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.X.Shape(), []int{1797, 64}) || s.Len() != 1797 {
		t.Fatalf("X shape %v, want (1797, 64)", s.X.Shape())
	}
	if len(s.ClassNames) != 10 || s.ClassNames[3] != "3" {
		t.Errorf("ClassNames = %q", s.ClassNames)
	}
	x, y := s.X.Data(), s.Y.Data()
	first := []float32{0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0}
	if !slices.Equal(x[:16], first) || y[0] != 0 || y[1796] != 8 {
		t.Errorf("first row starts %v (label %d), last label %d; want %v, 0, 8", x[:16], y[0], y[1796], first)
	}
	var total float64
	for _, v := range x {
		if v < 0 || v > 16 || v != float32(int(v)) {
			t.Fatalf("pixel %v is not an integer in 0..16", v)
		}
		total += float64(v)
	}
	// Known answers computed independently from digits.csv.gz.
	if total != 561718 {
		t.Errorf("pixel total %v, want 561718", total)
	}
	var rowSum float64
	for _, v := range x[1796*64:] {
		rowSum += float64(v)
	}
	if rowSum != 392 {
		t.Errorf("last image sums to %v, want 392", rowSum)
	}
	var hist [10]int
	for _, l := range y {
		hist[l]++
	}
	if want := [10]int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}; hist != want {
		t.Errorf("label histogram %v, want %v", hist, want)
	}
}

// Each call decodes afresh, so callers may modify what they get.
func TestToyLoadsAreIndependent(t *testing.T) {
	a, _ := LoadIris()
	a.X.Data()[0] = -1
	a.ClassNames[0] = "changed"
	b, err := LoadIris()
	if err != nil {
		t.Fatal(err)
	}
	if b.X.Data()[0] != 5.1 || b.ClassNames[0] != "setosa" {
		t.Errorf("second load sees the first one's changes: %v %q", b.X.Data()[0], b.ClassNames[0])
	}
}

func TestToyFileNamedInErrors(t *testing.T) {
	_, err := readCSV(bytes.NewReader([]byte("1,x\n")), "iris.csv", false)
	if err == nil || !strings.HasPrefix(err.Error(), "datasets: iris.csv: line 1") {
		t.Errorf("error %v, want it to name iris.csv", err)
	}
}
