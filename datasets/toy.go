package datasets

import (
	"bytes"
	"embed"
)

// The two small data sets are embedded in the binary, as scikit-learn
// ships them (data/README.md gives their origin and licences).
//
//go:embed data/iris.csv data/digits.csv.gz
var toyFiles embed.FS

// loadToy decodes one embedded CSV file.
func loadToy(file string, header bool) (Split, error) {
	b, err := toyFiles.ReadFile("data/" + file)
	if err != nil {
		return Split{}, err
	}
	return readCSV(bytes.NewReader(b), file, header)
}

// LoadIris returns Fisher's iris data set, embedded in the binary (the
// copy scikit-learn ships as load_iris, which follows Fisher's 1936 paper):
// 150 flowers, 50 of each of the classes "setosa", "versicolor" and
// "virginica" (Y is 0, 1 or 2, in that order of the file), described by 4
// features in centimetres: sepal length, sepal width, petal length, petal
// width. X has shape (150, 4). Keras has no iris loader; this is the data
// set of many a first classifier. Each call returns new tensors.
func LoadIris() (Split, error) {
	return loadToy("iris.csv", true)
}

// LoadDigits returns the optical handwritten digits data set, embedded in
// the binary (the copy scikit-learn ships as load_digits, the test part of
// UCI's "Optical Recognition of Handwritten Digits"): 1,797 images of 8×8
// pixels, each pixel counting the set pixels of a 4×4 block of a 32×32
// bitmap, so values are integers 0..16. X has shape (1797, 64), one image
// per row in row-major order (X.Reshape(-1, 8, 8) gives the images); Y is
// the digit 0..9. Each call returns new tensors.
func LoadDigits() (Split, error) {
	s, err := loadToy("digits.csv.gz", false)
	if err != nil {
		return Split{}, err
	}
	s.ClassNames = append([]string(nil), mnistClasses...)
	return s, nil
}
