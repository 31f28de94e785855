import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * The URL of a real service for an integration test, from its environment variable
 * (`eval "$(scripts/services.sh env)"` sets them). Unset: the suite is skipped with one line
 * saying so, unless SMC_REQUIRE_SERVICES=1 (CI), where a missing service is a failure.
 */
export function serviceUrl(envVar: 'REDIS_URL' | 'DATABASE_URL' | 'KAFKA_BROKERS', suite: string): string | undefined {
  const value = process.env[envVar];
  if (value) return value;
  if (process.env.SMC_REQUIRE_SERVICES === '1') {
    throw new Error(`${suite}: ${envVar} is not set but SMC_REQUIRE_SERVICES=1 (run scripts/services.sh up)`);
  }
  console.log(`[services] ${suite}: skipped (${envVar} not set; see scripts/services.sh)`);
  return undefined;
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A name unique to this test run, for topics, schemas and key namespaces. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Polls `check` every 20 ms until it returns true or `timeoutMs` passes. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A TCP relay from 127.0.0.1:`listenPort` to `target`, standing in for a service that goes down
 * and comes back (the shared services themselves are never stopped). `stop()` refuses new
 * connections and cuts the open ones, as a crashed server would.
 */
export class TcpRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly listenPort: number,
    private readonly target: { host: string; port: number },
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
