/**
 * The edge check: raw bytes or objects in, typed {@link MarketEvent}s or typed errors out.
 */
import { InvalidInputError } from '../errors.js';
import { fastCheck } from './fast-check.js';
import { marketEventSchema, type MarketEvent } from './schema.js';

/** Why a message was rejected: not JSON at all, or JSON that fails the event schema. */
export type RejectReason = 'malformed_json' | 'schema_violation';

/** A message that is not a valid {@link MarketEvent}. It never reaches the strategy. */
export class InvalidEventError extends InvalidInputError {
  /** Machine-readable category, also used as the dead-letter reason header. */
  readonly reason: RejectReason;
  /** Human-readable problems, each `path: message` (empty for malformed JSON). */
  readonly problems: readonly string[];

  constructor(reason: RejectReason, problems: readonly string[], options?: { cause?: unknown }) {
    super(`invalid market event (${reason}): ${problems.join('; ') || 'unparseable'}`, options);
    this.reason = reason;
    this.problems = problems;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(root)';
}

/**
 * Checks an already-decoded value against the event schema. A valid value with exactly the
 * schema's keys is returned as is (the fast path); otherwise zod decides, returning a copy
 * without unknown keys or throwing with every problem.
 *
 * @throws InvalidEventError with reason `schema_violation`
 */
export function parseEvent(value: unknown): MarketEvent {
  const fast = fastCheck(value);
  if (fast) return fast;
  const result = marketEventSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new InvalidEventError('schema_violation', problems, { cause: result.error });
}

/**
 * Decodes one JSON-encoded event (a Kafka message value, a JSON line) and checks it.
 *
 * @throws InvalidEventError with reason `malformed_json` or `schema_violation`
 */
export function decodeEvent(raw: string | Uint8Array): MarketEvent {
  let value: unknown;
  try {
    const text =
      typeof raw === 'string'
        ? raw
        : Buffer.isBuffer(raw)
          ? raw.toString('utf8')
          : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidEventError('malformed_json', [(err as Error).message], { cause: err });
  }
  return parseEvent(value);
}
