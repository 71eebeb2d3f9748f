// Package h5 is gokeras's small HDF5 interface: a reader for the subset of
// HDF5 that Keras, tf.keras, h5py and libhdf5 write for model files, and a
// writer for the layouts Keras expects.
//
// The reader works on an io.ReaderAt of known size, so a file can come from
// disk, from memory (go:embed) or from inside a zip archive without being
// copied. It understands superblock versions 0 to 3, object header versions
// 1 and 2, symbol-table groups and new-style groups (compact and dense link
// storage), compact and dense attribute storage, contiguous, compact and
// chunked layouts (chunk index by version-1 B-tree, single chunk, implicit or
// fixed array), the deflate, shuffle and fletcher32 filters, and the datatypes
// fixed-point integers, IEEE floats (16, 32, 64 bit and bfloat16),
// enumerations over integers, fixed-length strings and variable-length
// strings.
//
// Every length and address read from a file is checked against the file's
// size before it is used, so a damaged or hostile file gives an error, never
// a panic or an allocation larger than the file (compressed chunks may expand
// at most to the dataset's declared size, itself bounded by 1032 times the
// file size, deflate's largest ratio). Soft and external links, shared
// messages, and datatypes other than those above are reported as errors
// naming what is unsupported.
//
// The writer (Writer) produces files in the shape libhdf5 gives h5py's
// defaults: superblock version 0, version-1 object headers, symbol-table
// groups, contiguous datasets, and attributes as fixed-point, floating-point
// or variable-length UTF-8 string values, scalar or one-dimensional.
package h5
