// Package saving reads and writes Keras's file formats, below the model
// layer: it knows the files' layouts and the Keras config JSON, not the
// layers themselves.
//
// Formats:
//
//   - .keras (Keras 3's native format): ReadKerasFile and WriteKerasFile
//     give an Archive: metadata.json, config.json as a ModelConfig, and
//     model.weights.h5 as a VarStore (one Vars per saved object, at paths
//     such as "layers/dense" and "optimizer"; see SnakeCase and Namer for
//     how Keras 3 names them).
//   - Keras 3 weights files (.weights.h5): ReadWeightsH5, WriteWeightsH5.
//   - Legacy HDF5 (.h5 written by Keras 2 and tf.keras, full model or
//     weights only): ReadH5 and WriteH5 give an H5Model: model_config,
//     training_config, and each layer's weights by name, including
//     tf.keras 2's cell-nested recurrent weights.
//   - TensorFlow.js layers models (model.json and .bin shards): ReadTFJS
//     and WriteTFJS.
//
// Every reader takes an io.ReaderAt and a size (or an fs.FS for
// TensorFlow.js), so a model can come from a file, from memory
// (bytes.NewReader) or from a go:embed file system. DetectFormat tells the
// formats apart by content. Damaged or hostile files give errors, never
// panics, and no reader allocates more than the file can justify: sizes
// are checked against the file's before anything is allocated.
//
// Configs of both Keras dialects parse into one normalized tree
// (ParseModelConfig): a ModelConfig of LayerConfigs, each with its
// serialized Object and a Params dictionary whose typed getters report
// errors naming the layer and the field; Encode writes the tree back in
// Keras 3's dialect (or Keras 2's, for legacy files and TensorFlow.js).
//
// WriteFileAtomic and CreateAtomic write files so that a crash leaves the
// old file or the new one, never a mix.
//
// The HDF5 files themselves go through gokeras's own small HDF5 reader and
// writer (saving/internal/h5).
package saving
