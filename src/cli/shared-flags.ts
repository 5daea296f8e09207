import { Command, InvalidArgumentError, Option } from 'commander';
import type { ExecutionOptions, ProjectOptions, SelectionOptions } from '../api/options.js';
import type { Reporter } from '../report/events.js';
import { ConsoleReporter } from '../report/console-reporter.js';
import { JsonLineReporter } from '../report/json-reporter.js';
import { FanoutReporter } from '../report/fanout-reporter.js';
import { JsonFileReporter } from '../report/json-file-reporter.js';

/** Flags every command takes. */
export function withProjectFlags(command: Command): Command {
  return command
    .option('--project-dir <dir>', 'the project directory (holding project.yml or dbt_project.yml)', '.')
    .option('--profiles-dir <dir>', 'where profiles.yml is (default: project dir, then ~/.strata, then ~/.dbt)')
    .option('-t, --target <name>', 'the profile target to use')
    .option('--vars <yaml>', "variables as YAML, e.g. '{first_reported_season: 2024}'")
    .addOption(new Option('--log-format <format>', 'console output format').choices(['text', 'json']).default('text'))
    .option('--no-color', 'no colours in the output')
    .option('--no-progress', 'no spinner (off automatically outside a terminal)')
    .option('-q, --quiet', 'print errors and the summary only')
    .option('--log-path <file>', 'also append the JSON log lines to this file')
    .option('--debug', 'show stack traces of errors');
}

/** Node selection flags. */
export function withSelectionFlags(command: Command): Command {
  return command
    .option('-s, --select <selector...>', 'nodes to include (names, tag:, path:, +graph operators, …)')
    .option('-m, --models <selector...>', 'old spelling of --select')
    .option('--exclude <selector...>', 'nodes to leave out')
    .option('--selector <name>', 'a named selector from selectors.yml')
    .option('--state <dir>', "an earlier run's target/ (manifest.json, run_results.json) for state: and result: selection and --defer")
    .option('--resource-type <type...>', 'only these resource types (model, seed, snapshot, test, source, analysis)')
    .addOption(new Option('--indirect-selection <mode>', 'how tests of selected nodes are picked').choices(['eager', 'cautious', 'buildable', 'empty']));
}

/** Flags of commands that build things. */
export function withExecutionFlags(command: Command): Command {
  return command
    .option('--threads <n>', 'how many nodes to build at once', positiveInteger)
    .option('--full-refresh', 'rebuild incremental models and reload seeds from scratch')
    .option('-x, --fail-fast', 'stop at the first failure');
}

/** A flag value of zero or more (seconds). */
export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of seconds, 0 or more');
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** The options commander parsed for a command, as typed fields. */
export interface ParsedFlags {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  vars?: string;
  logFormat: 'text' | 'json';
  color: boolean;
  progress: boolean;
  quiet?: boolean;
  logPath?: string;
  debug?: boolean;
  select?: string[];
  models?: string[];
  exclude?: string[];
  selector?: string;
  state?: string;
  resourceType?: string[];
  indirectSelection?: SelectionOptions['indirectSelection'];
  threads?: number;
  fullRefresh?: boolean;
  failFast?: boolean;
  /** dbt's `flags` for templates, set for every action (commands.ts). */
  templateFlags?: Readonly<Record<string, unknown>>;
}

/** The reporter the flags ask for: JSON lines, or console text (spinner only in a terminal). */
export function reporterFor(flags: ParsedFlags): Reporter {
  const console = consoleReporterFor(flags);
  return flags.logPath ? new FanoutReporter([console, new JsonFileReporter(flags.logPath)]) : console;
}

function consoleReporterFor(flags: ParsedFlags): Reporter {
  if (flags.logFormat === 'json') return new JsonLineReporter(process.stdout);
  const tty = Boolean(process.stdout.isTTY) && !process.env.CI;
  return new ConsoleReporter({
    out: process.stdout,
    err: process.stderr,
    color: flags.color && tty && !process.env.NO_COLOR,
    // A terminal that reports no width (a pseudo-terminal without a size) gets no spinner: the
    // spinner library divides by the width to know how many lines to clear, and never finishes.
    progress: flags.progress && tty && (process.stdout.columns ?? 0) > 0,
    quiet: Boolean(flags.quiet),
  });
}

export function projectOptions(flags: ParsedFlags, reporter: Reporter): ProjectOptions {
  return {
    projectDir: flags.projectDir,
    profilesDir: flags.profilesDir,
    target: flags.target,
    vars: flags.vars,
    threads: flags.threads,
    reporter,
    templateFlags: flags.templateFlags,
  };
}

export function selectionOptions(flags: ParsedFlags): SelectionOptions {
  const select = [...(flags.select ?? []), ...(flags.models ?? [])];
  return {
    select: select.length ? select : undefined,
    exclude: flags.exclude,
    selector: flags.selector,
    resourceTypes: flags.resourceType,
    indirectSelection: flags.indirectSelection,
  };
}

export function executionOptions(flags: ParsedFlags, reporter: Reporter, signal?: AbortSignal): ExecutionOptions {
  return {
    ...projectOptions(flags, reporter),
    ...selectionOptions(flags),
    fullRefresh: flags.fullRefresh,
    failFast: flags.failFast,
    signal,
  };
}
