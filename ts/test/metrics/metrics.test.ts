import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createEngineMetrics, createLogger, cycleLogger, LATENCY_BUCKETS_MS, newCorrelationId, redactUrl } from '../../src/metrics/index.js';

describe('engine metrics', () => {
  it('registers the latency histograms by their exact names with 1 µs .. 1 s buckets, on its own registry', async () => {
    const a = createEngineMetrics();
    const b = createEngineMetrics(); // a second engine in the same process does not clash
    a.tradingLatency.observe(0.35);
    a.riskCheckLatency.observe(0.004);
    const text = await a.registry.metrics();
    for (const name of ['smc_trading_latency_ms', 'smc_data_pipeline_latency_ms', 'smc_ml_inference_latency_ms', 'smc_risk_check_latency_ms']) {
      expect(text).toContain(`# TYPE ${name} histogram`);
    }
    expect(LATENCY_BUCKETS_MS[0]).toBe(0.001);
    expect(LATENCY_BUCKETS_MS.at(-1)).toBe(1000);
    expect(text).toContain('smc_trading_latency_ms_bucket{le="0.5"} 1');
    expect(text).toContain('smc_trading_latency_ms_bucket{le="0.2"} 0');
    expect(text).toContain('smc_risk_check_latency_ms_bucket{le="0.005"} 1');
    expect(await b.registry.getSingleMetricAsString('smc_trading_latency_ms')).toContain('smc_trading_latency_ms_count 0');
  });

  it('exports the breaker state as one series per state and the other gauges and counters', async () => {
    const m = createEngineMetrics({ defaultLabels: { engine: 'e1' } });
    m.setBreakerState('open');
    m.position.set({ symbol: 'BTCUSDT' }, -0.5);
    m.pnlRealized.set({ symbol: 'BTCUSDT' }, 12.5);
    m.orders.inc({ symbol: 'BTCUSDT', side: 'buy' });
    const text = await m.registry.metrics();
    expect(text).toContain('smc_circuit_breaker_state{state="open",engine="e1"} 1');
    expect(text).toContain('smc_circuit_breaker_state{state="closed",engine="e1"} 0');
    expect(text).toContain('smc_position{symbol="BTCUSDT",engine="e1"} -0.5');
    expect(text).toContain('smc_orders_total{symbol="BTCUSDT",side="buy",engine="e1"} 1');
    for (const name of ['smc_fills_total', 'smc_dead_letters_total', 'smc_events_total', 'smc_kafka_consumer_lag', 'smc_pnl_unrealized']) {
      expect(text).toContain(`# HELP ${name}`);
    }
  });
});

describe('logs', () => {
  function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    return { lines, stream };
  }

  it('writes JSON with a correlation id per decision cycle and secrets redacted', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ destination: stream, name: 'test' });
    const cid = newCorrelationId();
    expect(newCorrelationId()).not.toBe(cid);
    const cycle = cycleLogger(logger, cid);
    cycle.info({ symbol: 'BTCUSDT', password: 'hunter2', kafka: { sasl: { password: 'x' } }, redis: { token: 't' } }, 'decision');
    expect(lines[0]).toMatchObject({ msg: 'decision', cid, symbol: 'BTCUSDT', name: 'test', password: '[REDACTED]' });
    expect(JSON.stringify(lines[0])).not.toContain('hunter2');
    expect((lines[0]?.redis as Record<string, unknown>).token).toBe('[REDACTED]');
  });

  it('redacts URL credentials', () => {
    expect(redactUrl('postgres://smc:pw@127.0.0.1:5432/smc')).toBe('postgres://smc:[REDACTED]@127.0.0.1:5432/smc');
    expect(redactUrl('redis://:pw@h:6379')).toBe('redis://[REDACTED]@h:6379');
    expect(redactUrl('redis://h:6379')).toBe('redis://h:6379');
  });
});
