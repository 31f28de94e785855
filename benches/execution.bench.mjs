// SDK bench of the smart order router: one routing decision over 5 venues x 50 levels per side,
// through the built package (one N-API crossing per decision). Prints median and p99 latency.
// Run after a release build: node scripts/build.mjs && node benches/execution.bench.mjs
import { execution } from '../dist/lib/index.js';

const VENUES = 5;
const LEVELS = 50;

let seed = 0x2545f491;
function rand() {
  // xorshift32: deterministic sizes so runs are comparable.
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
}

const FEES_BPS = [10, 7.5, 5, 2, 4];
const configs = FEES_BPS.map((fee, v) => ({
  name: `venue${v}`,
  takerFeeBps: fee,
  lotSize: 0.001,
  minNotional: 5,
  latencyMs: v * 3,
}));

const books = {};
for (let v = 0; v < VENUES; v++) {
  // Mids shifted by the fee so fee-inclusive prices interleave: every venue gets a child.
  const mid = 50_000 + v * 0.25 - FEES_BPS[v] * 5;
  const side = (sign) => ({
    price: Float64Array.from({ length: LEVELS }, (_, l) => mid + sign * (0.5 + l * 0.5)),
    qty: Float64Array.from({ length: LEVELS }, () => 0.01 + rand() * 0.5),
  });
  books[`venue${v}`] = { bids: side(-1), asks: side(1), ageMs: 10, depletionRate: 0.01 };
}

const router = new execution.Router(configs);
// 20 BTC: about a third of the displayed ask depth.
const order = { side: 'buy', quantity: 20 };
const options = { maxBookAgeMs: 1000 };

function measure(label, fn, iterations = 200_000) {
  for (let i = 0; i < 20_000; i++) fn();
  const batch = 100;
  const samples = [];
  for (let i = 0; i < iterations / batch; i++) {
    const t0 = process.hrtime.bigint();
    for (let j = 0; j < batch; j++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / batch / 1000);
  }
  samples.sort((a, b) => a - b);
  const q = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  console.log(`${label.padEnd(48)} median ${q(0.5).toFixed(2)} us   p10 ${q(0.1).toFixed(2)} us   p99 ${q(0.99).toFixed(2)} us`);
}

const packed = router.pack(books).slice();
const check = router.route(order, books, options);
console.log(`route 5x50: ${check.children.length} children, ${check.quantity} filled at ${check.averagePrice.toFixed(2)}`);
measure('router.routePacked (books packed once)', () => router.routePacked(order, packed, options));
measure('router.route (pack + route, keyed books)', () => router.route(order, books, options));
measure('router.route with fill model + oversize', () =>
  router.route(order, books, { ...options, fillModel: { latencyDecayPerMs: 0.01 }, oversize: true }),
);

const withFixedFee = new execution.Router(configs.map((c, v) => (v === 3 ? { ...c, fixedFee: 2 } : c)));
measure('router.route with a fixed fee on one venue', () => withFixedFee.route(order, books, options));
