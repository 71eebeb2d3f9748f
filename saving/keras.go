package saving

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"time"
)

// KerasVersion is the Keras release whose .keras layout gokeras writes
// (Keras 3.6 added the "name" attribute of vars groups); it goes into
// metadata.json's keras_version unless the Archive's Metadata says
// otherwise.
const KerasVersion = "3.6.0"

// Names of the members of a .keras archive.
const (
	metadataMember = "metadata.json"
	configMember   = "config.json"
	weightsMember  = "model.weights.h5"
	assetsPrefix   = "assets/"
)

// maxJSONMember bounds the size of metadata.json and config.json; configs
// of the largest models are a few megabytes.
const maxJSONMember = 256 << 20

// Archive is the content of a .keras file, Keras 3's native format: a zip
// of metadata.json, config.json, model.weights.h5 and optional assets.
type Archive struct {
	// Metadata is metadata.json: keras_version, date_saved, and whatever
	// else it holds. WriteKerasFile fills keras_version and date_saved
	// when they are missing.
	Metadata *Params
	// Model is config.json.
	Model *ModelConfig
	// Vars is model.weights.h5: layers under "layers/<snake_case class>",
	// the optimizer's variables under "optimizer".
	Vars *VarStore
	// Assets are the files under assets/, by path relative to it (the
	// vocabularies of lookup layers, for instance).
	Assets map[string][]byte
}

// ReadKerasFile reads a .keras archive from the first size bytes of r (an
// *os.File, a *bytes.Reader over an embedded file, ...). The weights are
// read in place when model.weights.h5 is stored uncompressed, as Keras
// writes it; every member's declared size is checked against what the
// archive can hold before anything is allocated, and its checksum is
// verified.
func ReadKerasFile(r io.ReaderAt, size int64) (*Archive, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		if isHDF5(r, size) {
			return nil, errors.New("saving: this .keras file is HDF5, as tf.keras 2 wrote it: read it with ReadH5")
		}
		return nil, fmt.Errorf("saving: .keras file: %w", err)
	}
	a := &Archive{Assets: map[string][]byte{}}
	members := map[string]*zip.File{}
	for _, f := range zr.File {
		if _, dup := members[f.Name]; dup {
			return nil, fmt.Errorf("saving: .keras file: member %q appears twice", f.Name)
		}
		members[f.Name] = f
	}
	if err := a.readJSON(members, size); err != nil {
		return nil, err
	}
	wf, ok := members[weightsMember]
	if !ok {
		if _, npz := members["model.weights.npz"]; npz {
			return nil, errors.New("saving: .keras file: weights in NumPy (npz) format are not supported")
		}
		return nil, errors.New("saving: .keras file: no model.weights.h5")
	}
	if a.Vars, err = readWeightsMember(r, size, wf); err != nil {
		return nil, err
	}
	for name, f := range members {
		if rel, ok := strings.CutPrefix(name, assetsPrefix); ok && rel != "" && !strings.HasSuffix(name, "/") {
			if a.Assets[rel], err = readMember(f, size, 0); err != nil {
				return nil, err
			}
		}
	}
	return a, nil
}

func (a *Archive) readJSON(members map[string]*zip.File, size int64) error {
	cf, ok := members[configMember]
	if !ok {
		return errors.New("saving: .keras file: no config.json")
	}
	data, err := readMember(cf, size, maxJSONMember)
	if err != nil {
		return err
	}
	if a.Model, err = ParseModelConfig(data); err != nil {
		return fmt.Errorf("saving: .keras file: config.json: %w", err)
	}
	a.Metadata = NewParams("metadata.json")
	if mf, ok := members[metadataMember]; ok {
		data, err := readMember(mf, size, maxJSONMember)
		if err != nil {
			return err
		}
		v, err := decodeJSON(data)
		if err != nil {
			return fmt.Errorf("saving: .keras file: metadata.json: %w", err)
		}
		p, ok := v.(*Params)
		if !ok {
			return fmt.Errorf("saving: .keras file: metadata.json: expected a dictionary, received %s", describe(v))
		}
		p.SetOwner("metadata.json")
		a.Metadata = p
	}
	return nil
}

// checkDeclared rejects a member whose declared size no archive of
// archiveSize bytes can hold: stored data larger than the archive, or
// deflated data expanding more than deflate can.
func checkDeclared(f *zip.File, archiveSize, limit int64) error {
	declared := f.UncompressedSize64
	switch {
	case limit > 0 && declared > uint64(limit):
		return fmt.Errorf("saving: .keras file: %s declares %d bytes, more than the %d allowed", f.Name, declared, limit)
	case f.CompressedSize64 > uint64(archiveSize):
		return fmt.Errorf("saving: .keras file: %s declares %d stored bytes in a %d-byte archive", f.Name, f.CompressedSize64, archiveSize)
	case f.Method == zip.Store && declared != f.CompressedSize64:
		return fmt.Errorf("saving: .keras file: %s is stored but declares different sizes", f.Name)
	case declared/1032 > f.CompressedSize64+64:
		return fmt.Errorf("saving: .keras file: %s declares %d bytes from %d compressed: more than deflate can expand to", f.Name, declared, f.CompressedSize64)
	}
	return nil
}

