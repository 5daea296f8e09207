import { describe, expect, it } from 'vitest';
import { buildExecutionOrder, downstreamOf } from './execution-order.js';
import { selectNodes } from './select-nodes.js';
import { ManifestBuilder } from './testing/manifest-builder.js';

/** raw seed → stg (with a not_null test) → fct (with a unit test and a data test) → report. */
function project() {
  return new ManifestBuilder()
    .seed('raw_scores')
    .model('stg_scores', { deps: ['raw_scores'] })
    .genericTest('not_null', 'stg_scores', { column: 'id' })
    .model('fct_scores', { deps: ['stg_scores'] })
    .genericTest('unique', 'fct_scores', { column: 'id' })
    .unitTest('scores_add_up', 'fct_scores')
    .model('report', { deps: ['fct_scores'] })
    .build();
}

const UNIT = 'unit_test.p.scores_add_up';

describe('unit tests in selection and execution order', () => {
  it('selecting a model picks its unit tests, as its data tests', () => {
    const manifest = project();
    const { selected } = selectNodes(manifest, { select: ['fct_scores'], resourceTypes: ['test', 'unit_test'] });
    expect([...selected].sort()).toEqual(['test.p.unique_fct_scores_id', UNIT]);
    expect([...selectNodes(manifest, { select: ['test_type:unit'] }).selected]).toEqual([UNIT]);
  });

  it('build runs a unit test after the model’s parents and their tests, and the model after it', () => {
    const manifest = project();
    const order = buildExecutionOrder(manifest, selectNodes(manifest).selected, { testsGateChildren: true });
    expect([...order.upstream.get(UNIT)!].sort()).toEqual(['model.p.stg_scores', 'test.p.not_null_stg_scores_id']);
    expect(order.upstream.get('model.p.fct_scores')).toContain(UNIT);
    // A failing unit test skips the model and everything built from it.
    expect(downstreamOf(order, UNIT).sort()).toEqual(['model.p.fct_scores', 'model.p.report', 'test.p.unique_fct_scores_id']);
  });

  it('test runs a unit test without waiting for anything: its inputs are fixtures', () => {
    const manifest = project();
    const { selected } = selectNodes(manifest, { select: ['fct_scores'], resourceTypes: ['test', 'unit_test'] });
    const order = buildExecutionOrder(manifest, selected);
    expect(order.upstream.get(UNIT)).toEqual([]);
    expect(order.upstream.get('test.p.unique_fct_scores_id')).toEqual([]);
  });
});
