#!/usr/bin/env node
// Builds the example ONNX models (LSTM, Transformer encoder, PPO actor) into models/, from the
// seeded synthetic market: deterministic, a few seconds, no download. Run by `npm install`
// after the TypeScript build, or on its own: `npm run models [-- --out dir --seed N]`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { out: { type: 'string', default: join(root, 'models') }, seed: { type: 'string', default: '7' } },
});
const { models } = await import('../dist/lib/index.js');
const t0 = performance.now();
const manifest = await models.buildExampleModels({ outDir: values.out, seed: Number(values.seed) });
const seconds = ((performance.now() - t0) / 1000).toFixed(1);
console.log(`smc-engine: built ${manifest.models.length} example models in ${values.out} (${seconds} s)`);
for (const m of manifest.models) {
  console.log(
    `  ${m.name.padEnd(12)} test accuracy ${(m.testAccuracy * 100).toFixed(1)}% vs majority-class baseline ${(m.baselineAccuracy * 100).toFixed(1)}%`,
  );
}
