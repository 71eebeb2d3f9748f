package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gokeras/gokeras/models"
)

// runSummary runs `gokeras summary FILE`: it loads a model Keras or
// gokeras saved (.keras, legacy .h5, or a TensorFlow.js model.json) and
// prints its summary, and how it is compiled if the file says.
func runSummary(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("%w: gokeras summary FILE (.keras, .h5 or a TensorFlow.js model.json)", errUsage)
	}
	path := args[0]
	var m *models.Model
	var err error
	if strings.EqualFold(filepath.Ext(path), ".json") {
		m, err = models.LoadTFJS(os.DirFS(filepath.Dir(path)), filepath.Base(path))
	} else {
		m, err = models.LoadModel(path)
	}
	if err != nil {
		return err
	}
	if err := m.Summary(stdout); err != nil {
		return err
	}
	if opt := m.Optimizer(); opt != nil {
		// The rate lives in a float32 variable: print it as one.
		fmt.Fprintf(stdout, "Compiled with %s (learning rate %s)\n", opt.ClassName(), strconv.FormatFloat(opt.LearningRate(), 'g', -1, 32))
	}
	return nil
}
