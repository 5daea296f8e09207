/** Test methods: `test_type:generic|singular|data|unit`, `test_name:unique`, `unit_test:name`. */
import type { GraphNode } from '../../../parse/manifest.js';
import { fnmatch } from '../../glob.js';
import { selectionError } from '../selection-error.js';
import { idsWhere, type SelectorMethod } from './method.js';

const TEST_TYPES: Record<string, (node: GraphNode) => boolean> = {
  generic: (n) => isDataTest(n) && n.test_metadata !== undefined,
  // `schema` is dbt's former name for generic tests.
  schema: (n) => isDataTest(n) && n.test_metadata !== undefined,
  singular: (n) => isDataTest(n) && n.test_metadata === undefined,
  data: (n) => isDataTest(n),
  unit: (n) => isUnitTest(n),
};

export const testTypeMethod: SelectorMethod = (context, criterion) => {
  const predicate = TEST_TYPES[criterion.value];
  if (!predicate) {
    throw selectionError(
      criterion.origin,
      `'${criterion.raw}': invalid test type '${criterion.value}'`,
      'Expected one of: generic, singular, data, unit.',
    );
  }
  return idsWhere(context.index.parsed, predicate);
};

export const testNameMethod: SelectorMethod = (context, { value }) =>
  idsWhere(context.index.parsed, (node) => {
    if (!isDataTest(node) || !node.test_metadata) return false;
    const { name, namespace } = node.test_metadata;
    return fnmatch(name, value) || (namespace !== undefined && fnmatch(`${namespace}.${name}`, value));
  });

export const unitTestMethod: SelectorMethod = (context, { value }) =>
  idsWhere(context.index.parsed, (node) => isUnitTest(node) && (fnmatch(node.name, value) || fnmatch(`${node.package_name}.${node.name}`, value)));

function isDataTest(node: GraphNode): node is Extract<GraphNode, { resource_type: 'test' }> {
  return node.resource_type === 'test';
}

function isUnitTest(node: GraphNode): boolean {
  return (node.resource_type as string) === 'unit_test';
}
