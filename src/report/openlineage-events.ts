/**
 * OpenLineage run events (https://openlineage.io/spec/2-0-2/OpenLineage.json) for a run and its
 * nodes: the format Airflow, Marquez and other lineage tools read. The run is a parent job; each
 * node that executes is a child job with the relations it reads as inputs and the one it builds as
 * output. Building events is pure; openlineage-transport.ts sends them.
 */
import { randomUUID } from 'node:crypto';
import type { NodeResult } from '../execute/results.js';
import type { GraphNode, Manifest } from '../parse/manifest.js';
import { strataVersion } from '../version.js';

export const RUN_EVENT_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const PARENT_FACET_SCHEMA_URL = 'https://openlineage.io/spec/facets/1-1-0/ParentRunFacet.json#/$defs/ParentRunFacet';

export type RunEventType = 'START' | 'COMPLETE' | 'FAIL' | 'ABORT';

export interface OpenLineageDataset {
  readonly namespace: string;
  readonly name: string;
}

export interface OpenLineageRunEvent {
  readonly eventType: RunEventType;
  readonly eventTime: string;
  readonly run: { readonly runId: string; readonly facets?: Readonly<Record<string, unknown>> };
  readonly job: { readonly namespace: string; readonly name: string };
  readonly inputs: readonly OpenLineageDataset[];
  readonly outputs: readonly OpenLineageDataset[];
  readonly producer: string;
  readonly schemaURL: string;
}

export interface OpenLineageRunSettings {
  readonly manifest: Manifest;
  /** The namespace of the datasets: where the relations live (`postgres://host:5432`). */
  readonly datasetNamespace: string;
  /** The namespace of the jobs: the scheduler's (OPENLINEAGE_NAMESPACE, else `default`). */
  readonly jobNamespace: string;
  /** `run`, `build`, … : the parent job is `strata-<command>-<project>`. */
  readonly command: string;
}

/** What strata's events say produced them. */
export function producer(): string {
  return `urn:strata:${strataVersion()}`;
}

/** The events of one run: the parent run's start and end, and each node's start and end under it. */
export class OpenLineageRun {
  readonly runId = randomUUID();
  private readonly nodeRuns = new Map<string, string>();
  private readonly parentJob: { namespace: string; name: string };

  constructor(private readonly settings: OpenLineageRunSettings) {
    this.parentJob = { namespace: settings.jobNamespace, name: `strata-${settings.command}-${settings.manifest.metadata.project_name}` };
  }

  started(at = new Date()): OpenLineageRunEvent {
    return this.event('START', at, { runId: this.runId }, this.parentJob, [], []);
  }

  /** The end of the whole run: COMPLETE when it succeeded, FAIL when a node failed, ABORT when interrupted. */
  finished(outcome: 'COMPLETE' | 'FAIL' | 'ABORT', at = new Date()): OpenLineageRunEvent {
    return this.event(outcome, at, { runId: this.runId }, this.parentJob, [], []);
  }

  nodeStarted(uniqueId: string, at = new Date()): OpenLineageRunEvent | undefined {
    const node = this.settings.manifest.nodes[uniqueId];
    if (!node) return undefined;
    const runId = randomUUID();
    this.nodeRuns.set(uniqueId, runId);
    return this.nodeEvent('START', node, runId, at);
  }

  /** The end of a node's run; undefined for a node that never started (skipped). */
  nodeFinished(result: NodeResult, at = new Date()): OpenLineageRunEvent | undefined {
    const node = this.settings.manifest.nodes[result.unique_id];
    const runId = this.nodeRuns.get(result.unique_id);
    if (!node || !runId) return undefined;
    const failed = result.status === 'error' || result.status === 'fail';
    return this.nodeEvent(failed ? 'FAIL' : 'COMPLETE', node, runId, at);
  }

  private nodeEvent(eventType: RunEventType, node: GraphNode, runId: string, at: Date): OpenLineageRunEvent {
    const parent = {
      _producer: producer(),
      _schemaURL: PARENT_FACET_SCHEMA_URL,
      run: { runId: this.runId },
      job: this.parentJob,
    };
    return this.event(eventType, at, { runId, facets: { parent } }, { namespace: this.settings.jobNamespace, name: node.unique_id }, this.inputsOf(node), this.outputsOf(node));
  }

  private event(
    eventType: RunEventType,
    at: Date,
    run: OpenLineageRunEvent['run'],
    job: OpenLineageRunEvent['job'],
    inputs: readonly OpenLineageDataset[],
    outputs: readonly OpenLineageDataset[],
  ): OpenLineageRunEvent {
    return { eventType, eventTime: at.toISOString(), run, job, inputs, outputs, producer: producer(), schemaURL: RUN_EVENT_SCHEMA_URL };
  }

  /** The relations a node reads: its parents', looking through ephemeral models to what they read. */
  private inputsOf(node: GraphNode): OpenLineageDataset[] {
    const { manifest } = this.settings;
    const inputs = new Map<string, OpenLineageDataset>();
    const seen = new Set<string>();
    const visit = (ids: readonly string[]) => {
      for (const id of ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        const source = manifest.sources[id];
        if (source) {
          inputs.set(id, this.dataset(source.database, source.schema, source.identifier));
          continue;
        }
        const parent = manifest.nodes[id];
        if (!parent) continue;
        if (parent.config.materialized === 'ephemeral' && 'depends_on' in parent) visit(parent.depends_on.nodes);
        else if ('alias' in parent && parent.resource_type !== 'test' && parent.resource_type !== 'unit_test') inputs.set(id, this.dataset(parent.database, parent.schema, parent.alias));
      }
    };
    if ('depends_on' in node) visit(node.depends_on.nodes);
    return [...inputs.values()];
  }

  /** The relation a node builds: a model's (not an ephemeral one's), a seed's or a snapshot's. */
  private outputsOf(node: GraphNode): OpenLineageDataset[] {
    const builds = node.resource_type === 'model' || node.resource_type === 'seed' || node.resource_type === 'snapshot';
    if (!builds || node.config.materialized === 'ephemeral' || !('alias' in node)) return [];
    return [this.dataset(node.database, node.schema, node.alias)];
  }

  private dataset(database: string, schema: string, identifier: string): OpenLineageDataset {
    return { namespace: this.settings.datasetNamespace, name: `${database}.${schema}.${identifier}` };
  }
}
