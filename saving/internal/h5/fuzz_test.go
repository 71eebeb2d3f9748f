package h5_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/gokeras/gokeras/saving/internal/h5"
)

// visitAll opens data and reads every group, dataset and attribute it can
// reach, visiting at most budget objects. It returns the first error.
func visitAll(data []byte, budget int) error {
	f, err := h5.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	var walk func(g *h5.Group, depth int) error
	walk = func(g *h5.Group, depth int) error {
		if budget--; budget < 0 || depth > 16 {
			return errors.New("budget")
		}
		if _, err := g.Attrs(); err != nil {
			return err
		}
		names, err := g.Names()
		if err != nil {
			return err
		}
		for _, n := range names {
			kind, err := g.Kind(n)
			if err != nil {
				return err
			}
			switch kind {
			case h5.KindGroup:
				c, err := g.Group(n)
				if err == nil {
					err = walk(c, depth+1)
				}
				if err != nil {
					return err
				}
			case h5.KindDataset:
				if err := readDataset(g, n); err != nil {
					return err
				}
			}
			if budget--; budget < 0 {
				return errors.New("budget")
			}
		}
		return nil
	}
	return walk(f.Root(), 0)
}

func readDataset(g *h5.Group, name string) error {
	d, err := g.Dataset(name)
	if err != nil {
		return err
	}
	if _, err := d.Attrs(); err != nil {
		return err
	}
	switch d.Type().Class {
	case h5.ClassString, h5.ClassVarString:
		_, err = d.ReadStrings()
	case h5.ClassInt:
		if _, err = d.ReadInt64(); err == nil {
			_, err = d.ReadFloat32()
		}
	default:
		_, err = d.ReadFloat32()
	}
	return err
}

// FuzzOpen feeds damaged files to the reader: every input must give an
// error or a result, never a panic, and allocations stay bounded by the
// input's size (the fuzzing engine's memory limit catches the rest).
func FuzzOpen(f *testing.F) {
	for _, name := range []string{"features_ublock.h5"} {
		if data, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(data)
		}
	}
	f.Add(writeBytes(f, sampleFile()))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = visitAll(data, 2000)
	})
}

// TestWriteFuzzCorpus writes the checked-in seed corpus of FuzzOpen from
// small files when GOKERAS_WRITE_CORPUS is set.
func TestWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("GOKERAS_WRITE_CORPUS") == "" {
		t.Skip("GOKERAS_WRITE_CORPUS not set")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzOpen")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	seeds := map[string][]byte{"writer_sample": writeBytes(t, sampleFile())}
	for _, name := range []string{"features_ublock.h5", "small_latest.h5", "small_chunked.h5"} {
		seeds[name] = must(os.ReadFile(filepath.Join("testdata", name)))
	}
	for name, data := range seeds {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
