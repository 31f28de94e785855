/**
 * A one-line terminal progress bar (events/s, ETA). Quiet when the stream is not a TTY, so
 * logs and CI output stay clean; redraws at most every 100 ms.
 */
import type { WriteStream } from 'node:tty';

type Out = NodeJS.WritableStream & Partial<Pick<WriteStream, 'isTTY'>>;

export class ProgressBar {
  readonly #out: Out;
  readonly #enabled: boolean;
  readonly #total: number | undefined;
  readonly #fraction: (() => number) | undefined;
  readonly #started = performance.now();
  #last = 0;
  #count = 0;

  /**
   * `total`: events expected; or `fraction`: the share of the input done so far (for example
   * bytes read / file size, when the event count is unknown until the end). Either gives an ETA.
   */
  constructor(options: { total?: number; fraction?: () => number; enabled?: boolean | 'auto'; stream?: NodeJS.WritableStream } = {}) {
    this.#out = (options.stream ?? process.stderr) as Out;
    const e = options.enabled ?? 'auto';
    this.#enabled = e === 'auto' ? this.#out.isTTY === true : e;
    this.#total = options.total;
    this.#fraction = options.fraction;
  }

  /** Adds `n` processed events; redraws when due. */
  tick(n = 1): void {
    this.#count += n;
    if (!this.#enabled) return;
    const now = performance.now();
    if (now - this.#last < 100) return;
    this.#last = now;
    this.#draw(now);
  }

  #draw(now: number): void {
    const secs = (now - this.#started) / 1000;
    const rate = secs > 0 ? this.#count / secs : 0;
    let line = `${format(this.#count)} events  ${format(rate)}/s`;
    const frac = this.#total ? Math.min(1, this.#count / this.#total) : this.#fraction ? Math.min(1, Math.max(0, this.#fraction())) : undefined;
    if (frac !== undefined) {
      const width = 24;
      const filled = Math.round(frac * width);
      const eta = frac > 0 ? (secs * (1 - frac)) / frac : 0;
      line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${line}  ETA ${eta.toFixed(1)}s`;
    }
    this.#out.write(`\r${line}\u001b[K`);
  }

  /** Final redraw and newline (only when enabled). */
  done(): void {
    if (!this.#enabled) return;
    this.#draw(performance.now());
    this.#out.write('\n');
  }
}

function format(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(0);
}
