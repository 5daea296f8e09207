import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors/strata-error.js';
import { openProject } from './open-project.js';
import type { ExecutionOptions } from './options.js';
import { runProject, type RunCommand, type RunOutcome } from './run-project.js';

const RETRIED_STATUSES = ['error', 'fail', 'skipped'] as const;
const RUN_COMMANDS: readonly string[] = ['run', 'seed', 'test', 'snapshot', 'build'];

interface LastRun {
  readonly results: readonly { unique_id: string; status: string }[];
  readonly args: { command?: string; select?: string[]; exclude?: string[]; full_refresh?: boolean; empty?: boolean; vars?: string; target?: string; threads?: number };
}

/**
 * `strata retry`: runs again, with the same command and flags, the nodes of the last run (target/run_results.json)
 * that errored, failed or were skipped. Nothing to retry is a success.
 */
export async function retryProject(options: ExecutionOptions & { stateDir?: string }): Promise<RunOutcome | undefined> {
  const open = await openProject(options);
  // `--state <dir>`: the run to retry is that directory's (another job's target/), as dbt retry --state.
  const file = path.join(options.stateDir ? path.resolve(options.stateDir) : open.targetDir, 'run_results.json');
  let last: LastRun;
  try {
    last = JSON.parse(await readFile(file, 'utf8')) as LastRun;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ConfigError(`nothing to retry: ${path.relative(process.cwd(), file) || file} does not exist`, { hint: 'Run strata run, test or build first.' });
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`, { location: { file } });
  }
  const command = last.args?.command;
  if (!command || !RUN_COMMANDS.includes(command))
    throw new ConfigError(`the last run recorded in ${file} was not a run, seed, test, snapshot or build`, { location: { file } });
  const retried = last.results.filter((r) => (RETRIED_STATUSES as readonly string[]).includes(r.status));
  if (retried.length === 0) {
    options.reporter.report({ kind: 'info', message: `Nothing to retry: every node of the last ${command} succeeded` });
    return undefined;
  }
  // The same target and vars as the run retried (a retry must not go to another database), unless given again.
  const target = options.target ?? last.args.target;
  const vars = options.vars ?? last.args.vars;
  const threads = options.threads ?? last.args.threads;
  const reopened = target !== options.target || vars !== options.vars || threads !== options.threads ? await openProject({ ...options, target, vars, threads }) : open;
  // Only the statuses the last run had: a result: criterion that matches nothing would warn.
  const statuses = RETRIED_STATUSES.filter((status) => retried.some((r) => r.status === status));
  return runProject({
    ...options,
    open: reopened,
    target,
    threads,
    command: command as RunCommand,
    select: statuses.map((status) => `result:${status}`),
    exclude: undefined,
    fullRefresh: options.fullRefresh ?? last.args.full_refresh,
    empty: last.args.empty,
    vars,
    state: { runResults: last },
    args: { ...last.args, retry: true },
  });
}
