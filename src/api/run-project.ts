import { randomUUID } from 'node:crypto';
import { writeManifest } from '../artifacts/manifest-json.js';
import { compiledFilesOf, writeCompiledFiles } from '../artifacts/compiled-files.js';
import { writeRunResults } from '../artifacts/run-results-json.js';
import { openAdapter } from '../adapters/open-adapter.js';
import type { Adapter } from '../adapters/adapter.js';
import { databaseStateFor } from '../adapters/database-state.js';
import { ExitCode, StrataError } from '../errors/strata-error.js';
import path from 'node:path';
import { runAllProjectHooks } from './run-hooks.js';
import { BatchSizer } from '../execute/batch-sizer.js';
import { canBatchDataTest, runDataTestBatch } from '../execute/run-data-test-batch.js';
import { executeNode } from '../execute/execute-node.js';
import { relationOf } from '../execute/materialize-node.js';
import { liveTemplateDatabase } from '../execute/live-template-database.js';
import { isFailure, type NodeResult } from '../execute/results.js';
import type { RunContext } from '../execute/run-context.js';
import { acquireRunLock } from '../execute/run-lock.js';
import { schedule } from '../execute/scheduler.js';
import { assertViewChainsFitPglite } from '../execute/view-depth-guard.js';
import { buildExecutionOrder } from '../graph/index.js';
import { relationKey } from '../materialize/input.js';
import type { GraphNode, Manifest, ResourceType } from '../parse/manifest.js';
import type { NodeLabel } from '../report/events.js';
import { strataVersion } from '../version.js';
import { loadManifest } from './load-manifest.js';
import type { ProjectColumnLineage } from './check-project-sql.js';
import { openProject, type OpenProject } from './open-project.js';
import { writeJunitXml } from '../report/junit-xml.js';
import { githubAnnotations } from '../report/github-annotations.js';
import type { PreviousState } from '../graph/index.js';
import { nodeLabel } from './node-labels.js';
import { OpenLineageRun } from '../report/openlineage-events.js';
import { OpenLineageTransport } from '../report/openlineage-transport.js';
import type { ExecutionOptions } from './options.js';

export type RunCommand = 'run' | 'seed' | 'test' | 'build' | 'snapshot';

/** The resource types each command executes. */
const COMMAND_RESOURCE_TYPES: Readonly<Record<RunCommand, readonly ResourceType[]>> = {
  run: ['model'],
  seed: ['seed'],
  test: ['test', 'unit_test'],
  snapshot: ['snapshot'],
  build: ['model', 'seed', 'snapshot', 'test', 'unit_test'],
};

export interface RunProjectOptions extends ExecutionOptions {
  readonly command: RunCommand;
  /** Warnings count as failures (exit 1). */
  readonly warnError?: boolean;
  /** Seconds to wait for another run's lock; 0 fails at once. */
  readonly lockTimeout?: number;
  readonly storeFailures?: boolean;
  /** The flags as given, recorded in run_results.json for `strata retry`. */
  readonly args?: Readonly<Record<string, unknown>>;
  /** `--state <dir>` already loaded. */
  readonly state?: PreviousState;
  /** `--defer` (with `--state`), and `--favor-state`. */
  readonly defer?: boolean;
  readonly favorState?: boolean;
  /** `--empty`: every ref and source reads no rows, so models build empty (a scratch target's check of SQL and columns). */
  readonly empty?: boolean;
  /** `--openlineage <file|url>`: OpenLineage run events of the run and of each node, to a file (JSON lines) or an http(s) endpoint. */
  readonly openLineage?: string;
  /** `--event-time-start` / `--event-time-end` for microbatch models. */
  readonly eventTimeStart?: Date;
  readonly eventTimeEnd?: Date;
  /** `--junit-xml <file>`. */
  readonly junitXml?: string;
  /** Check the compiled SQL with PostgreSQL's parser before running (default true; `--no-validate`). */
  readonly validate?: boolean;
  /** The project, when the caller has opened it already (retry). */
  readonly open?: OpenProject;
  /** Print failures as GitHub Actions `::error` annotations (in GitHub Actions, with text output). */
  readonly githubAnnotations?: boolean;
}

