import { describe, expect, it } from 'vitest';
import { buildExecutionOrder, downstreamOf } from './execution-order.js';
import { selectNodes } from './select-nodes.js';
import { testGateEdges } from './test-gate-edges.js';
import { buildProjectGraph } from './dag.js';
import { sampleProject } from './testing/sample-project.js';
import { ManifestBuilder } from './testing/manifest-builder.js';

const manifest = sampleProject();

function positionsOf(order: readonly string[]): Map<string, number> {
  return new Map(order.map((id, i) => [id, i]));
}

describe('execution order', () => {
  it('orders every selected node after the selected nodes it waits for', () => {
    const { selected } = selectNodes(manifest);
    const order = buildExecutionOrder(manifest, selected);
    expect(order.nodes).toHaveLength(selected.size);
    const position = positionsOf(order.nodes);
    for (const [id, waits] of order.upstream) for (const w of waits) expect(position.get(w)!).toBeLessThan(position.get(id)!);
    expect([...order.upstream.get('model.p.dim_players')!].sort()).toEqual(['model.p.stg_players', 'model.p.stg_teams', 'seed.p.country_codes']);
  });

  it('keeps the order through unselected nodes in between', () => {
    const selected = new Set(['model.p.stg_players', 'model.p.fct_games', 'model.p.report']);
    const order = buildExecutionOrder(manifest, selected);
    expect(order.nodes).toEqual(['model.p.stg_players', 'model.p.fct_games', 'model.p.report']);
    expect(order.upstream.get('model.p.fct_games')).toEqual(['model.p.stg_players']);
    expect(order.downstream.get('model.p.stg_players')).toEqual(['model.p.fct_games']);
  });

  it('gives the selected descendants of a failed node, to skip', () => {
    const order = buildExecutionOrder(manifest, selectNodes(manifest).selected);
    expect(downstreamOf(order, 'model.p.fct_games').sort()).toEqual([
      'model.p.report', 'test.p.assert_positive_scores', 'test.p.relationships_fct_games_player_id',
    ]);
    expect(downstreamOf(order, 'model.p.report')).toEqual([]);
  });

  it('for build, makes children wait for the tests of their parents, so a failing test skips them', () => {
    const order = buildExecutionOrder(manifest, selectNodes(manifest).selected, { testsGateChildren: true });
    expect(order.upstream.get('model.p.dim_players')).toContain('test.p.not_null_stg_players_player_id');
    expect(order.upstream.get('model.p.stg_players')).toContain('test.p.not_null_raw_players_id');
    expect(downstreamOf(order, 'test.p.unique_dim_players_player_id').sort()).toEqual([
      'model.p.fct_games', 'model.p.report', 'test.p.assert_positive_scores', 'test.p.relationships_fct_games_player_id',
    ]);
    const position = positionsOf(order.nodes);
    expect(position.get('test.p.unique_dim_players_player_id')!).toBeLessThan(position.get('model.p.fct_games')!);
  });

  it('gates on a test of several nodes at the first node descending from all of them', () => {
    // a → x → z ← y ← b ; relationships test on (a, b); z is the first node below both.
    const m = new ManifestBuilder('p')
      .model('a').model('b')
      .model('x', { deps: ['a'] }).model('y', { deps: ['b'] })
      .model('z', { deps: ['x', 'y'] }).model('after_z', { deps: ['z'] })
      .genericTest('relationships', 'a', { column: 'id', alsoDependsOn: ['b'] })
      .build();
    const edges = testGateEdges(buildProjectGraph(m), m);
    expect(edges).toEqual([['test.p.relationships_a_id', 'model.p.z']]);
  });
});

describe('a graph of 10,000 models', () => {
  // Speed is measured by the compile benchmark under bench/, never by a timed test.
  it('selects and orders every node once, parents first', () => {
    const b = new ManifestBuilder('p');
    for (let i = 0; i < 100; i++) b.source('raw', `t${i}`);
    for (let i = 0; i < 10_000; i++) {
      const deps = i < 100 ? [`source:raw.t${i}`] : [`model.p.m${i - 100}`, `model.p.m${Math.floor(i / 2)}`];
      b.model(`m${i}`, { deps, path: `layer${i % 10}/m${i}.sql`, tags: i % 7 === 0 ? ['weekly'] : [] });
      if (i % 3 === 0) b.genericTest('not_null', `model.p.m${i}`, { column: 'id' });
    }
    const m = b.build();
    buildProjectGraph(m);
    expect(selectNodes(m, { select: ['m9999'], indirectSelection: 'empty' }).selected).toEqual(new Set(['model.p.m9999']));
    expect(selectNodes(m, { select: ['tag:weekly,path:models/layer3'], indirectSelection: 'empty' }).selected.size).toBe(
      [...Array(10_000).keys()].filter((i) => i % 7 === 0 && i % 10 === 3).length,
    );
    const all = selectNodes(m, { exclude: ['m42+'] }).selected;
    expect(all.has('model.p.m42')).toBe(false);
    const order = buildExecutionOrder(m, all, { testsGateChildren: true });
    expect(new Set(order.nodes).size).toBe(order.nodes.length);
    expect(order.nodes.length).toBe(all.size);
    const position = new Map(order.nodes.map((id, i) => [id, i]));
    for (const id of order.nodes) for (const parent of order.upstream.get(id) ?? []) expect(position.get(parent)!).toBeLessThan(position.get(id)!);
  });
});
