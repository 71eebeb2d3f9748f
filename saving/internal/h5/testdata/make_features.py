#!/usr/bin/env python3
"""Write the HDF5 feature files the h5 package tests read.

Keras model files use few HDF5 features; these files cover the rest of what
the reader claims to read, written by h5py/libhdf5 itself:

  features_v0.h5      libhdf5 defaults (superblock 0, symbol-table groups)
  features_latest.h5  libver="latest" (superblock 3, version 2 object
                      headers, compact and dense links, dense attributes,
                      version 4 chunk indexes)
  features_ublock.h5  defaults after a 512-byte user block
  small_*.h5          small files for the fuzz seed corpus

Values are simple functions of the index so the Go tests restate them.
Run from this directory: python3 make_features.py
"""
import h5py
import numpy as np


def fill(f, many):
    ints = f.create_group("ints")
    for dt in ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", ">i4", ">u2"]:
        a = (np.arange(12) - (5 if dt.lstrip(">")[0] == "i" else 0)).astype(dt).reshape(3, 4)
        ints.create_dataset(dt.replace(">", "be_"), data=a)
    fl = f.create_group("floats")
    for dt in ["f2", "f4", "f8", ">f4", ">f8"]:
        fl.create_dataset(dt.replace(">", "be_"), data=(np.arange(24) / 8 - 1).astype(dt).reshape(2, 3, 4))
    f.create_dataset("scalar_f32", data=np.float32(2.5))
    f.create_dataset("scalar_i64", data=np.int64(-7))
    f.create_dataset("empty", shape=(0, 3), dtype="f4")
    f.create_dataset("bool", data=np.array([True, False, True]))
    ch = f.create_group("chunked")
    a = (np.arange(37 * 23) % 101 / 4).astype("f4").reshape(37, 23)
    ch.create_dataset("gzip_shuffle", data=a, chunks=(8, 5), compression="gzip", shuffle=True)
    ch.create_dataset("plain", data=a, chunks=(8, 5))
    ch.create_dataset("fletcher32", data=a, chunks=(10, 23), fletcher32=True)
    ch.create_dataset("single", data=a, chunks=(37, 23), compression="gzip")
    p = ch.create_dataset("partial", shape=(37, 23), dtype="f4", chunks=(8, 5))
    p[0:8, 0:5] = 1.5
    p[32:37, 20:23] = -2
    ch.create_dataset("rank3", data=np.arange(5 * 6 * 7, dtype="i2").reshape(5, 6, 7), chunks=(2, 4, 3), compression="gzip")
    # A compact dataset, through the low-level API.
    space = h5py.h5s.create_simple((2, 3))
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_layout(h5py.h5d.COMPACT)
    did = h5py.h5d.create(f.id, b"compact", h5py.h5t.NATIVE_DOUBLE, space, dcpl)
    did.write(h5py.h5s.ALL, h5py.h5s.ALL, np.arange(6, dtype="f8").reshape(2, 3) * 1.25)
    did.close()
    st = f.create_group("strings")
    st.create_dataset("fixed", data=np.array([b"alpha", b"be", b"gamma_long"], dtype="S10"))
    st.create_dataset("vlen", data=["unicode \u00e9", "", "x" * 300], dtype=h5py.string_dtype())
    f.attrs["vlen_scalar"] = "a variable-length string"
    f.attrs["vlen_array"] = ["one", "two", "three"]
    f.attrs["fixed_scalar"] = np.bytes_(b"fixed")
    f.attrs["fixed_array"] = np.array([b"layer_a", b"b"], dtype="S7")
    f.attrs["f64"] = 0.125
    f.attrs["i32_array"] = np.array([1, -2, 3], dtype="i4")
    f.attrs["empty_f64"] = np.array([], dtype="f8")
    g = f.create_group("attrs")
    for i in range(20):
        g.attrs[f"a{i:02d}"] = i * 10
    m = f.create_group("many")
    for i in range(many):
        m[f"link{i:05d}"] = f["floats/f4"]
    f.create_group("empty_group")


with h5py.File("features_v0.h5", "w") as f:
    fill(f, 600)
with h5py.File("features_latest.h5", "w", libver="latest") as f:
    fill(f, 3000)
with h5py.File("features_ublock.h5", "w", userblock_size=512) as f:
    f.create_dataset("x", data=np.arange(4, dtype="f4"))
    f.attrs["note"] = "after a user block"

# Small files for the fuzz seed corpus: new-style groups with dense links and
# attributes, and chunked, filtered data, each a few kilobytes.
with h5py.File("small_latest.h5", "w", libver="latest") as f:
    for i in range(10):
        f.create_dataset(f"d{i}", data=np.arange(i + 1, dtype="f4"))
    for i in range(10):
        f.attrs[f"a{i}"] = f"value {i}"
with h5py.File("small_chunked.h5", "w") as f:
    a = np.arange(60, dtype="f4").reshape(6, 10)
    f.create_dataset("gz", data=a, chunks=(4, 4), compression="gzip", shuffle=True, fletcher32=True)
    f.attrs["names"] = np.array([b"x", b"yy"], dtype="S3")
