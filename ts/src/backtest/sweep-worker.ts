/**
 * Worker thread of `sweep`: imports the strategy module once, then runs one backtest per task
 * (in-sample and out-of-sample) and posts the statistics back.
 */
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';

import type { Strategy } from '../engine/types.js';
import { runBacktest } from './run.js';
import type { SweepTask, SweepTaskResult } from './sweep.js';

type Factory = (params: unknown) => Strategy<unknown>;
const factories = new Map<string, Factory>();

async function factory(path: string): Promise<Factory> {
  let f = factories.get(path);
  if (!f) {
    const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    const exported = mod.default ?? mod.strategy;
    if (typeof exported !== 'function') throw new Error(`${path}: the default export must be a function (params) => Strategy`);
    f = exported as Factory;
    factories.set(path, f);
  }
  return f;
}

parentPort!.on('message', async (task: SweepTask) => {
  try {
    const make = await factory(task.strategyPath);
    const run = async (from: number | undefined, to: number | undefined) => {
      const r = await runBacktest({ ...task.base, strategy: make(task.params), params: task.params, data: task.data, from, to, progress: false });
      return r.result.stats;
    };
    const inSample = await run(task.from, task.split);
    const outOfSample = await run(task.split, task.to);
    parentPort!.postMessage({ index: task.index, inSample, outOfSample } satisfies SweepTaskResult);
  } catch (err) {
    parentPort!.postMessage({ index: task.index, error: (err as Error).message } satisfies SweepTaskResult);
  }
});
