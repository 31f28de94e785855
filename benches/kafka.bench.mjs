// The Kafka path: our KafkaSource (decode + schema check + ordered async handler + offset
// resolution after processing + lag) against a bare kafkajs consumer on the same topic, same run.
// The bare consumer does the least any real consumer does: JSON.parse of each value.
//   KAFKA_BROKERS=127.0.0.1:9092 node benches/kafka.bench.mjs [--messages 600000] [--partitions 3] [--rounds 5] [--warmup 1]
// Each round has both consumers read the whole topic in a fresh group, in alternating order;
// the warm-up rounds (JIT, page cache) are not counted. A round under a second swings by 10%
// on a shared 2-vCPU machine, hence the large default topic; the verdict uses the median of
// the per-round ratios, which pairs each of our rounds with the bare round next to it.
// Skips (exit 0) when KAFKA_BROKERS is unset. Needs the built package (node scripts/build.mjs --ts).
import { parseArgs } from 'node:util';

import { Kafka, logLevel } from 'kafkajs';

import { sources } from '../dist/lib/index.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '600000' },
    partitions: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
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
await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
await admin.disconnect();
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
console.log(`ratio ours/bare: median of per-round ratios ${pct(pairRatio)} (ratio of medians ${pct(wallO / wallB)}), CPU efficiency ${pct(cpuO / cpuB)}`);
console.log(`target >= 90% of bare kafkajs: ${pairRatio >= 0.9 ? 'MET' : 'NOT MET'} (${pct(pairRatio)})`);
