import { describe, expect, it } from 'vitest';
import { differingRowCount, diffRowsOf } from './comparison.js';
import { formatRowDiff } from './row-diff.js';

describe('row diff of a failed unit test', () => {
  const diff = diffRowsOf([
    { player_id: 1, points: '21.00', __strata_actual_count: 1, __strata_expected_count: 0 },
    { player_id: 1, points: '20.5', __strata_actual_count: 0, __strata_expected_count: 1 },
    { player_id: 2, points: null, __strata_actual_count: 3, __strata_expected_count: 1 },
  ]);

  it('counts each surplus or missing copy of a row', () => {
    expect(differingRowCount(diff)).toBe(4);
  });

  it('lists missing rows (---) then unexpected rows (+++), aligned under the column names', () => {
    expect(formatRowDiff(['player_id', 'points'], diff)).toEqual([
      'actual differs from expected: 1 expected row missing, 3 unexpected rows',
      '    | player_id | points',
      '--- | 1         | 20.5',
      '+++ | 1         | 21.00',
      '+++ | 2         | null',
      '+++ | 2         | null',
      '(--- expected but missing from the model, +++ returned by the model but not expected)',
    ]);
  });

  it('shows at most twenty rows and counts the rest', () => {
    const many = diffRowsOf([{ id: 1, __strata_actual_count: 25, __strata_expected_count: 0 }]);
    const lines = formatRowDiff(['id'], many);
    expect(lines.filter((l) => l.startsWith('+++'))).toHaveLength(20);
    expect(lines).toContain('… and 5 more');
  });
});
