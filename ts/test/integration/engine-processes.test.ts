// Issue 6 §7 with real OS processes: two `node` children (fixtures/engine-member.mjs, an engine
// from the built dist/ on a KafkaSource) join one consumer group on the Kafka of
// scripts/services.sh. They split the partitions, and together they process every event exactly
// once and send every order of the offline run exactly once. (engine-group.test.ts covers the
// same with two members in one process, and with Postgres.)
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { cleanUp, everyTenth, offlineOrders, tradeMessages } from './engine-support.js';
import { createTopics, testKafka } from './kafka-helpers.js';
import { uniqueName, waitFor } from './service-env.js';
import { serviceGate } from './services.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const MEMBER = join(HERE, 'fixtures', 'engine-member.mjs');
const DIST = join(HERE, '..', '..', '..', 'dist', 'lib', 'index.js');
const SYMBOLS = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7'];
const PARTITIONS = 4;
const PER_SYMBOL = 250;
const TOTAL = SYMBOLS.length * PER_SYMBOL;

/** What one child process reported on stdout. */
class Member {
  readonly events: { key: string; partition: number }[] = [];
  assigned: number[] = [];
  done: { orders: string[]; stats: { events: number; orders: number } } | undefined;
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = JSON.parse(line) as { t: string; key?: string; partition?: number; partitions?: number[]; orders?: string[]; stats?: { events: number; orders: number } };
      if (m.t === 'event') this.events.push({ key: m.key!, partition: m.partition! });
      else if (m.t === 'assigned') this.assigned = m.partitions!;
      else if (m.t === 'done') this.done = { orders: m.orders!, stats: m.stats! };
    });
    proc.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  get partitions(): Set<number> {
    return new Set(this.events.map((e) => e.partition));
  }
}

const kafkaGate = serviceGate('engine processes (Kafka)', 'KAFKA_BROKERS');

describe.skipIf(kafkaGate.skip)('two engine OS processes in one consumer group', () => {
  const topic = uniqueName('smc-e2e-procs-md');
  const members: Member[] = [];
  const kafka = kafkaGate.use(
    async (brokers) => {
      const k = testKafka(brokers);
      const admin = k.admin();
      await admin.connect();
      await createTopics(admin, [{ topic, numPartitions: PARTITIONS }]);
      return { brokers, k, admin };
    },
    async ({ k, admin }) => {
      await admin.disconnect();
      await cleanUp(k, [topic, `${topic}.dlq`], undefined, []);
    },
  );
  // Children that are still running (a failed assertion) are killed, by their own pid.
  afterAll(async () => {
    for (const m of members) if (m.proc.exitCode === null && m.proc.signalCode === null) m.proc.kill('SIGKILL');
    await Promise.all(members.map((m) => m.exited));
  });

  it('split the partitions and together process every event, and send every order, exactly once', async () => {
    const { brokers, k, admin } = kafka();
    if (!existsSync(DIST)) throw new Error('dist/lib is missing: run `npm run build` (the children run the built package)');
    const groupId = uniqueName('smc-e2e-procs');
    const spawnMember = (name: string) => {
      const proc = spawn(process.execPath, [MEMBER, JSON.stringify({ brokers, topic, groupId, name, symbols: SYMBOLS })], { stdio: ['pipe', 'pipe', 'pipe'] });
      const m = new Member(proc);
      members.push(m);
      return m;
    };
    const a = spawnMember('engine-a');
    const b = spawnMember('engine-b');
    const why = () => `children: a=${JSON.stringify(a.assigned)} b=${JSON.stringify(b.assigned)}; stderr: ${a.stderr} ${b.stderr}`;
    // Produce only once both hold their share: no partition changes hands mid-stream (a
    // rebalance would legitimately re-deliver uncommitted events: at least once, not this test).
    await waitFor(
      async () => {
        // Both report their share of the last rebalance (an earlier assignment overlaps it).
        if (a.assigned.length === 0 || b.assigned.length === 0) return false;
        if (new Set([...a.assigned, ...b.assigned]).size !== PARTITIONS || a.assigned.length + b.assigned.length !== PARTITIONS) return false;
        const g = (await admin.describeGroups([groupId])).groups[0]!;
        return g.state === 'Stable' && g.members.length === 2;
      },
      40_000,
      `both processes in a stable group (${why()})`,
    );
    expect([...a.assigned, ...b.assigned].sort()).toEqual([0, 1, 2, 3]);

    // Symbol i always on partition i % 4, so every partition carries events.
    const messages = tradeMessages(SYMBOLS, PER_SYMBOL).map((m) => ({ ...m, partition: SYMBOLS.indexOf(m.key) % PARTITIONS }));
    const producer = k.producer();
    await producer.connect();
    await producer.send({ topic, messages });
    await producer.disconnect();

    const union = () => new Set([...a.events, ...b.events].map((e) => e.key)).size;
    await waitFor(() => union() === TOTAL, 30_000, `every event processed by one of the processes (${union()} of ${TOTAL}; ${why()})`);
    for (const m of [a, b]) m.proc.stdin.end('stop\n');
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);

    // Each process consumed only its own partitions, all of them, and no event twice.
    expect(a.events.length).toBeGreaterThan(0);
    expect(b.events.length).toBeGreaterThan(0);
    expect(a.events.length + b.events.length).toBe(TOTAL);
    expect([...a.partitions].sort()).toEqual(a.assigned);
    expect([...b.partitions].sort()).toEqual(b.assigned);
    expect([...a.partitions].filter((p) => b.partitions.has(p))).toEqual([]);
    expect(a.done!.stats.events + b.done!.stats.events).toBe(TOTAL);

    // The orders are the offline run's, each sent by exactly one process.
    const reference = await offlineOrders(everyTenth(), SYMBOLS, messages);
    const sent = [...a.done!.orders, ...b.done!.orders];
    expect(sent.length).toBe(reference.ids.length);
    expect(new Set(sent)).toEqual(new Set(reference.ids));
  }, 90_000);
});