export interface RunOutcome {
  readonly results: readonly NodeResult[];
  readonly exitCode: ExitCode;
  readonly manifest: Manifest;
}

/** `strata run / seed / test / snapshot / build`: select, then build the selected nodes in dependency order. */
export async function runProject(options: RunProjectOptions): Promise<RunOutcome> {
  const started = Date.now();
  const open = options.open ?? (await openProject(options));
  // The profile's application_name when it sets one (a scheduler's job name), else what this run is;
  // it is what pg_stat_activity and a blocked run's lock message show.
  const configured = open.target.type === 'postgres' ? open.target.application_name : 'strata';
  const applicationName = configured !== 'strata' ? configured : `strata ${options.command}`;
  // The database is opened only once the project has compiled and its SQL checked out (opening PGlite
  // takes seconds), unless --defer must ask it which relations exist first.
  let opening: Promise<Adapter> | undefined;
  const database = (): Promise<Adapter> => (opening ??= openAdapter(open.target, { projectDir: open.projectDir, applicationName }));
  let results: NodeResult[] = [];
  let manifest: Manifest;
  let labels = new Map<string, NodeLabel>();
  let columnLineage: ProjectColumnLineage | undefined;
  let runEndFailed = false;
  /** Resolve to the error when writing them failed. */
  let writingCompiledFiles: Promise<Error | undefined> | undefined;
  let writingManifest: Promise<Error | undefined> | undefined;
  let lineage: LineageEmission | undefined;
  try {
    const loaded = await loadManifest({
      ...options,
      open,
      defaultResourceTypes: COMMAND_RESOURCE_TYPES[options.command],
      state: options.state,
      validate: options.validate ?? true,
      empty: options.empty,
      defer: options.defer
        ? {
            favorState: options.favorState,
            relationExists: async (relation) => (await (await database()).catalog.getRelation({ schema: relation.schema, identifier: relation.alias })) !== undefined,
          }
        : undefined,
    });
    // The compiled files of what runs, written on another thread while the run goes on.
    const executable = new Set([...loaded.selected].filter((id) => isExecutable(loaded.parsed.manifest.nodes[id])));
    writingCompiledFiles = writeCompiledFiles(open.projectDir, compiledFilesOf(loaded.parsed.manifest, executable, { withExecuteRender: false })).then(
      () => undefined,
      (error: Error) => error,
    );
    const adapter = await database();
    // The lock comes before any other use of the database: two runs must never touch the same target at once.
    const lock = await acquireRunLock(adapter, open.target, { lockTimeoutSeconds: options.lockTimeout ?? 0, applicationName, projectDir: open.projectDir });
    try {
      // Connect before the first node starts, so its time is its own.
      await adapter.serverVersion();
      manifest = loaded.parsed.manifest;
      columnLineage = loaded.columnLineage;
      // manifest.json is the parse's (a run renders again only what it executes, into target/compiled),
      // so it is written now, a megabyte at a time, while the nodes run.
      writingManifest = writeManifest(open.targetDir, manifest, manifest.metadata.generated_at, { columnLineage }).then(
        () => undefined,
        (error: Error) => error,
      );
      const { session, environment } = loaded.parsed;
      if (open.target.type === 'pglite') assertViewChainsFitPglite(manifest);
      const order = buildExecutionOrder(manifest, executable, { testsGateChildren: options.command === 'build' });
      labels = new Map<string, NodeLabel>(order.nodes.map((id) => [id, nodeLabel(manifest.nodes[id]!)]));
      const schemas = await createSchemas(adapter, order.nodes.map((id) => manifest.nodes[id]!));
      await runAllProjectHooks('on-run-start', loaded.parsed, adapter, { schemas });
      // Ctrl-C / SIGTERM: no new node starts, and the statements running now are cancelled (rolled back).
      options.signal?.addEventListener('abort', () => void adapter.cancel().catch(() => undefined), { once: true });

      const context: RunContext = {
        manifest,
        session,
        environment,
        adapter,
        databaseState: databaseStateFor(adapter),
        templateDatabase: liveTemplateDatabase(adapter),
        runId: randomUUID().replaceAll('-', '').slice(0, 10),
        fullRefresh: Boolean(options.fullRefresh),
        projectDir: open.projectDir,
        targetDir: open.targetDir,
        ownedViews: ownedViews(manifest),
        storeFailures: Boolean(options.storeFailures),
        compiledFolders: new Set(),
        eventTimeStart: options.eventTimeStart,
        eventTimeEnd: options.eventTimeEnd,
        empty: options.empty,
      };
      const total = order.nodes.length;
      if (options.openLineage) lineage = startLineage(options.openLineage, open, manifest, options.command, options.env ?? process.env);
      options.reporter.report({ kind: 'run_started', command: options.command, total, target: `${open.target.name} (${open.target.type})`, threads: Math.min(open.target.threads, adapter.maxConnections) });
      let index = 0;
      const indexOf = new Map<string, number>();
      results = await schedule({
        order,
        threads: Math.min(open.target.threads, adapter.maxConnections),
        failFast: options.failFast,
        signal: options.signal,
        execute: (id, threadId) => executeNode(context, id, threadId),
        // Quick data tests go several to a round trip; the sizer keeps slow ones alone.
        batching: {
          canBatch: (id) => canBatchDataTest(context, context.manifest.nodes[id]),
          executeBatch: (ids, threadId) => runDataTestBatch(context, ids, threadId, options.signal),
          sizer: new BatchSizer(),
        },
        onStart: (id) => {
          lineage?.transport.send(lineage.run.nodeStarted(id));
          indexOf.set(id, ++index);
          options.reporter.report({ kind: 'node_started', node: labels.get(id)!, index, total });
        },
        onResult: (result) => {
          lineage?.transport.send(lineage.run.nodeFinished(result));
          if (!indexOf.has(result.unique_id)) indexOf.set(result.unique_id, ++index);
          options.reporter.report({ kind: 'node_finished', node: labels.get(result.unique_id)!, result, index: indexOf.get(result.unique_id)!, total });
        },
      });
      try {
        await runAllProjectHooks('on-run-end', loaded.parsed, adapter, { schemas, results });
      } catch (error) {
        if (!(error instanceof StrataError)) throw error;
        // The nodes' results still count and are written; the run fails.
        options.reporter.report({ kind: 'error', error });
        runEndFailed = true;
      }
    } finally {
      await lock.release();
    }
  } catch (error) {
    // A run that stopped on an error after it started still ends in the lineage it began.
    await finishLineage(lineage, 'FAIL', options.reporter);
    throw error;
  } finally {
    // After release (which on PGlite already closed the database); closing twice is harmless.
    if (opening) await (await opening.catch(() => undefined))?.close().catch(() => undefined);
    // Finished even when the run failed, so that no half-written manifest.json.tmp stays behind.
    await writingManifest;
  }

  const elapsed = (Date.now() - started) / 1000;
  const writeError = await writingCompiledFiles;
  // The run itself is done and its results count; a file that could not be written is worth a warning, not a failure.
  if (writeError) options.reporter.report({ kind: 'warning', message: `could not write the compiled SQL under ${path.relative(process.cwd(), path.join(open.targetDir, 'compiled')) || '.'}: ${writeError.message}` });
  try {
    const manifestError = await writingManifest;
    if (manifestError) throw manifestError;
    await writeRunResults(open.targetDir, {
      results,
      elapsed,
      invocationId: randomUUID(),
      strataVersion: strataVersion(),
      args: { command: options.command, ...(options.args ?? {}) },
      relationNames: new Map(results.map((r) => [r.unique_id, manifest.nodes[r.unique_id]?.relation_name])),
    });
    if (options.junitXml) await writeJunitXml(options.junitXml, results, manifest, { suiteName: `strata ${options.command}`, elapsedSeconds: elapsed, timestamp: new Date(started).toISOString() });
  } catch (error) {
    await finishLineage(lineage, 'FAIL', options.reporter);
    throw error;
  }
  if (options.githubAnnotations) for (const line of githubAnnotations(results, manifest)) process.stdout.write(`${line}\n`);
  const exitCode = runEndFailed ? ExitCode.nodeFailed : exitCodeOf(results, options);
  await finishLineage(lineage, options.signal?.aborted ? 'ABORT' : exitCode === ExitCode.success ? 'COMPLETE' : 'FAIL', options.reporter);
  options.reporter.report({ kind: 'run_finished', results, elapsed, labels });
  return { results, exitCode, manifest };
}

