/** `result:error|fail|warn|success|skipped|pass` — nodes with that status in the previous run_results. */
import { selectionError } from '../selection-error.js';
import type { SelectorMethod } from './method.js';

const STATUSES = ['success', 'error', 'fail', 'warn', 'skipped', 'pass', 'runtime error'];

export const resultMethod: SelectorMethod = (context, criterion) => {
  if (!STATUSES.includes(criterion.value)) {
    throw selectionError(criterion.origin, `'${criterion.raw}': unknown result status '${criterion.value}'`, `Expected one of: ${STATUSES.join(', ')}.`);
  }
  const runResults = context.state?.runResults;
  if (!runResults) {
    throw selectionError(
      criterion.origin,
      `'${criterion.raw}' needs the previous run's results, but none were given`,
      'Pass --state <dir> pointing at a folder with run_results.json.',
    );
  }
  const matching = new Set(runResults.results.filter((r) => r.status === criterion.value).map((r) => r.unique_id));
  return [...matching].filter((id) => context.index.byId.has(id));
};
