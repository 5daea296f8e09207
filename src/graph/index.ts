/** The public API of the graph stage: the DAG, node selection, selectors.yml, and the execution order. */
export { buildProjectGraph, type ProjectGraph, type DagNodeAttributes } from './dag.js';
export { findCycle, assertAcyclic } from './cycle.js';
export { ancestorsOf, descendantsOf, childrensParents } from './traversal.js';
export { selectNodes, type SelectNodesOptions, type SelectionResult } from './select-nodes.js';
export { loadSelectorsFile, parseSelectorsFile, type SelectorsFileOptions } from './selectors-file.js';
export { defaultSelector, type NamedSelector, type NamedSelectors } from './select/named-selectors.js';
export { INDIRECT_SELECTION_MODES, type IndirectSelection } from './select/spec.js';
export type { PreviousState, PreviousManifest, PreviousNode, PreviousMacro, PreviousRunResults } from './state/previous-state.js';
export {
  buildExecutionOrder,
  executionOrderOf,
  downstreamOf,
  type ExecutionOrder,
  type ExecutionOrderOptions,
} from './execution-order.js';
export { withTestGateEdges, testGateEdges } from './test-gate-edges.js';
