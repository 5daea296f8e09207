import { describe, expect, it } from 'vitest';
import { CompileError } from '../errors/strata-error.js';
import { buildProjectGraph } from './dag.js';
import { projectAdjacency } from './adjacency.js';
import { assertAcyclic, findCycle } from './cycle.js';
import { ancestorsOf, childrensParents, descendantsOf } from './traversal.js';
import { sampleProject } from './testing/sample-project.js';
import { ManifestBuilder } from './testing/manifest-builder.js';

describe('the project DAG', () => {
  const manifest = sampleProject();
  const graph = buildProjectGraph(manifest);

  it('has a node per manifest node and source, and edges from parents to children and tests', () => {
    expect(graph.order).toBe(Object.keys(manifest.nodes).length + Object.keys(manifest.sources).length);
    expect(graph.outNeighbors('source.p.raw.players').sort()).toEqual(['model.p.stg_players', 'test.p.not_null_raw_players_id']);
    expect(graph.inNeighbors('test.p.relationships_fct_games_player_id').sort()).toEqual(['model.p.dim_players', 'model.p.fct_games']);
    expect(graph.getNodeAttribute('seed.p.country_codes', 'resourceType')).toBe('seed');
  });

  it('is built once per manifest', () => {
    expect(buildProjectGraph(manifest)).toBe(graph);
  });

  it('links a generic test to the node it is attached to even without a ref', () => {
    const base = new ManifestBuilder('p').model('a').genericTest('unique', 'a', { column: 'id' }).build();
    const node = base.nodes['test.p.unique_a_id']!;
    const withoutRef = { ...base, nodes: { ...base.nodes, [node.unique_id]: { ...node, depends_on: { nodes: [], macros: [] } } } };
    expect(buildProjectGraph(withoutRef).inNeighbors('test.p.unique_a_id')).toEqual(['model.p.a']);
  });

  it('walks ancestors and descendants with and without depth limits', () => {
    const adjacency = projectAdjacency(manifest);
    expect([...ancestorsOf(adjacency, ['model.p.fct_games'], 1)]).toEqual(['model.p.dim_players']);
    expect(ancestorsOf(adjacency, ['model.p.fct_games']).size).toBe(6);
    expect([...descendantsOf(adjacency, ['model.p.fct_games'])].sort()).toEqual([
      'model.p.report', 'test.p.assert_positive_scores', 'test.p.relationships_fct_games_player_id',
    ]);
    expect(childrensParents(adjacency, ['model.p.report'])).toEqual(new Set(['model.p.report', ...ancestorsOf(adjacency, ['model.p.report'])]));
  });

  it("lists each node's parents and children as the graphology graph orders them", () => {
    const parents = new Map<string, string[]>(graph.nodes().map((id) => [id, []]));
    const children = new Map<string, string[]>(graph.nodes().map((id) => [id, []]));
    graph.forEachEdge((_edge, _attributes, source, target) => {
      children.get(source)!.push(target);
      parents.get(target)!.push(source);
    });
    const adjacency = projectAdjacency(manifest);
    expect([...adjacency.children]).toEqual([...children]);
    expect([...adjacency.parents]).toEqual([...parents]);
    expect(adjacency.parents.get('test.p.relationships_fct_games_player_id')).toEqual(['model.p.dim_players', 'model.p.fct_games']);
  });
});

describe('cycles', () => {
  it('raises a CompileError listing the cycle path and each member’s file', () => {
    const manifest = new ManifestBuilder('p')
      .model('a', { deps: ['c'], path: 'staging/a.sql' })
      .model('b', { deps: ['a'] })
      .model('c', { deps: ['b'], path: 'marts/c.sql' })
      .model('d', { deps: ['a'] })
      .build();
    let error: unknown;
    try {
      buildProjectGraph(manifest);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    const e = error as CompileError;
    expect(e.code).toBe('cycle');
    expect(e.message).toBe(
      [
        'Found a cycle: model.p.a → model.p.b → model.p.c → model.p.a',
        '  model.p.a (models/staging/a.sql)',
        '  model.p.b (models/b.sql)',
        '  model.p.c (models/marts/c.sql)',
      ].join('\n'),
    );
    expect(e.location).toEqual({ file: 'models/staging/a.sql' });
    expect(e.hint).toContain('ref()');
  });

  it('reports a node depending on itself', () => {
    const manifest = new ManifestBuilder('p').model('a').build();
    const a = manifest.nodes['model.p.a']!;
    const selfRef = { ...manifest, nodes: { 'model.p.a': { ...a, depends_on: { nodes: ['model.p.a'], macros: [] } } } };
    expect(() => buildProjectGraph(selfRef)).toThrow('Found a cycle: model.p.a → model.p.a');
  });

  it('finds no cycle in a long chain without overflowing the stack', () => {
    const b = new ManifestBuilder('p').model('m0');
    for (let i = 1; i < 20_000; i++) b.model(`m${i}`, { deps: [`model.p.m${i - 1}`] });
    const chain = b.build();
    expect(() => assertAcyclic(chain)).not.toThrow();
    expect(findCycle(projectAdjacency(chain))).toBeUndefined();
    expect(buildProjectGraph(chain).size).toBe(19_999);
  });
});