// readMember reads a whole member after checking its declared size.
func readMember(f *zip.File, archiveSize, limit int64) ([]byte, error) {
	if err := checkDeclared(f, archiveSize, limit); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("saving: .keras file: %s: %w", f.Name, err)
	}
	defer rc.Close()
	buf := make([]byte, f.UncompressedSize64)
	if _, err := io.ReadFull(rc, buf); err != nil {
		return nil, fmt.Errorf("saving: .keras file: %s: %w", f.Name, err)
	}
	// Reading to the end makes archive/zip verify the size and checksum.
	if n, err := rc.Read(make([]byte, 1)); n != 0 || (err != nil && err != io.EOF) {
		if err == nil {
			err = errors.New("member longer than declared")
		}
		return nil, fmt.Errorf("saving: .keras file: %s: %w", f.Name, err)
	}
	return buf, nil
}

// readWeightsMember reads model.weights.h5: in place through r when it is
// stored, from memory when it is compressed.
func readWeightsMember(r io.ReaderAt, size int64, f *zip.File) (*VarStore, error) {
	if f.Method != zip.Store {
		data, err := readMember(f, size, 0)
		if err != nil {
			return nil, err
		}
		return ReadWeightsH5(bytes.NewReader(data), int64(len(data)))
	}
	if err := checkDeclared(f, size, 0); err != nil {
		return nil, err
	}
	off, err := f.DataOffset()
	if err != nil {
		return nil, fmt.Errorf("saving: .keras file: %s: %w", f.Name, err)
	}
	n := int64(f.UncompressedSize64)
	if off < 0 || off > size || n > size-off {
		return nil, fmt.Errorf("saving: .keras file: %s: data lies beyond the end of the archive (truncated file?)", f.Name)
	}
	sr := io.NewSectionReader(r, off, n)
	if err := checkCRC(sr, f.CRC32); err != nil {
		return nil, fmt.Errorf("saving: .keras file: %s: %w", f.Name, err)
	}
	return ReadWeightsH5(sr, n)
}

func checkCRC(sr *io.SectionReader, want uint32) error {
	h := crc32.NewIEEE()
	if _, err := io.CopyBuffer(h, io.NewSectionReader(sr, 0, sr.Size()), make([]byte, 1<<20)); err != nil {
		return err
	}
	if got := h.Sum32(); got != want {
		return fmt.Errorf("checksum %08x, expected %08x (damaged file)", got, want)
	}
	return nil
}

// WriteKerasFile writes a as a .keras archive, as Keras 3 writes one:
// members stored uncompressed, in the order metadata.json, config.json,
// model.weights.h5, assets. The weights stream into the archive without a
// temporary copy.
func WriteKerasFile(w io.Writer, a *Archive) error {
	if a == nil || a.Model == nil {
		return errors.New("saving: WriteKerasFile: the archive has no model config")
	}
	config, err := a.Model.MarshalJSON()
	if err != nil {
		return err
	}
	meta := a.Metadata.Clone()
	if meta == nil {
		meta = NewParams("metadata.json")
	}
	if !meta.Has("keras_version") {
		meta.Set("keras_version", KerasVersion)
	}
	if !meta.Has("date_saved") {
		meta.Set("date_saved", time.Now().Format("2006-01-02@15:04:05"))
	}
	mw := &jsonWriter{}
	mw.params(meta)
	zw := zip.NewWriter(w)
	if err := putMember(zw, metadataMember, mw.b.Bytes()); err != nil {
		return err
	}
	if err := putMember(zw, configMember, config); err != nil {
		return err
	}
	vars := a.Vars
	if vars == nil {
		vars = &VarStore{}
	}
	ww, err := zw.CreateHeader(memberHeader(weightsMember))
	if err != nil {
		return err
	}
	if err := WriteWeightsH5(ww, vars); err != nil {
		return err
	}
	for _, name := range sortedKeys(a.Assets) {
		if err := putMember(zw, assetsPrefix+name, a.Assets[name]); err != nil {
			return err
		}
	}
	return zw.Close()
}

// fixedTime is the modification time of every member, so that the same
// model gives the same bytes.
var fixedTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

func memberHeader(name string) *zip.FileHeader {
	return &zip.FileHeader{Name: name, Method: zip.Store, Modified: fixedTime}
}

func putMember(zw *zip.Writer, name string, data []byte) error {
	w, err := zw.CreateHeader(memberHeader(name))
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}
