/** `--select a b,c` / `--exclude …`: space-separated criteria are a union, comma-joined ones an intersection. */
import { parseCriterion } from './parse-criterion.js';
import { selectionSet, type IndirectSelection, type SelectionSet, type SpecOrigin } from './spec.js';

/**
 * Parses the values of one flag (each may hold several space-separated criteria) into a union.
 * Without `indirectSelection` the criteria follow the run's mode.
 */
export function parseSelectionFlag(values: readonly string[], flag: string, indirectSelection?: IndirectSelection): SelectionSet {
  const origin: SpecOrigin = { kind: 'flag', flag };
  const words = values.flatMap((v) => v.split(/\s+/)).filter((w) => w !== '');
  const union = words.map((word) =>
    selectionSet(
      'intersection',
      word.split(',').map((part) => parseCriterion(part, origin, indirectSelection)),
      origin,
      { raw: word, expectExists: true, indirectSelection },
    ),
  );
  return selectionSet('union', union, origin, { raw: words.join(' '), indirectSelection });
}
