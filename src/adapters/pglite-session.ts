import type { PGlite, Results } from '@electric-sql/pglite';
import type { CsvSource, QueryResult } from './adapter.js';
import type { CopySql, DriverSession } from './driver-session.js';
import { TYPE_NAME_LOOKUP_SQL, type TypeNameResolver } from './type-names.js';

/**
 * The DriverSession over an in-process PGlite. There is one backend, so there is nothing to
 * reconnect; value parsers are installed on the instance when it is created (see VALUE_PARSERS).
 */
export class PgliteSession implements DriverSession {
  constructor(
    private readonly db: PGlite,
    private readonly typeNames: TypeNameResolver,
  ) {}

  async run(sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    let result: Results;
    if (params !== undefined && params.length > 0) {
      result = await this.db.query(sql, params as unknown[]);
    } else {
      // exec() runs a script of several statements with the simple protocol, as pg does without params.
      const results = await this.db.exec(sql);
      result = results[results.length - 1] ?? { rows: [], fields: [] };
    }
    return this.toQueryResult(result, sql);
  }

  async runEach(sql: string): Promise<QueryResult[]> {
    const results: QueryResult[] = [];
    for (const result of await this.db.exec(sql)) results.push(await this.toQueryResult(result, sql));
    return results;
  }

  async copyFrom(copySql: CopySql, csv: CsvSource): Promise<number> {
    const blob = new Blob([await csvBytes(csv)]);
    const result = await this.db.query(copySql.fromBlob, [], { blob });
    return result.rowCount ?? result.affectedRows ?? 0;
  }

  async reconnect(): Promise<void> {}

  private async toQueryResult(result: Results, sql: string): Promise<QueryResult> {
    const oids = result.fields.map((field) => field.dataTypeID);
    const typeNames = await this.typeNames.resolve(oids, async (missing) => {
      const lookup = await this.db.query<{ oid: number; name: string }>(TYPE_NAME_LOOKUP_SQL, [missing]);
      return new Map(lookup.rows.map((row) => [row.oid, row.name]));
    });
    return {
      rows: result.rows as Record<string, unknown>[],
      fields: result.fields.map((field, i) => ({ name: field.name, typeId: field.dataTypeID, typeName: typeNames[i]! })),
      rowCount: result.rowCount ?? null,
      command: result.command ?? firstWord(sql),
    };
  }
}

/** The whole CSV in memory: PGlite reads COPY data from a Blob. */
async function csvBytes(csv: CsvSource): Promise<string | Uint8Array> {
  if (typeof csv === 'string') return csv;
  const chunks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for await (const chunk of csv as AsyncIterable<string | Uint8Array>) {
    chunks.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

function firstWord(sql: string): string {
  return /^\s*([a-z]+)/i.exec(sql)?.[1]?.toUpperCase() ?? '';
}
