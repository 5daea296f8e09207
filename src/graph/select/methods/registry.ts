/** Every selection method by name; a new method name without an entry here does not compile. */
import type { MethodName } from '../spec.js';
import { configMethod } from './config.js';
import { fqnMethod } from './fqn.js';
import type { SelectorMethod } from './method.js';
import { accessMethod, groupMethod, packageMethod, resourceTypeMethod, tagMethod } from './node-attributes.js';
import { fileMethod, pathMethod } from './path.js';
import { resultMethod } from './result.js';
import { sourceMethod } from './source.js';
import { stateMethod } from './state.js';
import { testNameMethod, testTypeMethod, unitTestMethod } from './tests.js';
import { versionMethod } from './version.js';

/** dbt methods for resources strata does not have: they match nothing, with a warning. */
const absentResource =
  (resource: string): SelectorMethod =>
  (context, criterion) => {
    context.warnings.push(`'${criterion.raw}' selects ${resource}, which strata projects do not have; it matches nothing.`);
    return [];
  };

/** Methods evaluated against the manifest. `selector:` is evaluated by the evaluator itself. */
export const SELECTOR_METHODS: Record<Exclude<MethodName, 'selector'>, SelectorMethod> = {
  fqn: fqnMethod,
  tag: tagMethod,
  group: groupMethod,
  access: accessMethod,
  source: sourceMethod,
  path: pathMethod,
  file: fileMethod,
  package: packageMethod,
  config: configMethod,
  test_name: testNameMethod,
  test_type: testTypeMethod,
  resource_type: resourceTypeMethod,
  state: stateMethod,
  result: resultMethod,
  version: versionMethod,
  unit_test: unitTestMethod,
  exposure: absentResource('exposures'),
  metric: absentResource('metrics'),
  semantic_model: absentResource('semantic models'),
  saved_query: absentResource('saved queries'),
  source_status: absentResource('source freshness results'),
};
