import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/strata-error.js';
import { selectNodes, type SelectNodesOptions } from './select-nodes.js';
import { sampleProject } from './testing/sample-project.js';

const manifest = sampleProject();

function ids(options: SelectNodesOptions): string[] {
  return [...selectNodes(manifest, options).selected].sort();
}
const bare = (...select: string[]) => ids({ select, indirectSelection: 'empty' });

describe('graph operators', () => {
  it('+x selects all ancestors, N+x up to N generations', () => {
    expect(bare('+dim_players')).toEqual([
      'model.p.dim_players', 'model.p.stg_players', 'model.p.stg_teams',
      'seed.p.country_codes', 'source.p.raw.players', 'source.p.raw.teams',
    ]);
    expect(bare('1+dim_players')).toEqual(['model.p.dim_players', 'model.p.stg_players', 'model.p.stg_teams', 'seed.p.country_codes']);
    expect(bare('2+fct_games')).toEqual([
      'model.p.dim_players', 'model.p.fct_games', 'model.p.stg_players', 'model.p.stg_teams', 'seed.p.country_codes',
    ]);
  });

  it('x+ selects all descendants (tests included), x+N up to N generations', () => {
    expect(bare('fct_games+')).toEqual([
      'model.p.fct_games', 'model.p.report', 'test.p.assert_positive_scores', 'test.p.relationships_fct_games_player_id',
    ]);
    expect(bare('stg_players+1')).toEqual(['model.p.dim_players', 'model.p.stg_players', 'test.p.not_null_stg_players_player_id']);
  });

  it('+x+ selects both directions', () => {
    expect(bare('+fct_games+')).toEqual([
      'model.p.dim_players', 'model.p.fct_games', 'model.p.report', 'model.p.stg_players', 'model.p.stg_teams',
      'seed.p.country_codes', 'source.p.raw.players', 'source.p.raw.teams',
      'test.p.assert_positive_scores', 'test.p.relationships_fct_games_player_id',
    ]);
    expect(bare('1+dim_players+1')).toEqual([
      'model.p.dim_players', 'model.p.fct_games', 'model.p.stg_players', 'model.p.stg_teams', 'seed.p.country_codes',
      'test.p.relationships_fct_games_player_id', 'test.p.unique_dim_players_player_id',
    ]);
  });

  it('@x selects x, its descendants and all ancestors of those', () => {
    const selected = bare('@stg_teams');
    // stg_players is not upstream of stg_teams but is a parent of its child dim_players.
    expect(selected).toContain('model.p.stg_players');
    expect(selected).toContain('source.p.raw.players');
    expect(selected).toContain('model.p.report');
    expect(selected).not.toContain('model.pkg.pkg_model');
  });

  it('works with methods: source:raw+ and +tag:nightly', () => {
    expect(bare('source:raw.teams+1')).toEqual(['model.p.stg_teams', 'source.p.raw.teams']);
    expect(bare('+tag:nightly')).toContain('source.p.raw.players');
  });
});

describe('set operators', () => {
  it('unions space-separated criteria and several --select values', () => {
    expect(bare('stg_players stg_teams')).toEqual(['model.p.stg_players', 'model.p.stg_teams']);
    expect(ids({ select: ['stg_players', 'report'], indirectSelection: 'empty' })).toEqual(['model.p.report', 'model.p.stg_players']);
  });

  it('intersects comma-joined criteria', () => {
    expect(bare('tag:staging,tag:daily')).toEqual(['model.p.stg_players']);
    expect(bare('+fct_games,resource_type:seed')).toEqual(['seed.p.country_codes']);
    expect(bare('path:models/marts,config.materialized:table stg_teams')).toEqual(['model.p.dim_players', 'model.p.stg_teams']);
  });

  it('excludes, with the excluded nodes’ tests', () => {
    expect(ids({ select: ['+fct_games'], exclude: ['dim_players', 'source:raw'] })).toEqual([
      'model.p.fct_games', 'model.p.stg_players', 'model.p.stg_teams', 'seed.p.country_codes',
      'test.p.assert_positive_scores', 'test.p.not_null_stg_players_player_id',
    ]);
    expect(ids({ exclude: ['pkg', 'p'] })).toEqual(['source.p.raw.players', 'source.p.raw.teams']);
  });

  it('filters by resource types after selection', () => {
    expect(ids({ select: ['+dim_players'], resourceTypes: ['model'] })).toEqual([
      'model.p.dim_players', 'model.p.stg_players', 'model.p.stg_teams',
    ]);
  });
});

