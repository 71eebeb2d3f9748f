package datasets

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/gokeras/gokeras/tensor"
)

// idxNames are the base names of the four files of an MNIST-style data
// set, in the order train images, train labels, test images, test labels.
var idxNames = [4]string{
	"train-images-idx3-ubyte",
	"train-labels-idx1-ubyte",
	"t10k-images-idx3-ubyte",
	"t10k-labels-idx1-ubyte",
}

// findIDXFiles looks for the four files in dir, each as name.gz or name.
// It returns their paths and the names of those it did not find.
func findIDXFiles(dir string) (paths [4]string, missing []string) {
	for i, name := range idxNames {
		for _, cand := range []string{name + ".gz", name} {
			p := filepath.Join(dir, cand)
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				paths[i] = p
				break
			}
		}
		if paths[i] == "" {
			missing = append(missing, name+".gz")
		}
	}
	return paths, missing
}

// haveIDXFiles reports whether dir holds all four files.
func haveIDXFiles(dir string) bool {
	_, missing := findIDXFiles(dir)
	return len(missing) == 0
}

// loadIDXDir decodes the training and test splits found in dir; both are
// decoded at the same time.
func loadIDXDir(dir string, classNames []string, o options) (train, test Split, err error) {
	paths, missing := findIDXFiles(dir)
	if len(missing) > 0 {
		return Split{}, Split{}, &fs.PathError{Op: "open", Path: filepath.Join(dir, missing[0]), Err: fs.ErrNotExist}
	}
	var wg sync.WaitGroup
	var testErr error
	wg.Go(func() { test, testErr = loadIDXSplit(paths[2], paths[3], classNames, o.rescale) })
	train, err = loadIDXSplit(paths[0], paths[1], classNames, o.rescale)
	wg.Wait()
	if err = errors.Join(err, testErr); err != nil {
		return Split{}, Split{}, err
	}
	return train, test, nil
}

// loadIDXSplit decodes one pair of image and label files: uint8 images of
// shape (N, rows, cols) and uint8 labels of shape (N,) below
// len(classNames).
func loadIDXSplit(imagesPath, labelsPath string, classNames []string, scale float64) (Split, error) {
	img, err := ReadIDXFile(imagesPath)
	if err != nil {
		return Split{}, err
	}
	if img.Type != IDXUint8 || len(img.Shape) != 3 {
		return Split{}, formatErr(imagesPath, nil, "expected uint8 images of shape (samples, rows, cols), found %s %s", img.Type, shapeString(img.Shape))
	}
	lab, err := ReadIDXFile(labelsPath)
	if err != nil {
		return Split{}, err
	}
	if lab.Type != IDXUint8 || len(lab.Shape) != 1 || lab.Shape[0] != img.Shape[0] {
		return Split{}, formatErr(labelsPath, nil, "expected uint8 labels of shape (%d,) to match %s, found %s %s", img.Shape[0], imagesPath, lab.Type, shapeString(lab.Shape))
	}
	y := make([]int32, len(lab.Data))
	for i, b := range lab.Data {
		if int(b) >= len(classNames) {
			return Split{}, formatErr(labelsPath, nil, "label %d of sample %d is not a class index below %d", b, i, len(classNames))
		}
		y[i] = int32(b)
	}
	x, err := tensor.New(img.Shape, pixels(img.Data, scale))
	if err != nil {
		return Split{}, err
	}
	return Split{X: x, Y: tensor.FromSlice(y), ClassNames: append([]string(nil), classNames...)}, nil
}

// pixels converts uint8 pixels to float32 times scale, computed in float64
// and rounded once, through a 256-entry table.
func pixels(data []byte, scale float64) []float32 {
	var lut [256]float32
	for i := range lut {
		lut[i] = float32(float64(i) * scale)
	}
	out := make([]float32, len(data))
	for i, b := range data {
		out[i] = lut[b]
	}
	return out
}
