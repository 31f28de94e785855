/**
 * `smc validate-latency`: full decision cycles on embedded defaults (memory cache, PGlite
 * write-behind journal, JSONL sink, metrics; the example ensemble when models/ exists) and the
 * per-stage p50/p95/p99 with the share of cycles within the target.
 */
import { parseArgs } from 'node:util';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createEngine } from '../engine/engine.js';
import type { Strategy } from '../engine/types.js';
import { ModelEnsemble } from '../models/index.js';
import { syntheticBars } from '../synth/index.js';
import { numberFlag, usage } from './args.js';

export const VALIDATE_LATENCY_HELP = `usage: smc validate-latency [--target-ms 50] [--iterations 1000] [--models DIR] [--json]

Runs full decision cycles (bar -> features -> ensemble -> strategy -> breaker -> simulated
exchange -> portfolio -> journal) on the embedded defaults and prints p50/p95/p99 per stage and
the share of cycles whose total latency is within the target. Exit code 1 when p99 is above it.

  --target-ms N    latency objective of a whole cycle (default 50)
  --iterations N   measured cycles (default 1000), after 100 warm-up cycles
  --models DIR     ensemble models (default ./models; without them the cycle has no inference)
  --json           machine-readable output`;

/** Follows the models with one unit; always trades a little so every stage is exercised. */
const follow: Strategy = {
  name: 'validate-latency',
  requires: { ensemble: true, indicators: { ema: { kind: 'ema', period: 20 } } },
  onBar(ctx) {
    const a = ctx.decision?.action ?? (ctx.bar!.close > ctx.indicators.ema! ? 'buy' : 'sell');
    const want = a === 'buy' ? 1 : a === 'sell' ? -1 : 0;
    const q = ctx.positionQuantity;
    if (want !== q) return [{ side: want > q ? 'buy' : 'sell', quantity: Math.abs(want - q) }];
  },
};

export async function validateLatency(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = usage(() => parseArgs({ args: argv, strict: true, allowPositionals: true, options: {
    'target-ms': { type: 'string', default: '50' },
    iterations: { type: 'string', default: '1000' },
    models: { type: 'string', default: 'models' },
    json: { type: 'boolean', default: false },
  } }));
  const target = numberFlag('target-ms', values['target-ms'], { min: 0 })!;
  const iterations = numberFlag('iterations', values.iterations, { integer: true, min: 1 })!;
  const warm = 100;
  const tmp = mkdtempSync(join(tmpdir(), 'smc-validate-latency-'));
  const ensemble = existsSync(join(values.models, 'manifest.json')) ? await ModelEnsemble.fromManifest(values.models, { timeoutMs: Math.max(target, 1) }) : null;
  const engine = await createEngine({
    strategy: follow,
    symbols: ['BTC'],
    ensemble,
    config: { sink: { jsonlPath: join(tmp, 'out.jsonl') }, store: { spillDir: tmp } },
    latency: { capacity: iterations },
    restore: false,
    source: null,
  });
  try {
    await engine.start();
    const bars = syntheticBars({ bars: iterations + warm, intervalMs: 60_000, startTimeMs: Date.UTC(2024, 0, 1), seed: 17 });
    let within = 0;
    for (let i = 0; i < bars.close.length; i++) {
      const t = bars.time[i]!;
      const started = process.hrtime.bigint();
      await engine.processValidated({ type: 'bar', venue: 'validate', symbol: 'BTC', exchangeTime: null, receiveTime: t + 60_000, timeframe: '1m', openTime: t, open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]!, volume: bars.volume[i]! });
      if (i >= warm && Number(process.hrtime.bigint() - started) / 1e6 <= target) within++;
    }
    // The ring holds the last `iterations` cycles: exactly the measured ones.
    const stages = engine.latency();
    const share = within / iterations;
    const p99 = stages.total?.p99 ?? 0;
    if (values.json) {
      out(JSON.stringify({ targetMs: target, iterations, ensemble: ensemble?.modelNames ?? null, withinTarget: share, stages }, null, 2));
    } else {
      out(`validate-latency: ${iterations} cycles on embedded defaults, ensemble ${ensemble ? ensemble.modelNames.join(', ') : 'none (no models found)'}`);
      out(`${'stage'.padEnd(12)}${'n'.padStart(8)}${'p50 ms'.padStart(12)}${'p95 ms'.padStart(12)}${'p99 ms'.padStart(12)}`);
      for (const [name, s] of Object.entries(stages)) {
        out(`${name.padEnd(12)}${String(Math.min(s.count, iterations)).padStart(8)}${s.p50.toFixed(4).padStart(12)}${s.p95.toFixed(4).padStart(12)}${s.p99.toFixed(4).padStart(12)}`);
      }
      out(`within ${target} ms: ${(share * 100).toFixed(2)}% of cycles; p99 ${p99.toFixed(3)} ms ${p99 <= target ? '<=' : '>'} target`);
    }
    return p99 <= target ? 0 : 1;
  } finally {
    await engine.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
