// The Kafka path: our KafkaSource (decode + schema check + ordered async handler + offset
// resolution after processing + lag) against a bare kafkajs consumer on the same topic, same run.
// The bare consumer does the least any real consumer does: JSON.parse of each value.
//   KAFKA_BROKERS=127.0.0.1:9092 node benches/kafka.bench.mjs [--messages 600000] [--partitions 3]
//        [--rounds 3] [--warmup 1] [--segment 25000]
// Two measurements:
// - whole-topic rounds: each round has both consumers read the whole topic in a fresh group,
//   in alternating order (the warm-up rounds, JIT and page cache, are not counted);
// - interleaved segments (the verdict): both consumers, each in its own group, read the topic
//   at the same time but take turns, `--segment` messages each, gated in their handlers so that
//   only one processes at any moment. The machine's speed drifts by 10-20% over seconds on a
//   shared 2-vCPU VM, which moves whole-topic rounds against each other; segments a fraction of
//   a second long, each of ours compared with the mean of the bare segments just before and
//   just after it, cancel that drift, but cannot see the work one consumer's kafkajs does in the
//   background during the other's turn. The verdict needs both measures at >= 90%.
// Skips (exit 0) when KAFKA_BROKERS is unset. Needs the built package (node scripts/build.mjs --ts).
import { parseArgs } from 'node:util';

import { Kafka, logLevel } from 'kafkajs';

import { sources } from '../dist/lib/index.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '600000' },
    partitions: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    segment: { type: 'string', default: '25000' },
    warmup: { type: 'string', default: '1' },
  },
});
const brokers = process.env.KAFKA_BROKERS;
if (!brokers) {
  console.log('kafka bench: skipped (KAFKA_BROKERS not set; see scripts/services.sh)');
  process.exit(0);
}
const N = Number(values.messages);
const P = Number(values.partitions);
const ROUNDS = Number(values.rounds);
const WARMUP = Number(values.warmup);
const SEGMENT = Number(values.segment);
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT', 'DOGEUSDT'];
const kafka = new Kafka({ clientId: 'smc-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const topic = `smc-bench-${process.pid}-${Date.now().toString(36)}`;
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: P, replicationFactor: 1 }], waitForLeaders: true });

// Real-looking trade events (the event model's JSON), keyed by symbol.
const producer = kafka.producer();
await producer.connect();
const t0 = performance.now();
for (let from = 0; from < N; from += 5_000) {
  const messages = [];
  for (let i = from; i < Math.min(N, from + 5_000); i++) {
    const symbol = SYMBOLS[i % SYMBOLS.length];
    const event = {
      type: 'trade',
      venue: 'binance-spot',
      symbol,
      exchangeTime: 1_723_161_255_342 + i,
      receiveTime: 1_723_161_254_087.896 + i,
      tradeId: String(3_735_683_259 + i),
      price: 61_837.63 + (i % 100) / 100,
      qty: 0.02,
      side: i % 2 ? 'buy' : 'sell',
    };
    messages.push({ key: symbol, value: JSON.stringify(event) });
  }
  await producer.send({ topic, messages });
}
await producer.disconnect();
console.log(`kafka bench: ${N} trade events on ${P} partitions produced in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

/**
 * Between the first and the N-th message (group join excluded): messages per wall-clock second,
 * and messages per CPU second of this process. The machine may be shared: wall-clock rates then
 * swing with other load, while CPU time per message stays comparable between runs.
 */
function meter(resolve) {
  let count = 0;
  let first = 0;
  let cpu0;
  return {
    tick() {
      if (count === 0) {
        first = performance.now();
        cpu0 = process.cpuUsage();
      }
      count += 1;
      if (count === N) {
        const cpu = process.cpuUsage(cpu0);
        resolve({ wall: (N - 1) / ((performance.now() - first) / 1000), cpu: (N - 1) / ((cpu.user + cpu.system) / 1e6) });
      }
    },
  };
}

async function bare(round) {
  const consumer = kafka.consumer({ groupId: `${topic}-bare-${round}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let rate;
  const done = new Promise((resolve) => (rate = meter(resolve)));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        JSON.parse(m.value.toString());
        rate.tick();
      }
    },
  });
  const r = await done;
  await consumer.disconnect();
  return r;
}

async function ours(round) {
  const source = new sources.KafkaSource({ brokers: brokers.split(','), groupId: `${topic}-ours-${round}`, topics: [topic], fromBeginning: true });
  let rate;
  const done = new Promise((resolve) => (rate = meter(resolve)));
  await source.start(() => rate.tick());
  const r = await done;
  await source.stop();
  return r;
}

