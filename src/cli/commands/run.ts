import { InvalidArgumentError, type Command } from 'commander';
import type { RunCommand } from '../../api/run-project.js';
import {
  executionOptions,
  nonNegativeNumber,
  reporterFor,
  withExecutionFlags,
  withProjectFlags,
  withSelectionFlags,
  type ParsedFlags,
} from '../shared-flags.js';
import { interruptSignal } from '../interrupt.js';
import { loadPreviousState } from '../../api/previous-state.js';

interface RunFlags extends ParsedFlags {
  warnError?: boolean;
  lockTimeout?: number;
  storeFailures?: boolean;
  defer?: boolean;
  favorState?: boolean;
  junitXml?: string;
  openlineage?: string;
  empty?: boolean;
  validate: boolean;
  eventTimeStart?: Date;
  eventTimeEnd?: Date;
}

/** A time given on the command line, read as UTC unless it names its zone. */
function utcTime(value: string): Date {
  const withZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value.includes('T') || value.includes(' ') ? value.replace(' ', 'T') : `${value}T00:00:00`}Z`;
  const time = new Date(withZone);
  if (Number.isNaN(time.getTime())) throw new InvalidArgumentError('expected a date or timestamp, e.g. 2024-01-01 or 2024-01-01T06:00:00');
  return time;
}

const DESCRIPTIONS: Readonly<Record<RunCommand, string>> = {
  run: 'build the selected models in the database',
  seed: 'load the CSV files under seeds/ into tables',
  test: 'run the data tests of the selected nodes',
  snapshot: 'record changes of the selected snapshots (SCD type 2 history)',
  build: 'seed, run, snapshot and test in one graph walk: a failing test skips what is downstream of it',
};

/** run, seed, test, snapshot and build: the commands that execute nodes. */
export function registerRunCommands(program: Command): void {
  for (const command of Object.keys(DESCRIPTIONS) as RunCommand[]) {
    withExecutionFlags(withSelectionFlags(withProjectFlags(program.command(command))))
      .description(DESCRIPTIONS[command])
      .option('--warn-error', 'treat warnings (tests at severity warn) as failures')
      .option('--lock-timeout <seconds>', 'wait this long for another run on the same target to finish (default: fail at once)', nonNegativeNumber)
      .option('--store-failures', "keep every failing test's rows in <schema>_dbt_test__audit")
      .option('--defer', 'refs to nodes not selected read the --state run\'s relations when this target lacks them')
      .option('--favor-state', 'with --defer: read the --state relations even when this target has its own')
      .option('--junit-xml <file>', 'write the results as JUnit XML (for CI test reports)')
      .option('--openlineage <file|url>', 'send OpenLineage run events (the run, each node, its input and output relations) to an http(s) endpoint or append them to a file')
      .option('--event-time-start <time>', 'microbatch models: build the batches from this time (UTC, e.g. 2024-01-01)', utcTime)
      .option('--event-time-end <time>', 'microbatch models: build the batches up to this time (UTC)', utcTime)
      .option('--empty', "every ref and source reads no rows: models build empty, checking their SQL and columns cheaply (for a scratch target: tables are rebuilt empty)")
      .option('--no-validate', 'skip checking the compiled SQL with PostgreSQL\'s parser before running')
      .action(async (flags: RunFlags) => {
        const reporter = reporterFor(flags);
        const signal = interruptSignal();
        // Loaded on demand: the database drivers are not needed by compile or ls, and cost startup time.
        const { runProject } = await import('../../api/run-project.js');
        try {
          const state = flags.state ? await loadPreviousState(flags.state) : undefined;
          const outcome = await runProject({
            ...executionOptions(flags, reporter, signal),
            command,
            warnError: flags.warnError,
            lockTimeout: flags.lockTimeout,
            storeFailures: flags.storeFailures,
            state,
            defer: flags.defer,
            favorState: flags.favorState,
            junitXml: flags.junitXml,
            openLineage: flags.openlineage,
            empty: flags.empty,
            validate: flags.validate,
            eventTimeStart: flags.eventTimeStart,
            eventTimeEnd: flags.eventTimeEnd,
            githubAnnotations: process.env.GITHUB_ACTIONS === 'true' && flags.logFormat !== 'json',
            args: { select: flags.select, exclude: flags.exclude, target: flags.target, full_refresh: flags.fullRefresh, ...(flags.empty ? { empty: true } : {}), vars: flags.vars, threads: flags.threads },
          });
          process.exitCode = outcome.exitCode;
        } finally {
          await reporter.close?.();
        }
      });
  }
}
