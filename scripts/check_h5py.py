#!/usr/bin/env python3
"""Check that the files gokeras writes open in h5py with the layout Keras reads.

Runs `go run ./saving/internal/samplegen DIR` to write one file of every
format package saving writes, then opens each with h5py (and zipfile, json,
numpy) the way Keras's loaders do:

  model.keras         Keras 3 saving_lib: a stored zip of metadata.json,
                      config.json, model.weights.h5; weights at
                      <path>/vars/<index>, each vars group named
  model.weights.h5    Keras 3 load_weights: the same tree
  legacy_model.h5     Keras 2 / tf.keras / Keras 3 legacy loader:
                      keras_version, backend, model_config, training_config
                      attributes; model_weights/<layer>/<weight name> with
                      layer_names and weight_names; optimizer_weights
  legacy.weights.h5   the weights-only legacy layout, at the root
  tfjs/model.json     TensorFlow.js: modelTopology, weightsManifest, shards
  nested.keras        a model holding a functional and a Sequential model
                      as layers, saved by models.Save: each nested model's
                      layers under its own path, as Keras 3's saver walks
                      them (layers/functional/layers/dense/vars/0)

and compares every array with the generator's expected.json. Prints "SKIP"
and exits 0 when h5py is not installed (Debian: apt-get install python3-h5py).

Usage: scripts/check_h5py.py [--keep DIR]
"""
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

try:
    import h5py
    import numpy as np
except ImportError:
    # Debian's python3-h5py installs for the system interpreter, which may
    # not be the first python3 on PATH.
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") \
            and not os.environ.get("GOKERAS_CHECK_H5PY_REEXEC"):
        os.environ["GOKERAS_CHECK_H5PY_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("SKIP: h5py is not installed; nothing checked")
    sys.exit(0)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)


def as_str(v):
    """Decode an attribute as Keras does: bytes are UTF-8."""
    return v.decode("utf-8") if isinstance(v, bytes) else v


def load_names(group, name):
    """Keras's load_attributes_from_hdf5_group, chunked lists included."""
    if name in group.attrs:
        return [as_str(n) for n in group.attrs[name]]
    out, i = [], 0
    while f"{name}{i}" in group.attrs:
        out += [as_str(n) for n in group.attrs[f"{name}{i}"]]
        i += 1
    return out


def check_array(value, exp, where):
    a = np.asarray(value)
    check(list(a.shape) == exp["shape"], f"{where}: shape {a.shape}, expected {exp['shape']}")
    check(a.dtype == np.dtype(exp["dtype"]), f"{where}: dtype {a.dtype}, expected {exp['dtype']}")
    flat = a.astype(np.float64).reshape(-1)
    check(abs(flat.sum() - exp["sum"]) <= 1e-6 * max(1, abs(exp["sum"])), f"{where}: sum {flat.sum()}, expected {exp['sum']}")
    if flat.size:
        check(flat[0] == exp["first"], f"{where}: first value {flat[0]}, expected {exp['first']}")


def check_keras3_tree(f, exp, where):
    """What Keras 3's H5IOStore.get(path) sees for every saved object."""
    for g in exp["keras3_groups"]:
        path = g["path"]
        group = f["vars"] if path == "" else f[path]["vars"]
        check(isinstance(group, h5py.Group), f"{where}: {path}/vars is not a group")
        check(as_str(group.attrs.get("name")) == g["name"], f"{where}: {path}/vars name {group.attrs.get('name')!r}")
        check(sorted(group.keys(), key=int) == [str(i) for i in range(len(group))], f"{where}: {path}/vars keys {list(group)}")
    for e in exp["keras3"]:
        check_array(f[e["path"]][()], e, f"{where}: {e['path']}")
    it = f["optimizer/vars/0"]
    check(it.shape == () and it.dtype == np.int64, f"{where}: optimizer iteration {it.shape} {it.dtype}")


def check_keras(d, exp):
    path = os.path.join(d, "model.keras")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        check(names == ["metadata.json", "config.json", "model.weights.h5"], f"model.keras members {names}")
        for info in z.infolist():
            check(info.compress_type == zipfile.ZIP_STORED, f"model.keras: {info.filename} is not stored")
        check(z.testzip() is None, "model.keras: bad CRC")
        meta = json.loads(z.read("metadata.json"))
        check({"keras_version", "date_saved"} <= set(meta), f"metadata.json {meta}")
        config = json.loads(z.read("config.json"))
        check(config["class_name"] == "Sequential" and config["module"] == "keras", "config.json class/module")
        for layer in config["config"]["layers"]:
            check({"module", "class_name", "config", "registered_name"} <= set(layer), f"config.json layer keys {list(layer)}")
        check(config["compile_config"]["optimizer"]["class_name"] == "Adam", "config.json compile_config")
        with h5py.File(io.BytesIO(z.read("model.weights.h5")), "r") as f:
            check_keras3_tree(f, exp, "model.keras")
    with h5py.File(os.path.join(d, "model.weights.h5"), "r") as f:
        check_keras3_tree(f, exp, "model.weights.h5")


