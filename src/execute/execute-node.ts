import { StrataError } from '../errors/strata-error.js';
import type { GraphNode } from '../parse/manifest.js';
import { materializeNode } from './materialize-node.js';
import type { NodeResult, TimingEntry } from './results.js';
import type { RunContext } from './run-context.js';
import { runDataTest } from './run-data-test.js';
import { runUnitTest } from '../unit-tests/run-unit-test.js';

/** What a node's execution produced, before timing is added. */
export type NodeOutcome = Omit<NodeResult, 'unique_id' | 'execution_time' | 'timing' | 'thread_id'>;

/** Executes one node and never throws: a failure becomes an `error` result with the message a user acts on. */
export async function executeNode(context: RunContext, uniqueId: string, threadId: string): Promise<NodeResult> {
  const started = new Date();
  const node = context.manifest.nodes[uniqueId];
  let outcome: NodeOutcome;
  try {
    if (!node) throw new StrataError('unknown_node', `no node ${uniqueId} in the manifest`);
    outcome = await outcomeOf(context, node);
  } catch (error) {
    outcome = errorOutcome(error, node);
  }
  return nodeResult(uniqueId, outcome, started, new Date(), threadId);
}

/** A node's result: its outcome with the time it ran, on the worker it ran on. */
export function nodeResult(uniqueId: string, outcome: NodeOutcome, started: Date, completed: Date, threadId: string): NodeResult {
  const timing: TimingEntry[] = [{ name: 'execute', started_at: started.toISOString(), completed_at: completed.toISOString() }];
  return { unique_id: uniqueId, execution_time: (completed.getTime() - started.getTime()) / 1000, timing, thread_id: threadId, ...outcome };
}

function outcomeOf(context: RunContext, node: GraphNode): Promise<NodeOutcome> {
  switch (node.resource_type) {
    case 'test':
      return runDataTest(context, node);
    case 'model':
    case 'seed':
    case 'snapshot':
      return materializeNode(context, node);
    case 'analysis':
      return Promise.resolve({ status: 'success', message: 'analysis compiled (not run)', adapter_response: {} });
    case 'unit_test':
      return runUnitTest(context, node);
  }
}

/** An error as a result: the message with its location, so the summary says where to look. */
export function errorOutcome(error: unknown, node: GraphNode | undefined): NodeOutcome {
  const message = error instanceof Error ? error.message : String(error);
  const where = error instanceof StrataError ? error.where : undefined;
  const file = node?.original_file_path;
  const located = where ? `${where}: ${message}` : file ? `${file}: ${message}` : message;
  const hint = error instanceof StrataError && error.hint ? `\n  hint: ${error.hint}` : '';
  return {
    status: 'error',
    message: `${located}${hint}`,
    adapter_response: {},
    ...(node && 'compiled_path' in node && node.compiled_path ? { compiled_path: node.compiled_path } : {}),
  };
}
