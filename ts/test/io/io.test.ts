import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import { MemoryCache } from '../../src/cache/index.js';
import { loadConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/errors.js';
import { createCache, createSink, createSource, createStore } from '../../src/io/index.js';
import { createEngineMetrics } from '../../src/metrics/index.js';
import { JsonlSink } from '../../src/sinks/index.js';
import { ReplaySource } from '../../src/sources/index.js';
import { PgliteStore } from '../../src/store/index.js';
import { ROOT, SHARED_DATA, sharedDataAvailable } from '../support/paths.js';

const SPOT = 'binance-btcusdt-l2/spot_btcusdt_20240808.gz';

describe('I/O selection from configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smc-io-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('without a source configured, says which keys to set', () => {
    expect(() => createSource(loadConfig({ env: {} }))).toThrow(ConfigError);
  });

  it.skipIf(!sharedDataAvailable(SPOT, 'embedded pipeline I/O'))(
    'runs on the embedded defaults: replay -> memory cache -> PGlite journal and JSONL sink',
    async () => {
      const env = { SMC_SPILL_DIR: join(dir, 'spill') };
      const cfg = loadConfig({ env });
      const config = {
        ...cfg,
        replay: { ...cfg.replay, path: join(SHARED_DATA, SPOT), venue: 'binance-spot', symbol: 'BTCUSDT' },
        sink: { jsonlPath: join(dir, 'out.jsonl') },
      };
      const metrics = createEngineMetrics();
      const source = createSource(config, { metrics });
      const sink = await createSink(config, { metrics });
      const cache = createCache(config, { metrics });
      const { store, journal } = await createStore(config, { metrics });
      expect(source).toBeInstanceOf(ReplaySource);
      expect(sink).toBeInstanceOf(JsonlSink);
      expect(cache).toBeInstanceOf(MemoryCache);
      expect(store).toBeInstanceOf(PgliteStore);

      let trades = 0;
      await source.start(async (event, meta) => {
        if (event.type !== 'trade') return;
        trades += 1;
        const bucket = Math.round(event.price); // a stand-in for the quantised feature hash
        const decision = await cache.getOrFetch('ensemble', `v1:${bucket}`, async () => ({ action: 'hold', confidence: 0.5 }));
        journal.append('signals', { signalId: `${meta.origin}:${meta.offset}`, time: event.receiveTime, symbol: event.symbol, action: 'hold', confidence: decision.confidence });
        sink.publish({ kind: 'signal', symbol: event.symbol, time: event.receiveTime, payload: decision });
      });
      await source.done();
      await journal.close();
      await sink.close();
      expect(trades).toBe(9_757);
      expect(await store.countRows('signals')).toBe(9_757);
      expect(readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n')).toHaveLength(9_757);
      expect(cache.stats().hitRate).toBeGreaterThan(0.9); // prices cluster: most decisions come from the cache
      expect(await metrics.registry.getSingleMetricAsString('smc_cache_hit_rate')).toContain('cache="memory"');
      await store.close();
      await cache.close();
    },
  );
});

describe('Prometheus alert rules', () => {
  it('reference only metrics the engine exports', async () => {
    const rules = parseYaml(readFileSync(join(ROOT, 'deploy/prometheus/alerts.yml'), 'utf8')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const exported = new Set((await createEngineMetrics().registry.getMetricsAsJSON()).map((m) => m.name));
    const alerts = rules.groups.flatMap((g) => g.rules);
    expect(alerts.map((r) => r.alert)).toContain('SmcCircuitBreakerOpen');
    for (const rule of alerts) {
      for (const name of rule.expr.match(/smc_[a-z_]+/g) ?? []) {
        expect(exported, `${rule.alert}: ${name}`).toContain(name.replace(/_bucket$/, ''));
      }
    }
  });
});
