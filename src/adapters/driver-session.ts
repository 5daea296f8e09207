import type { CsvSource, QueryResult } from './adapter.js';

/**
 * What each driver provides underneath the shared Connection logic: run one SQL text, stream a
 * COPY, and replace the physical connection after it broke. Errors thrown here are the driver's
 * own; SessionConnection classifies them (retry or not) and turns them into strata errors.
 */
export interface DriverSession {
  run(sql: string, params?: readonly unknown[]): Promise<QueryResult>;
  /** Runs a text of several statements in one round trip (simple protocol); one result per statement, in order. */
  runEach(sql: string): Promise<QueryResult[]>;
  /** Runs a complete `COPY … FROM …` statement built by the caller, feeding it the CSV. */
  copyFrom(copySql: CopySql, csv: CsvSource): Promise<number>;
  /** Drops a broken connection and opens a fresh one (a no-op where there is only one instance). */
  reconnect(): Promise<void>;
}

/**
 * One COPY … FROM statement in both shapes the drivers need: FROM STDIN (server, fed through
 * pg-copy-streams) and FROM '/dev/blob' (PGlite, whose STDIN copy crashes; the CSV goes in a Blob).
 */
export interface CopySql {
  readonly fromStdin: string;
  readonly fromBlob: string;
}

/** Per-adapter services the shared Connection logic needs. */
export interface SessionEnvironment {
  readonly retries: number;
  readonly retryBackoffSeconds: number;
  /** Turns a driver error into a StrataError (DatabaseError, ConnectionError), with secrets removed. */
  toStrataError(error: unknown, sql?: string): Error;
  /** Increases on every Adapter.cancel(); work that started before stops at its next statement. */
  cancelEpoch(): number;
}
