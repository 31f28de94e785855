/**
 * The engine configuration schema. Every section has defaults, so an empty file is a valid
 * configuration that runs on the embedded defaults (replay, memory cache, PGlite, JSONL sink).
 * Objects are strict: a misspelt key is an error, not a silently ignored setting.
 */
import { z } from 'zod';

const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'expected host:port');
const positiveInt = z.number().int().positive();
const ms = z.number().int().nonnegative();

const kafkaSchema = z
  .strictObject({
    /** Bootstrap brokers; empty means "no Kafka": replay source and JSONL sink are used. */
    brokers: z.array(hostPort).default([]),
    clientId: z.string().min(1).default('smc-engine'),
    groupId: z.string().min(1).default('smc-engine'),
    topics: z
      .strictObject({
        marketData: z.string().min(1).default('smc.market-data'),
        deadLetter: z.string().min(1).default('smc.market-data.dlq'),
        signals: z.string().min(1).default('smc.signals'),
        orders: z.string().min(1).default('smc.orders'),
        fills: z.string().min(1).default('smc.fills'),
        riskEvents: z.string().min(1).default('smc.risk-events'),
      })
      .prefault({}),
    /** Compress produced batches with gzip. */
    gzip: z.boolean().default(false),
    /** Fetched-but-unprocessed messages above which the consumer pauses fetching. */
    maxInFlight: positiveInt.default(10_000),
    partitionsConsumedConcurrently: positiveInt.default(1),
    ssl: z.boolean().default(false),
    /** SASL user; the password only ever comes from KAFKA_SASL_PASSWORD. */
    sasl: z
      .strictObject({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string().min(1),
        password: z.string().optional(),
      })
      .optional(),
  })
  .prefault({});

const redisSchema = z
  .strictObject({
    /** From REDIS_URL only (it may hold a password); unset means the memory cache alone. */
    url: z.string().optional(),
    /** Cluster seed nodes; when set, a Redis Cluster client is used instead of `url`'s host. */
    clusterNodes: z.array(hostPort).optional(),
    namespace: z.string().min(1).default('smc'),
    /** RESP version; 2 by default (see RedisCache for why). */
    protocol: z.union([z.literal(2), z.literal(3)]).default(2),
    /** Longest a decision may wait for Redis before the memory tier answers. */
    commandTimeoutMs: positiveInt.default(5),
    ensembleTtlMs: ms.default(60_000),
    varTtlMs: ms.default(300_000),
  })
  .prefault({});

const postgresSchema = z
  .strictObject({
    /** From DATABASE_URL only (it holds a password); unset means the embedded PGlite store. */
    url: z.string().optional(),
    /** Schema (namespace) the journal tables live in. */
    schema: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'expected a lower-case SQL identifier').default('public'),
    poolMax: positiveInt.default(10),
    idleTimeoutMs: ms.default(30_000),
    connectionTimeoutMs: positiveInt.default(2_000),
    statementTimeoutMs: positiveInt.default(5_000),
  })
  .prefault({});

const storeSchema = z
  .strictObject({
    /** Directory of the spill file used while the database is unreachable. */
    spillDir: z.string().min(1).default('.smc-spill'),
    /** PGlite data directory; in memory when unset. */
    pgliteDataDir: z.string().optional(),
    /** Where PGlite runs: its own child process (default) or inside the engine's thread. */
    pgliteIsolation: z.enum(['process', 'inline']).default('process'),
    batchSize: positiveInt.default(500),
    flushIntervalMs: positiveInt.default(50),
    maxQueued: positiveInt.default(50_000),
    retryIntervalMs: positiveInt.default(1_000),
  })
  .prefault({});

const replaySchema = z
  .strictObject({
    path: z.string().optional(),
    format: z.enum(['capture', 'jsonl', 'csv']).optional(),
    /** 0 replays as fast as possible; k > 0 replays at k times real time. */
    speed: z.number().nonnegative().default(0),
    venue: z.string().min(1).default('replay'),
    symbol: z.string().min(1).optional(),
  })
  .prefault({});

const routedVenueSchema = z.strictObject({
  /** The venue's name in routes, reports and the journal. */
  name: z.string().min(1),
  /** The `venue` field of the market events that are this venue's data; default `name`. */
  feed: z.string().min(1).optional(),
  /** Fees in bps of notional (negative = rebate), charged by the simulator and used by the router. */
  takerFeeBps: z.number().finite().default(0),
  makerFeeBps: z.number().finite().default(0),
  /** Fixed fee per child order (quote currency). */
  fixedFee: z.number().finite().nonnegative().default(0),
  lotSize: z.number().finite().positive().optional(),
  minNotional: z.number().finite().nonnegative().optional(),
  maxQty: z.number().positive().optional(),
  maxNotional: z.number().positive().optional(),
  /** Order entry latency of the simulated venue, and the router's latency for it. */
  latencyMs: z.number().finite().nonnegative().default(0),
  /** Tick size of the simulated L2 books of symbols without `books` settings. */
  tickSize: z.union([z.string().min(1), z.number().positive()]).optional(),
});

const routingSchema = z
  .strictObject({
    /**
     * Simulated venues (paper trading) every order is routed across with the smart order router;
     * empty: one simulated venue. Real venues are passed in code (`routing.venues` of createEngine).
     */
    venues: z
      .array(routedVenueSchema)
      .default([])
      .refine((vs) => new Set(vs.map((v) => v.name)).size === vs.length, 'venue names must be unique'),
    /** Books older than this are not routed to. */
    maxBookAgeMs: z.number().nonnegative().optional(),
    /** Levels per side read from each book. */
    depth: positiveInt.default(50),
    /** Venue of post-only orders and of what the books cannot absorb of resting limits. */
    restVenue: z.string().min(1).optional(),
  })
  .prefault({});

export const configSchema = z.strictObject({
  engine: z
    .strictObject({
      name: z.string().min(1).default('smc-engine'),
      symbols: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  log: z
    .strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
    .prefault({}),
  kafka: kafkaSchema,
  redis: redisSchema,
  postgres: postgresSchema,
  store: storeSchema,
  replay: replaySchema,
  sink: z.strictObject({ jsonlPath: z.string().min(1).default('smc-out.jsonl') }).prefault({}),
  routing: routingSchema,
});

/** A validated configuration with every default filled in. */
export type EngineConfig = z.infer<typeof configSchema>;
/** What a config file may contain: every key optional. */
export type EngineConfigInput = z.input<typeof configSchema>;
