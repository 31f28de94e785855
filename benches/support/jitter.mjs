// How often this machine takes the CPU away from a busy thread: a tight loop reads the clock
// and counts gaps over 100 us (the thread was descheduled: other processes, the hypervisor, the
// kernel). On a shared 2-vCPU VM this sets a floor under any p99 that spans a few threads, so
// latency benches print it beside their figures.
export function schedulingJitter(ms = 2_000) {
  const end = process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
  let last = process.hrtime.bigint();
  const gaps = [];
  while (last < end) {
    const t = process.hrtime.bigint();
    if (t - last > 100_000n) gaps.push(Number(t - last) / 1e6);
    last = t;
  }
  gaps.sort((a, b) => a - b);
  const perSecond = gaps.length / (ms / 1000);
  const max = gaps.at(-1) ?? 0;
  return { perSecond, max, text: `scheduling jitter of this machine: ${perSecond.toFixed(1)} pauses > 100 us per second of a busy thread, longest ${max.toFixed(2)} ms` };
}
