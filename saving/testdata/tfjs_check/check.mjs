// Loads the TensorFlow.js models package saving wrote from the Keras fixtures
// (TestWriteTFJSFixtures) in TensorFlow.js itself, runs them on the fixtures'
// known inputs and compares with the predictions Keras made.
//
// Usage (TensorFlow.js installed with npm install @tensorflow/tfjs@4.22.0):
//   GOKERAS_TFJS_OUT=DIR go test ./saving -run TestWriteTFJSFixtures
//   NODE_PATH=.../node_modules node check.mjs DIR
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';

const require = createRequire(path.join(process.env.NODE_PATH || process.cwd(), 'x.js'));
const tf = require('@tensorflow/tfjs');

const root = process.argv[2];
let failed = 0;
for (const name of fs.readdirSync(root).sort()) {
  const dir = path.join(root, name);
  const model = JSON.parse(fs.readFileSync(path.join(dir, 'model.json')));
  const group = model.weightsManifest[0];
  const data = Buffer.concat(group.paths.map(p => fs.readFileSync(path.join(dir, p))));
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.length);
  let m;
  try {
    m = await tf.loadLayersModel(tf.io.fromMemory({modelTopology: model.modelTopology, weightSpecs: group.weights, weightData}));
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
    continue;
  }
  if (!fs.existsSync(path.join(dir, 'known_io.json'))) {
    console.log(`ok   ${name}: built with ${m.layers.length} layers and ${m.weights.length} weights (no known outputs)`);
    continue;
  }
  const io = JSON.parse(fs.readFileSync(path.join(dir, 'known_io.json')));
  const got = m.predict(tf.tensor(io.input, io.inputShape)).dataSync();
  let worst = 0;
  for (let i = 0; i < io.output.length; i++) worst = Math.max(worst, Math.abs(got[i] - io.output[i]));
  const ok = got.length === io.output.length && worst <= 1e-5;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${io.output.length} outputs, max |TF.js - Keras| = ${worst.toExponential(2)}`);
}
process.exit(failed ? 1 : 0);
