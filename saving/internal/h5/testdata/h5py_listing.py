#!/usr/bin/env python3
"""Print a listing of HDF5 files as h5py sees them, for the h5 package tests.

The tests compare the reader's listing of the same files against this
script's output, kept in listing.golden. One line per group, dataset and
attribute, sorted:

    G <path>
    D <path> <dtype> <shape> crc=<crc32 of the values, little-endian>
    A <path>@<name> <dtype> <shape> crc=<crc32>

Strings are listed with dtype "str"; their crc32 is over the UTF-8 bytes of
the strings joined by NUL. A zip file (.keras) is listed through its
model.weights.h5 member, named ARCHIVE!model.weights.h5.
Run (paths as in listing_test.go's comment): h5py_listing.py FILE... > listing.golden
"""
import io
import sys
import zipfile
import zlib

import h5py
import numpy as np


def crc_of(value):
    a = np.asarray(value)
    if a.dtype.kind in "SUO":
        items = [x.decode("utf-8") if isinstance(x, bytes) else str(x) for x in a.reshape(-1)]
        return "str", a.shape, zlib.crc32("\0".join(items).encode("utf-8"))
    le = a.dtype.newbyteorder("<") if a.dtype.byteorder == ">" else a.dtype
    # h5py shows an enumeration of int8 {FALSE, TRUE} as bool; it is stored,
    # and read by the h5 package, as its int8 base type.
    name = "int8" if a.dtype.name == "bool" else a.dtype.name
    return name, a.shape, zlib.crc32(np.ascontiguousarray(a, dtype=le).tobytes())


def shape_str(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def listing(name, f):
    lines = []

    def attrs(path, obj):
        for k in obj.attrs:
            dtype, shape, crc = crc_of(obj.attrs[k])
            lines.append(f"A {name}:{path}@{k} {dtype} {shape_str(shape)} crc={crc:08x}")

    def walk(path, group):
        lines.append(f"G {name}:{path}")
        attrs(path, group)
        for key in group:
            child = group[key]
            cpath = path.rstrip("/") + "/" + key
            if isinstance(child, h5py.Group):
                walk(cpath, child)
                continue
            dtype, shape, crc = crc_of(child[()])
            lines.append(f"D {name}:{cpath} {dtype} {shape_str(shape)} crc={crc:08x}")
            attrs(cpath, child)

    walk("/", f)
    return lines


def main():
    out = []
    for path in sys.argv[1:]:
        name = path.split("/")[-1]
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                data = io.BytesIO(z.read("model.weights.h5"))
            with h5py.File(data, "r") as f:
                out += listing(name + "!model.weights.h5", f)
            continue
        with h5py.File(path, "r") as f:
            out += listing(name, f)
    print("\n".join(sorted(out)))


if __name__ == "__main__":
    main()
