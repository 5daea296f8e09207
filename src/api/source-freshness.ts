import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { openAdapter } from '../adapters/open-adapter.js';
import { writeManifest } from '../artifacts/manifest-json.js';
import { ExitCode } from '../errors/strata-error.js';
import type { NodeResult } from '../execute/results.js';
import type { FreshnessCheck } from '../freshness/check-freshness.js';
import { runFreshnessChecks } from '../freshness/run-freshness-checks.js';
import { freshnessCheckFor } from '../freshness/source-freshness-config.js';
import { writeSourcesJson, type SourceFreshnessResult } from '../freshness/sources-json.js';
import type { Manifest } from '../parse/manifest.js';
import type { NodeLabel } from '../report/events.js';
import { loadManifest } from './load-manifest.js';
import { openProject } from './open-project.js';
import type { ProjectOptions, SelectionOptions } from './options.js';
import type { PreviousState } from '../graph/index.js';

export interface SourceFreshnessOptions extends ProjectOptions, SelectionOptions {
  /** Where sources.json goes (`--output`); relative to the working directory. Default: `<target>/sources.json`. */
  readonly output?: string;
  /** Aborted on Ctrl-C / SIGTERM: no further source is checked. */
  readonly signal?: AbortSignal;
  /** `--state <dir>` already loaded, for `state:` selection. */
  readonly state?: PreviousState;
}

export interface SourceFreshnessOutcome {
  readonly results: readonly SourceFreshnessResult[];
  /** 1 when a source is past its error_after or could not be checked, as in dbt. */
  readonly exitCode: ExitCode;
  readonly manifest: Manifest;
  /** The sources.json written. */
  readonly outputPath: string;
}

/**
 * `strata source freshness`: for each selected source table with freshness criteria, the age of
 * its newest `loaded_at_field` against `warn_after` / `error_after`, written to sources.json.
 * Only reads the database, so it takes no run lock.
 */
export async function sourceFreshness(options: SourceFreshnessOptions): Promise<SourceFreshnessOutcome> {
  const started = Date.now();
  const open = await openProject(options);
  const loaded = await loadManifest({ ...options, open, defaultResourceTypes: ['source'], state: options.state });
  const manifest = loaded.parsed.manifest;
  const checks = [...loaded.selected]
    .sort()
    .map((id) => manifest.sources[id])
    .flatMap((source) => {
      const check = source && freshnessCheckFor(source, open.project);
      return check ? [check] : [];
    });
  const outputPath = options.output ? path.resolve(options.output) : path.join(open.targetDir, 'sources.json');

  let results: SourceFreshnessResult[] = [];
  const nodeResults: NodeResult[] = [];
  const labels = new Map<string, NodeLabel>(checks.map((check) => [check.unique_id, freshnessLabel(check)]));
  if (checks.length === 0) {
    options.reporter.report({ kind: 'warning', message: 'No selected source has freshness criteria (freshness: with warn_after or error_after); nothing to check' });
  } else {
    const adapter = await openAdapter(open.target, { projectDir: open.projectDir, applicationName: 'strata source freshness' });
    try {
      // Connect first, so an unreachable database fails the command (exit 3) instead of every source.
      await adapter.serverVersion();
      const threads = Math.min(open.target.threads, adapter.maxConnections);
      const total = checks.length;
      options.reporter.report({ kind: 'run_started', command: 'source freshness', total, target: `${open.target.name} (${open.target.type})`, threads });
      let index = 0;
      const indexOf = new Map<string, number>();
      results = await runFreshnessChecks({
        adapter,
        checks,
        threads,
        signal: options.signal,
        onStart: (check) => {
          indexOf.set(check.unique_id, ++index);
          options.reporter.report({ kind: 'node_started', node: labels.get(check.unique_id)!, index, total });
        },
        onResult: (check, _result, nodeResult) => {
          nodeResults.push(nodeResult);
          options.reporter.report({ kind: 'node_finished', node: labels.get(check.unique_id)!, result: nodeResult, index: indexOf.get(check.unique_id)!, total });
        },
      });
    } finally {
      await adapter.close();
    }
  }

  const elapsed = (Date.now() - started) / 1000;
  const invocationId = randomUUID();
  await writeManifest(open.targetDir, manifest, invocationId);
  await writeSourcesJson(outputPath, { results, elapsed, invocationId, generatedAt: new Date().toISOString() });
  if (checks.length > 0) options.reporter.report({ kind: 'run_finished', results: nodeResults, elapsed, labels });
  return { results, exitCode: exitCodeOf(results, options.signal), manifest, outputPath };
}

/** Progress lines read as dbt's: `PASS freshness of raw.orders`. */
function freshnessLabel(check: FreshnessCheck): NodeLabel {
  return { unique_id: check.unique_id, resource_type: 'source', kind: 'freshness of', display: check.display };
}

function exitCodeOf(results: readonly SourceFreshnessResult[], signal: AbortSignal | undefined): ExitCode {
  if (signal?.aborted) return ExitCode.interrupted;
  return results.some((r) => r.status === 'error' || r.status === 'runtime error') ? ExitCode.nodeFailed : ExitCode.success;
}
