import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { CsvSource, QueryResult } from './adapter.js';
import type { CopySql, DriverSession } from './driver-session.js';
import { TYPE_NAME_LOOKUP_SQL, type TypeNameResolver } from './type-names.js';

/** Where a session's client comes from and goes back to. */
export interface PgClientHandling {
  /** A fresh client after the current one broke. */
  replace(): Promise<pg.ClientBase>;
  /** Gives a client back (to the pool, or ends it); `broken` when it must not be reused. */
  release(client: pg.ClientBase, broken: boolean): void;
}

/**
 * The DriverSession over one `pg` client. `reconnect` drops the client (it broke) and takes a
 * fresh one, so the Connection handed to callers stays the same object.
 */
export class PgSession implements DriverSession {
  private released = false;

  constructor(
    private client: pg.ClientBase,
    private readonly handling: PgClientHandling,
    private readonly typeNames: TypeNameResolver,
  ) {}

  /** The backend pid of the current client (for cancelling). */
  get processId(): number | undefined {
    return (this.client as unknown as { processID?: number }).processID;
  }

  async run(sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    const raw = (await this.client.query(sql, params as unknown[] | undefined)) as pg.QueryResult | pg.QueryResult[];
    // Without params a text of several statements gives one result each; the last one counts.
    return this.toQueryResult(Array.isArray(raw) ? raw[raw.length - 1]! : raw);
  }

  async runEach(sql: string): Promise<QueryResult[]> {
    const raw = (await this.client.query(sql)) as pg.QueryResult | pg.QueryResult[];
    const results: QueryResult[] = [];
    for (const result of Array.isArray(raw) ? raw : [raw]) results.push(await this.toQueryResult(result));
    return results;
  }

  private async toQueryResult(result: pg.QueryResult): Promise<QueryResult> {
    const oids = (result.fields ?? []).map((field) => field.dataTypeID);
    const typeNames = await this.typeNames.resolve(oids, async (missing) => {
      const lookup = await this.client.query<{ oid: number; name: string }>(TYPE_NAME_LOOKUP_SQL, [missing]);
      return new Map(lookup.rows.map((row) => [row.oid, row.name]));
    });
    return {
      rows: result.rows ?? [],
      fields: (result.fields ?? []).map((field, i) => ({ name: field.name, typeId: field.dataTypeID, typeName: typeNames[i]! })),
      rowCount: result.rowCount ?? null,
      command: result.command ?? '',
    };
  }

  async copyFrom(copySql: CopySql, csv: CsvSource): Promise<number> {
    const stream = this.client.query(copyFromStdin(copySql.fromStdin));
    const source = typeof csv === 'string' ? Readable.from([csv]) : csv;
    await pipeline(source, stream);
    return Number(stream.rowCount ?? 0);
  }

  async reconnect(): Promise<void> {
    this.releaseClient(true);
    this.client = await this.handling.replace();
    this.released = false;
  }

  /** Back to the pool; `broken` destroys the client instead of reusing it. */
  release(broken = false): void {
    this.releaseClient(broken);
  }

  private releaseClient(broken: boolean): void {
    // A failed reconnect leaves the old client released and no new one: release only once.
    if (this.released) return;
    this.released = true;
    this.handling.release(this.client, broken);
  }
}
