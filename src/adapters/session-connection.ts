import type { Connection, CopyOptions, CsvSource, ExecuteOptions, QueryResult, Statement } from './adapter.js';
import { DatabaseError, QUERY_CANCELED } from './database-error.js';
import type { CopySql, DriverSession, SessionEnvironment } from './driver-session.js';
import { quoteIdentifier, quoteLiteral } from './quoting.js';
import type { Relation } from './relation.js';
import { withRetry } from './retry.js';
import { isBrokenConnectionError, isTransientError } from './transient-errors.js';

/** Strata errors converted from transient / connection-breaking driver errors (classified before conversion). */
const transientErrors = new WeakSet<object>();
const brokenConnectionErrors = new WeakSet<object>();

/**
 * The Connection every adapter hands out: transactions, savepoints, statement lists, COPY and the
 * retry policy, written once over a DriverSession. Every driver error is turned into a strata error
 * where it happens, so callers only ever see DatabaseError / ConnectionError.
 */
export class SessionConnection implements Connection {
  private depth = 0;
  private savepointCounter = 0;
  /** The adapter's cancel epoch when this connection was handed out: work begun before a cancel stops. */
  private readonly epoch: number;

  constructor(
    private readonly session: DriverSession,
    private readonly env: SessionEnvironment,
  ) {
    this.epoch = env.cancelEpoch();
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
    if (this.inTransaction) return (await this.run(sql, params)) as QueryResult<Row>;
    return (await this.retrying(() => this.run(sql, params))) as QueryResult<Row>;
  }

  async queryEach(sql: string): Promise<QueryResult[]> {
    const runEach = async (): Promise<QueryResult[]> => {
      this.throwIfCancelled();
      try {
        return await this.session.runEach(sql);
      } catch (error) {
        throw this.convert(error, sql);
      }
    };
    return this.inTransaction ? runEach() : this.retrying(runEach);
  }

  async transaction<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
    if (this.inTransaction) return this.savepoint(fn);
    return this.retrying(() => this.transactionOnce(fn));
  }

  async execute(statements: readonly Statement[], options: ExecuteOptions = {}): Promise<QueryResult[]> {
    const runAll = async (): Promise<QueryResult[]> => {
      const results: QueryResult[] = [];
      for (const statement of statements) {
        const { sql, params } = typeof statement === 'string' ? { sql: statement, params: undefined } : statement;
        results.push(await this.run(sql, params));
      }
      return results;
    };
    // Outside a transaction each statement commits on its own, and retrying the list could repeat
    // finished ones: such a list is never retried.
    if (options.transaction === false) return runAll();
    return this.transaction(runAll);
  }

  copyRowsFrom(relation: Relation, columns: readonly string[], csv: CsvSource, options: CopyOptions = {}): Promise<number> {
    return this.copy(buildCopySql(relation, columns, options), csv);
  }

  async copy(copySql: CopySql, csv: CsvSource): Promise<number> {
    const load = async (): Promise<number> => {
      this.throwIfCancelled();
      try {
        return await this.session.copyFrom(copySql, csv);
      } catch (error) {
        throw this.convert(error, copySql.fromStdin);
      }
    };
    // A stream can be read only once, so a COPY from one is not retried.
    if (this.inTransaction || typeof csv !== 'string') return load();
    return this.retrying(load);
  }

  private async transactionOnce<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
    await this.run('BEGIN');
    this.depth = 1;
    try {
      const value = await fn(this);
      const commit = await this.run('COMMIT');
      // COMMIT of a transaction that hit an error (which `fn` caught and ignored) rolls back instead.
      if (commit.command === 'ROLLBACK') {
        throw new DatabaseError(
          { sqlstate: '25P02', message: 'the transaction was rolled back because a statement in it failed' },
          undefined,
          { hint: 'an error inside the transaction was caught and ignored; let it propagate' },
        );
      }
      return value;
    } catch (error) {
      if (!isBrokenConnection(error)) await this.session.run('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.depth = 0;
      this.savepointCounter = 0;
    }
  }

  private async savepoint<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
    const name = quoteIdentifier(`strata_savepoint_${++this.savepointCounter}`);
    await this.run(`SAVEPOINT ${name}`);
    this.depth++;
    try {
      const value = await fn(this);
      await this.run(`RELEASE SAVEPOINT ${name}`);
      return value;
    } catch (error) {
      if (!isBrokenConnection(error)) await this.session.run(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
      throw error;
    } finally {
      this.depth--;
    }
  }

  /** One statement; driver errors come out as strata errors (classified for the retry policy). */
  private async run(sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    this.throwIfCancelled();
    try {
      return await this.session.run(sql, params);
    } catch (error) {
      throw this.convert(error, sql);
    }
  }

  private convert(error: unknown, sql: string): Error {
    const converted = this.env.toStrataError(error, sql);
    if (isTransientError(error)) transientErrors.add(converted);
    if (isBrokenConnectionError(error)) brokenConnectionErrors.add(converted);
    return converted;
  }

  /** Runs a unit of work under the retry policy; a broken connection is replaced before the next try. */
  private retrying<T>(work: () => Promise<T>): Promise<T> {
    return withRetry({ retries: this.env.retries, backoffSeconds: this.env.retryBackoffSeconds }, work, {
      isRetryable: (error) => typeof error === 'object' && error !== null && transientErrors.has(error),
      beforeRetry: async (error) => {
        if (isBrokenConnection(error)) await this.session.reconnect();
      },
    });
  }

  private throwIfCancelled(): void {
    if (this.env.cancelEpoch() !== this.epoch) {
      throw new DatabaseError({ sqlstate: QUERY_CANCELED, message: 'canceling statement due to user request' });
    }
  }
}

function isBrokenConnection(error: unknown): boolean {
  return typeof error === 'object' && error !== null && brokenConnectionErrors.has(error);
}

/** The COPY statement for a relation and column list, with the CSV options spelled out. */
export function buildCopySql(relation: Relation, columns: readonly string[], options: CopyOptions): CopySql {
  const target = `${relation.render()} (${columns.map(quoteIdentifier).join(', ')})`;
  const withOptions = ['FORMAT csv', `HEADER ${options.header === false ? 'false' : 'true'}`];
  if (options.delimiter !== undefined) withOptions.push(`DELIMITER ${quoteLiteral(options.delimiter)}`);
  if (options.nullString !== undefined) withOptions.push(`NULL ${quoteLiteral(options.nullString)}`);
  const from = (source: string) => `COPY ${target} FROM ${source} WITH (${withOptions.join(', ')})`;
  return { fromStdin: from('STDIN'), fromBlob: from(quoteLiteral('/dev/blob')) };
}
