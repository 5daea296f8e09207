/** Where in a user's file something went wrong. Lines and columns are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** Exit codes are part of strata's public contract (README, "Exit codes"). */
export const ExitCode = {
  success: 0,
  nodeFailed: 1,
  projectError: 2,
  databaseUnreachable: 3,
  lockHeld: 4,
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface StrataErrorOptions {
  readonly location?: SourceLocation;
  readonly hint?: string;
  /** A code frame (a few source lines with a caret) shown under the message. */
  readonly frame?: string;
  readonly nodeId?: string;
  readonly cause?: unknown;
}

/**
 * An error a user can act on: a stable code, where it happened, and a hint.
 * The CLI prints these as one line plus optional frame and hint, without a stack (unless --debug).
 */
export class StrataError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly location?: SourceLocation;
  readonly hint?: string;
  readonly frame?: string;
  readonly nodeId?: string;

  constructor(code: string, message: string, options: StrataErrorOptions = {}, exitCode: ExitCode = ExitCode.projectError) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.location = options.location;
    this.hint = options.hint;
    this.frame = options.frame;
    this.nodeId = options.nodeId;
  }

  /** `file:line:column` (as far as known), for the start of a printed error line. */
  get where(): string | undefined {
    const loc = this.location;
    if (!loc) return undefined;
    return [loc.file, loc.line, loc.line !== undefined ? loc.column : undefined].filter((p) => p !== undefined).join(':');
  }
}

/** project.yml, profiles.yml, property files, selectors, CLI flags. */
export class ConfigError extends StrataError {
  constructor(message: string, options: StrataErrorOptions = {}) {
    super('config', message, options);
  }
}

/** Template syntax and render errors (raised by src/jinja, re-raised with a node's file by src/parse). */
export class CompileError extends StrataError {
  constructor(message: string, options: StrataErrorOptions = {}, code = 'compile') {
    super(code, message, options);
  }
}

/** Several errors gathered before stopping, so a user sees them all at once. */
export class StrataErrors extends StrataError {
  readonly errors: readonly StrataError[];
  constructor(errors: readonly StrataError[]) {
    super('multiple', `${errors.length} error${errors.length === 1 ? '' : 's'}`, {}, errors[0]?.exitCode ?? ExitCode.projectError);
    this.errors = errors;
  }
}

/** The database could not be reached (after retries). */
export class ConnectionError extends StrataError {
  constructor(message: string, options: StrataErrorOptions = {}) {
    super('connection', message, options, ExitCode.databaseUnreachable);
  }
}