for (let round = 0; round < WARMUP; round++) {
  const b = await bare(`warm${round}`);
  const o = await ours(`warm${round}`);
  console.log(`  warm-up ${round + 1} (not counted): bare ${Math.round(b.wall).toLocaleString('en-US')} msg/s, ours ${Math.round(o.wall).toLocaleString('en-US')} msg/s`);
}
const results = { bare: [], ours: [] };
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which goes first so neither always benefits from a warm page cache or JIT.
  const order = round % 2 ? ['ours', 'bare'] : ['bare', 'ours'];
  for (const which of order) {
    const r = which === 'bare' ? await bare(round) : await ours(round);
    results[which].push(r);
    console.log(
      `  round ${round + 1} ${which.padEnd(4)} ${Math.round(r.wall).toLocaleString('en-US')} msg/s wall, ${Math.round(r.cpu).toLocaleString('en-US')} msg per CPU s`,
    );
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const wallB = median(results.bare.map((r) => r.wall));
const wallO = median(results.ours.map((r) => r.wall));
const cpuB = median(results.bare.map((r) => r.cpu));
const cpuO = median(results.ours.map((r) => r.cpu));
const pairRatio = median(results.ours.map((r, i) => r.wall / results.bare[i].wall));
console.log(`bare kafkajs (eachBatch + JSON.parse): ${Math.round(wallB).toLocaleString('en-US')} msg/s wall, ${Math.round(cpuB).toLocaleString('en-US')} msg/CPU-s (medians of ${ROUNDS})`);
console.log(`smc KafkaSource (decode + schema + ordered handler + at-least-once): ${Math.round(wallO).toLocaleString('en-US')} msg/s wall, ${Math.round(cpuO).toLocaleString('en-US')} msg/CPU-s`);
const perRound = results.ours.map((r, i) => pct(r.wall / results.bare[i].wall)).join(' ');
console.log(`per-round wall ratios ours/bare: ${perRound}`);
console.log(`whole-topic rounds, ours/bare: median of per-round ratios ${pct(pairRatio)} (ratio of medians ${pct(wallO / wallB)}), CPU efficiency ${pct(cpuO / cpuB)}`);

const seg = await interleaved();
console.log(`\ninterleaved segments of ${SEGMENT.toLocaleString('en-US')} messages: ${seg.ratios.length} of ours, each against the mean of its two neighbouring bare segments`);
console.log(`  segment rates (msg/s), bare: ${seg.bare.map((r) => Math.round(r / 1000) + 'k').join(' ')}`);
console.log(`  segment rates (msg/s), ours: ${seg.ours.map((r) => Math.round(r / 1000) + 'k').join(' ')}`);
console.log(`  ratios: ${seg.ratios.map(pct).join(' ')}`);
const verdict = median(seg.ratios);
const sorted = [...seg.ratios].sort((a, b) => a - b);
console.log(`ratio ours/bare: median ${pct(verdict)} (quartiles ${pct(sorted[Math.floor(sorted.length / 4)])} - ${pct(sorted[Math.floor((3 * sorted.length) / 4)])})`);
// The two measures disagree on this VM (BENCHMARKS.md): the target counts as met only when both do.
const both = ROUNDS > 0 ? Math.min(verdict, pairRatio) : verdict;
console.log(`target >= 90% of bare kafkajs: ${both >= 0.9 ? 'MET' : 'NOT MET'} (interleaved segments ${pct(verdict)}, whole-topic rounds ${ROUNDS > 0 ? pct(pairRatio) : 'not run'})`);

await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
await admin.disconnect();

/**
 * Both consumers read the topic at once, each in its own fresh group, taking turns of SEGMENT
 * messages: a consumer whose turn it is not waits in its handler (kafkajs then neither fetches
 * nor processes for it), so only one works at any moment. Returns the segment rates (from the
 * segment's first message to its last) and, for every segment of ours with a bare segment on
 * both sides, ours / the mean of those two. The first segment of each is a warm-up, dropped.
 */
async function interleaved() {
  const rates = { bare: [], ours: [] };
  const order = [];
  let turn = 'bare';
  const waiting = { bare: null, ours: null };
  const seen = { bare: 0, ours: 0 };
  let segStart = 0;
  let inSegment = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  let done = false;
  const other = (who) => (who === 'bare' ? 'ours' : 'bare');
  const waitTurn = (who) => new Promise((resolve) => (waiting[who] = resolve));
  // Called by each consumer before it processes a message; resolves at once when it is its turn.
  // Once done, nobody waits: both must finish their message in progress to disconnect.
  const gate = (who) => (done || turn === who ? undefined : waitTurn(who));
  const tick = (who) => {
    if (inSegment === 0) segStart = performance.now();
    inSegment += 1;
    seen[who] += 1;
    if (inSegment === SEGMENT || seen[who] === N) {
      rates[who].push((inSegment - 1) / ((performance.now() - segStart) / 1000));
      order.push(who);
      inSegment = 0;
      const next = other(who);
      if (seen[next] === N || seen[who] === N) {
        done = true;
        waiting.bare?.();
        waiting.ours?.();
        finish();
        return;
      }
      turn = next;
      const wake = waiting[next];
      waiting[next] = null;
      wake?.();
    }
  };
  const bareConsumer = kafka.consumer({ groupId: `${topic}-bare-seg` });
  await bareConsumer.connect();
  await bareConsumer.subscribe({ topic, fromBeginning: true });
  const source = new sources.KafkaSource({ brokers: brokers.split(','), groupId: `${topic}-ours-seg`, topics: [topic], fromBeginning: true });
  // Synchronous unless it has to wait for its turn, like the bare loop below (an async handler
  // would add an await per message that the bare loop does not pay).
  await source.start(() => {
    const g = gate('ours');
    if (g) return g.then(() => tick('ours'));
    tick('ours');
    return undefined;
  });
  await bareConsumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const g = gate('bare');
        if (g) await g;
        JSON.parse(m.value.toString());
        tick('bare');
      }
    },
  });
  await finished;
  await Promise.all([bareConsumer.disconnect(), source.stop()]);
  // Drop each consumer's first (warm-up) segment, then pair ours with its bare neighbours.
  const seq = order.map((who, i) => ({ who, rate: rates[who][order.slice(0, i).filter((w) => w === who).length] }));
  const ratios = [];
  for (let i = 2; i + 1 < seq.length; i++) {
    if (seq[i].who !== 'ours' || seq[i - 1].who !== 'bare' || seq[i + 1].who !== 'bare') continue;
    ratios.push(seq[i].rate / ((seq[i - 1].rate + seq[i + 1].rate) / 2));
  }
  return { bare: rates.bare.slice(1), ours: rates.ours.slice(1), ratios };
}
