/** Messages between the engine and its PGlite journal process (see pglite-process.ts). */

export type ToJournalProcess =
  | { id: number; op: 'query'; text: string; params: readonly unknown[] }
  | { id: number; op: 'exec'; text: string }
  | { id: number; op: 'close' };

export type FromJournalProcess =
  | { id: 0; op: 'ready' }
  | { id: number; op: 'rows'; rows: unknown[] }
  | { id: number; op: 'error'; error: { message: string; code?: string; name?: string } };

/** What the child needs to open the database (passed as one JSON argument). */
export interface JournalProcessArgs {
  dataDir?: string;
}