describe('indirect test selection', () => {
  const mode = (indirectSelection: SelectNodesOptions['indirectSelection'], ...select: string[]) => ids({ select, indirectSelection });

  it('eager (default): a test is selected when any node it depends on is', () => {
    expect(ids({ select: ['fct_games'] })).toEqual([
      'model.p.fct_games', 'test.p.assert_positive_scores', 'test.p.relationships_fct_games_player_id',
    ]);
    expect(ids({ select: ['source:raw.players'] })).toEqual(['source.p.raw.players', 'test.p.not_null_raw_players_id']);
  });

  it('cautious: only tests whose parents are all selected', () => {
    expect(mode('cautious', 'fct_games')).toEqual(['model.p.fct_games', 'test.p.assert_positive_scores']);
    // Two criteria of a union together select both parents of the relationships test.
    expect(mode('cautious', 'fct_games', 'dim_players')).toEqual([
      'model.p.dim_players', 'model.p.fct_games', 'test.p.assert_positive_scores',
      'test.p.relationships_fct_games_player_id', 'test.p.unique_dim_players_player_id',
    ]);
  });

  it('buildable: tests whose other parents are upstream of the selection', () => {
    expect(mode('buildable', 'fct_games')).toEqual([
      'model.p.fct_games', 'test.p.assert_positive_scores', 'test.p.relationships_fct_games_player_id',
    ]);
    expect(mode('buildable', 'dim_players')).toEqual(['model.p.dim_players', 'test.p.unique_dim_players_player_id']);
  });

  it('empty: no tests unless selected themselves', () => {
    expect(mode('empty', 'fct_games')).toEqual(['model.p.fct_games']);
    expect(mode('empty', 'fct_games', 'test_type:singular')).toEqual(['model.p.fct_games', 'test.p.assert_positive_scores']);
  });

  it('rejects an unknown mode naming the flag', () => {
    expect(() => mode('sometimes', 'fct_games')).toThrow("--indirect-selection: 'sometimes' is not a mode");
  });
});

describe('selection errors and warnings', () => {
  const error = (options: SelectNodesOptions): ConfigError => {
    try {
      selectNodes(manifest, options);
    } catch (e) {
      return e as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  it('names the flag and the expected methods for an unknown method', () => {
    const e = error({ select: ['colour:red'] });
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe("--select: 'colour' is not a valid selection method in 'colour:red'");
    expect(e.hint).toContain('fqn, tag, group');
    expect(error({ exclude: ['tags:x'] }).message).toContain('--exclude:');
  });

  it('rejects selectors that parse badly', () => {
    expect(error({ select: ['@dim_players+'] }).message).toContain('the "@" prefix and the "+" suffix cannot be combined');
    expect(error({ select: ['tag:'] }).message).toBe("--select: 'tag:' has no value to select after 'tag:'");
    expect(error({ select: ['a,'] }).message).toBe("--select: '' has no value to select");
    expect(error({ select: ['config:table'] }).message).toContain('the config method needs a key');
    expect(error({ select: ['tag.x:y'] }).message).toContain('only the config method takes a key');
    expect(error({ select: ['test_type:schemaless'] }).hint).toBe('Expected one of: generic, singular, data, unit.');
    expect(error({ select: ['source:a.b.c.d'] }).message).toContain("'source:a.b.c.d' is not a valid source selector");
    expect(error({ select: ['resource_type:view'] }).message).toContain("'view' is not a resource type");
    expect(error({ select: ['version:newest'] }).message).toContain('invalid version selector');
    expect(error({ select: ['access:secret'] }).message).toContain('unknown access level');
  });

  it('asks for --state when state: or result: is used without one', () => {
    expect(error({ select: ['state:modified'] }).hint).toContain('--state');
    expect(error({ select: ['result:error'] }).message).toContain("'result:error' needs the previous run's results");
    expect(error({ select: ['result:exploded'], state: { runResults: { results: [] } } }).message).toContain('unknown result status');
  });

  it('reports an unknown named selector', () => {
    expect(error({ selector: 'nightly' }).message).toBe("--selector: there is no selector named 'nightly'");
    expect(error({ select: ['selector:nightly'] }).message).toContain("there is no selector named 'nightly'");
  });

  it('warns (without failing) about criteria that match nothing', () => {
    const result = selectNodes(manifest, { select: ['nothing_here', 'tag:staging', 'tag:staging,tag:nightly'], exclude: ['ghost'] });
    expect([...result.selected].sort()).toEqual(['model.p.stg_players', 'model.p.stg_teams', 'test.p.not_null_stg_players_player_id']);
    expect(result.warnings).toEqual([
      "The selection criterion 'nothing_here' does not match any enabled nodes",
      "The selection criterion 'tag:staging,tag:nightly' does not match any enabled nodes",
      "The selection criterion 'ghost' does not match any enabled nodes",
    ]);
  });
});