/** The OpenLineage events of a run under way and where they go. */
interface LineageEmission {
  readonly run: OpenLineageRun;
  readonly transport: OpenLineageTransport;
  finished: boolean;
}

/** Sends the run's START; its datasets are named by where the target's relations live. */
function startLineage(destination: string, open: OpenProject, manifest: Manifest, command: string, env: Readonly<Record<string, string | undefined>>): LineageEmission {
  const target = open.target;
  const datasetNamespace = target.type === 'postgres' ? `postgres://${target.host}:${target.port}` : `pglite:${target.path}`;
  const run = new OpenLineageRun({ manifest, datasetNamespace, jobNamespace: env.OPENLINEAGE_NAMESPACE || 'default', command });
  const transport = new OpenLineageTransport(destination, env.OPENLINEAGE_API_KEY || undefined);
  transport.send(run.started());
  return { run, transport, finished: false };
}

/** Sends the run's end once and waits for the events under way; one that could not be sent is a warning, never a failure. */
async function finishLineage(lineage: LineageEmission | undefined, outcome: 'COMPLETE' | 'FAIL' | 'ABORT', reporter: RunProjectOptions['reporter']): Promise<void> {
  if (!lineage || lineage.finished) return;
  lineage.finished = true;
  lineage.transport.send(lineage.run.finished(outcome));
  const warning = await lineage.transport.close();
  if (warning) reporter.report({ kind: 'warning', message: warning });
}

