import { Command, CommanderError } from 'commander';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, StrataError, StrataErrors } from '../errors/strata-error.js';
import { toRecord } from '../report/json-reporter.js';
import { formatError } from '../report/format-error.js';
import { strataVersion } from '../version.js';
import { tolerateClosedReader } from './closed-output.js';
import { registerCommands } from './commands.js';

/**
 * The one error boundary: commands throw StrataErrors (or return an exit code); this prints them as
 * one line with a location and a hint, stack traces only with --debug, and sets the exit code.
 */
export async function main(argv: string[]): Promise<void> {
  tolerateClosedReader(process.stdout);
  tolerateClosedReader(process.stderr);
  const program = new Command('strata')
    .description('Compile and build dbt-style SQL + Jinja projects in PostgreSQL (embedded PGlite by default)')
    .version(strataVersion(), '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  program.addHelpText(
    'after',
    `
Examples:
  strata build                          seed, run and test the whole project
  strata run --select staging.*         build the staging models
  strata test --select stg_players      run the tests of one model
  strata compile && strata ls --output json
  strata run --target prod --threads 8  build in a PostgreSQL server`,
  );
  registerCommands(program);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error, debug);
    if (error instanceof StrataError) logErrorAsJson(error, argv);
  }
}

/**
 * With --log-format json a scheduler reads stdout (and --log-path) only: an error that ended the
 * command goes there too, as the reporter's `error` lines (one per error when several were gathered).
 */
function logErrorAsJson(error: StrataError, argv: readonly string[]): void {
  const flag = (name: string) => {
    const at = argv.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
    if (at === -1) return undefined;
    return argv[at]!.includes('=') ? argv[at]!.slice(name.length + 1) : argv[at + 1];
  };
  if (flag('--log-format') !== 'json') return;
  const errors = error instanceof StrataErrors ? error.errors : [error];
  const lines = errors.map((each) => `${JSON.stringify(toRecord({ kind: 'error', error: each }))}\n`).join('');
  process.stdout.write(lines);
  const logPath = flag('--log-path');
  if (logPath) {
    try {
      mkdirSync(path.dirname(path.resolve(logPath)), { recursive: true });
      appendFileSync(logPath, lines);
    } catch {
      // The error itself is already on stdout and stderr.
    }
  }
}

function exitCodeFor(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return ExitCode.projectError; // usage errors: commander already printed what was wrong
  }
  if (error instanceof StrataError) {
    process.stderr.write(`${formatError(error)}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`internal error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('(run with --debug for the stack trace, and please report it)\n');
  return ExitCode.projectError;
}
