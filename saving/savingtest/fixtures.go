// Package savingtest gives tests access to the model files written by real
// Keras releases that gokeras's loaders are proven against, and to the known
// inputs and outputs some of them come with.
//
// The fixture files are not part of the repository; they sit in a directory
// named shared/fixtures/keras next to the repository's root directory (its
// README says where each file came from). The environment variable
// GOKERAS_KERAS_FIXTURES names another directory. Tests call Dir and skip
// when it reports the files missing.
package savingtest

import (
	"errors"
	"os"
	"path/filepath"
)

// EnvDir is the environment variable that overrides the fixture directory.
const EnvDir = "GOKERAS_KERAS_FIXTURES"

// ErrNoFixtures is returned when the fixture directory cannot be found.
var ErrNoFixtures = errors.New("savingtest: Keras fixture directory not found (set " + EnvDir + ")")

// Dir returns the fixture directory: $GOKERAS_KERAS_FIXTURES if set, else
// shared/fixtures/keras beside the root of the module the working directory
// is in.
func Dir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		if _, err := os.Stat(filepath.Join(d, "README.md")); err != nil {
			return "", ErrNoFixtures
		}
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", ErrNoFixtures
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(filepath.Dir(dir), "shared", "fixtures", "keras")
			if _, err := os.Stat(filepath.Join(d, "README.md")); err != nil {
				return "", ErrNoFixtures
			}
			return d, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNoFixtures
		}
		dir = parent
	}
}

// Path returns the path of the fixture file rel (for example
// "dl4j/12net.h5") inside Dir.
func Path(rel string) (string, error) {
	d, err := Dir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, filepath.FromSlash(rel)), nil
}

// Files lists every fixture model file (HDF5 files, .keras files and
// model.json files), as paths relative to Dir with forward slashes, sorted.
func Files() ([]string, error) {
	d, err := Dir()
	if err != nil {
		return nil, err
	}
	var out []string
	err = filepath.WalkDir(d, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		switch filepath.Ext(p) {
		case ".h5", ".hdf5", ".keras", ".json", ".npy":
			rel, _ := filepath.Rel(d, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out, err
}
