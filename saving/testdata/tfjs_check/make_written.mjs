// Writes ../tfjs_written: two small models saved by TensorFlow.js itself
// (its model.json and weights layout), with fixed weights, for the saving
// package's reader tests. Usage: NODE_PATH=.../node_modules node make_written.mjs
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';
import { fileURLToPath } from 'url';

const require = createRequire(path.join(process.env.NODE_PATH || process.cwd(), 'x.js'));
const tf = require('@tensorflow/tfjs');
const here = path.dirname(fileURLToPath(import.meta.url));

function fixed(m) {
  // Weight i gets values k/8 - 1 for k = 0, 1, ..., a pattern the Go test restates.
  m.setWeights(m.weights.map(w => tf.tensor(Array.from({length: w.shape.reduce((a, b) => a * b, 1)}, (_, k) => k / 8 - 1), w.shape)));
}

async function save(m, dir, config) {
  fs.mkdirSync(dir, {recursive: true});
  await m.save(tf.io.withSaveHandler(async a => {
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(a.weightData));
    const json = {modelTopology: a.modelTopology, format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy,
      weightsManifest: [{paths: ['weights.bin'], weights: a.weightSpecs}]};
    if (a.trainingConfig) json.trainingConfig = a.trainingConfig;
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
  }), config);
}

const seq = tf.sequential({name: 'seq'});
seq.add(tf.layers.dense({units: 3, activation: 'relu', inputShape: [4], name: 'hidden'}));
seq.add(tf.layers.dense({units: 2, activation: 'softmax', name: 'out', kernelRegularizer: tf.regularizers.l2({l2: 0.01})}));
fixed(seq);
seq.compile({optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy']});
await save(seq, path.join(here, '..', 'tfjs_written', 'sequential'), {includeOptimizer: true});

const a = tf.input({shape: [2], name: 'a'});
const b = tf.input({shape: [3], name: 'b'});
const cat = tf.layers.concatenate({name: 'cat'}).apply([a, b]);
const out = tf.layers.dense({units: 1, name: 'y'}).apply(cat);
const fn = tf.model({inputs: [a, b], outputs: out, name: 'fn'});
fixed(fn);
await save(fn, path.join(here, '..', 'tfjs_written', 'functional'));
console.log('tfjs', tf.version.tfjs);