/**
 * Creates the schemas the run builds into, one after another, before any node starts (as dbt does):
 * `create schema if not exists` from several sessions at once can still collide in PostgreSQL's catalog.
 */
async function createSchemas(adapter: Adapter, nodes: readonly GraphNode[]): Promise<string[]> {
  const schemas = new Set<string>();
  for (const node of nodes) {
    if (node.resource_type === 'test') continue; // the audit schema is created only when failures are stored
    schemas.add(relationOf(node).schema);
  }
  const sorted = [...schemas].sort();
  for (const schema of sorted) await adapter.catalog.createSchema(schema);
  return sorted;
}

/** Ephemeral models are inlined into their children and analyses are only compiled: neither runs. */
function isExecutable(node: GraphNode | undefined): boolean {
  if (!node) return false;
  if (node.resource_type === 'analysis') return false;
  return !(node.resource_type === 'model' && node.config.materialized === 'ephemeral');
}

function ownedViews(manifest: Manifest): Map<string, string> {
  const views = new Map<string, string>();
  for (const node of Object.values(manifest.nodes))
    if (node.resource_type === 'model' && node.config.materialized === 'view' && node.compiled_code !== undefined && !node.needs_execute_render)
      views.set(relationKey({ database: node.database, schema: node.schema, identifier: node.alias }), node.compiled_code);
  return views;
}

function exitCodeOf(results: readonly NodeResult[], options: RunProjectOptions): ExitCode {
  if (options.signal?.aborted) return options.signal.reason === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted;
  const failed = results.some((r) => isFailure(r.status) || (options.warnError && r.status === 'warn'));
  return failed ? ExitCode.nodeFailed : ExitCode.success;
}