def check_nested(d, exp):
    """Keras 3's H5IOStore.get(path) for every object of a model with nested
    models: layers/<class>/vars for the nested model itself (empty), then
    layers/<class>/layers/<class>/vars for its layers."""
    path = os.path.join(d, "nested.keras")
    with zipfile.ZipFile(path) as z:
        config = json.loads(z.read("config.json"))
        classes = [layer["class_name"] for layer in config["config"]["layers"]]
        check(classes == ["InputLayer", "Dense", "Functional", "Sequential", "Dense"], f"nested.keras layer classes {classes}")
        with h5py.File(io.BytesIO(z.read("model.weights.h5")), "r") as f:
            seen = []
            f.visit(lambda name: seen.append(name) if name.endswith("/vars") or name == "vars" else None)
            want = sorted((g["path"] + "/vars").lstrip("/") for g in exp["nested_groups"])
            check(sorted(seen) == want, f"nested.keras vars groups {sorted(seen)}, expected {want}")
            for g in exp["nested_groups"]:
                p = g["path"]
                group = f["vars"] if p == "" else f[p]["vars"]
                if g.get("name"):
                    check(as_str(group.attrs.get("name")) == g["name"], f"nested.keras: {p}/vars name {group.attrs.get('name')!r}, expected {g['name']!r}")
            for e in exp["nested"]:
                check_array(f[e["path"]][()], e, f"nested.keras: {e['path']}")
            for g in exp["nested_groups"]:
                n = sum(1 for e in exp["nested"] if e["path"].startswith((g["path"] + "/vars/").lstrip("/")))
                group = f["vars"] if g["path"] == "" else f[g["path"]]["vars"]
                check(len(group) == n, f"nested.keras: {g['path']}/vars holds {len(group)} arrays, expected {n}")


def check_legacy_weights(g, exp, where):
    layers = load_names(g, "layer_names")
    check(layers == exp["legacy_layers"], f"{where}: layer_names {layers}")
    check(as_str(g.attrs["backend"]) == "tensorflow", f"{where}: backend")
    check(isinstance(as_str(g.attrs["keras_version"]), str), f"{where}: keras_version")
    found = {}
    for layer in layers:
        for w in load_names(g[layer], "weight_names"):
            found[f"{layer}/{w}"] = g[layer][w][()]
    check(sorted(found) == sorted(e["path"] for e in exp["legacy"]), f"{where}: weights {sorted(found)}")
    for e in exp["legacy"]:
        if e["path"] in found:
            check_array(found[e["path"]], e, f"{where}: {e['path']}")


def check_legacy(d, exp):
    with h5py.File(os.path.join(d, "legacy_model.h5"), "r") as f:
        for key in ["keras_version", "backend", "model_config", "training_config"]:
            check(isinstance(f.attrs.get(key), str), f"legacy_model.h5: attribute {key} is {type(f.attrs.get(key))}, not a str")
        config = json.loads(f.attrs["model_config"])
        check(config["class_name"] == "Sequential" and "module" not in config, "legacy model_config dialect")
        first = config["config"]["layers"][0]
        check(first["class_name"] == "InputLayer" and first["config"]["batch_input_shape"] == [None, 3], f"legacy InputLayer {first}")
        training = json.loads(f.attrs["training_config"])
        check(training["optimizer_config"]["class_name"] == "Adam", f"training_config {training}")
        check_legacy_weights(f["model_weights"], exp, "legacy_model.h5")
        og = f["optimizer_weights"]
        names = load_names(og, "weight_names")
        check(names == [e["path"] for e in exp["optimizer"]], f"optimizer weight_names {names}")
        for e in exp["optimizer"]:
            check_array(og[e["path"]][()], e, f"optimizer {e['path']}")
        empty = f["model_weights/dropout"].attrs["weight_names"]
        check(len(empty) == 0, f"empty weight_names {empty!r}")
    with h5py.File(os.path.join(d, "legacy.weights.h5"), "r") as f:
        check("model_config" not in f.attrs, "weights-only file has a model_config")
        check_legacy_weights(f, exp, "legacy.weights.h5")


def check_tfjs(d, exp):
    tdir = os.path.join(d, "tfjs")
    with open(os.path.join(tdir, "model.json")) as fh:
        model = json.load(fh)
    check(model["format"] == "layers-model", "tfjs format")
    topo = model["modelTopology"]
    check(topo["model_config"]["class_name"] == "Sequential", "tfjs topology")
    group = model["weightsManifest"][0]
    data = b"".join(open(os.path.join(tdir, p), "rb").read() for p in group["paths"])
    offset = 0
    for w, e in zip(group["weights"], exp["tfjs"]):
        check(w["name"] == e["path"], f"tfjs weight name {w['name']}")
        n = int(np.prod(w["shape"])) if w["shape"] else 1
        a = np.frombuffer(data, dtype="<" + {"float32": "f4", "int32": "i4"}[w["dtype"]], count=n, offset=offset).reshape(w["shape"])
        offset += 4 * n
        check_array(a, e, f"tfjs {w['name']}")
    check(offset == len(data), f"tfjs shards hold {len(data)} bytes, weights {offset}")


def main():
    keep = None
    if len(sys.argv) == 3 and sys.argv[1] == "--keep":
        keep = sys.argv[2]
        os.makedirs(keep, exist_ok=True)
    d = keep or tempfile.mkdtemp(prefix="gokeras-h5py-")
    try:
        subprocess.run(["go", "run", "./saving/internal/samplegen", d], cwd=REPO, check=True)
        with open(os.path.join(d, "expected.json")) as fh:
            exp = json.load(fh)
        for fn in (check_keras, check_legacy, check_tfjs, check_nested):
            try:
                fn(d, exp)
            except Exception as e:  # a file h5py cannot open is a failure, reported
                failures.append(f"{fn.__name__}: {type(e).__name__}: {e}")
    finally:
        if not keep:
            shutil.rmtree(d, ignore_errors=True)
    print(f"h5py {h5py.__version__}, HDF5 {h5py.version.hdf5_version}: {checks} checks, {len(failures)} failed")
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
