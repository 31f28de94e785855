import { sources } from '../dist/lib/index.js';
const N = 50000;
const messages = [];
for (let i = 0; i < N; i++) {
  const ev = {type:'trade',venue:'binance-spot',symbol:'BTCUSDT',exchangeTime:1723161255342+i,receiveTime:1723161254087.896+i,tradeId:String(3735683259+i),price:61837.63,qty:0.02,side:'buy'};
  messages.push({ key: Buffer.from('BTCUSDT'), value: Buffer.from(JSON.stringify(ev)), offset: String(i), headers: {} });
}
const payload = { batch: { topic: 't', partition: 0, messages, highWatermark: String(N) }, resolveOffset() {}, heartbeat: async () => {}, commitOffsetsIfNecessary: async () => {}, isRunning: () => true, isStale: () => false };
const src = new sources.KafkaSource({ brokers: ['x:1'], groupId: 'g', topics: ['t'] });
let n = 0;
for (let r = 0; r < 5; r++) {
  let t = performance.now();
  await src.processBatch(payload, () => { n++; });
  const ours = (performance.now() - t) / N * 1e3;
  t = performance.now();
  for (const m of messages) { JSON.parse(m.value.toString()); n++; }
  const bare = (performance.now() - t) / N * 1e3;
  console.log('ours', ours.toFixed(2), 'us/msg; bare', bare.toFixed(2));
}
