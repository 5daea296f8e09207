import { ExitCode, StrataError } from '../errors/strata-error.js';

/** Who holds the lock, as far as known. */
export interface LockHolder {
  readonly applicationName?: string;
  readonly pid?: number;
  /** Server: the holder's backend_start; PGlite: when the holding run took the lock. */
  readonly since?: string;
  readonly host?: string;
}

/** Another run holds the target's lock (exit 4). */
export class LockHeldError extends StrataError {
  constructor(
    readonly lockName: string,
    readonly holder: LockHolder | undefined,
    waitedSeconds: number,
    hint: string,
  ) {
    super('lock_held', `another run holds the run lock of ${lockName}: ${describeHolder(holder)}${waitedSeconds > 0 ? ` (waited ${waitedSeconds}s)` : ''}`, { hint }, ExitCode.lockHeld);
  }
}

function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'a session that let it go just now (try again)';
  const parts = [
    holder.applicationName ? `"${holder.applicationName}"` : 'a session',
    holder.pid !== undefined ? `pid ${holder.pid}` : undefined,
    holder.host ? `from ${holder.host}` : undefined,
    holder.since ? `since ${holder.since}` : undefined,
  ];
  return parts.filter((part) => part !== undefined).join(', ');
}
