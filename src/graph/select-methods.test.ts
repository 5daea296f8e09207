import { describe, expect, it } from 'vitest';
import { selectNodes } from './select-nodes.js';
import { sampleProject } from './testing/sample-project.js';
import { ManifestBuilder } from './testing/manifest-builder.js';

const manifest = sampleProject();

/** Selected ids, sorted, with `--indirect-selection empty` so only the method's own matches show. */
function only(...select: string[]): string[] {
  return [...selectNodes(manifest, { select, indirectSelection: 'empty' }).selected].sort();
}

describe('selection methods', () => {
  it('selects by bare node name, project, folder and dotted FQN paths', () => {
    expect(only('stg_players')).toEqual(['model.p.stg_players']);
    expect(only('staging')).toEqual(['model.p.stg_players', 'model.p.stg_teams']);
    expect(only('staging.*')).toEqual(['model.p.stg_players', 'model.p.stg_teams']);
    expect(only('p.staging.stg_players')).toEqual(['model.p.stg_players']);
    expect(only('marts.reporting.report')).toEqual(['model.p.report']);
    expect(only('pkg')).toEqual(['model.pkg.pkg_model']);
    expect(only('fqn:p.marts.*')).toEqual(['model.p.dim_players', 'model.p.fct_games', 'model.p.report']);
    // As in dbt, a wildcard matches the rest of the FQN from its position: `stg_*` alone would need a top-level model.
    expect(only('*.stg_*')).toEqual(['model.p.stg_players', 'model.p.stg_teams']);
    expect(only('stg_*')).toEqual([]);
    expect(only('country_code?')).toEqual(['seed.p.country_codes']);
  });

  it('does not select sources by name', () => {
    expect(only('players')).toEqual([]);
  });

  it('selects versioned models by name, name.vN and name_vN', () => {
    const m = new ManifestBuilder('p')
      .model('dim_customers_v1', { extra: { name: 'dim_customers', version: 1, fqn: ['p', 'dim_customers', 'v1'], latest_version: 2 } })
      .model('dim_customers_v2', { extra: { name: 'dim_customers', version: 2, fqn: ['p', 'dim_customers', 'v2'], latest_version: 2 } })
      .model('plain')
      .build();
    const sel = (...select: string[]) => [...selectNodes(m, { select }).selected].sort();
    expect(sel('dim_customers')).toEqual(['model.p.dim_customers_v1', 'model.p.dim_customers_v2']);
    expect(sel('dim_customers.v2')).toEqual(['model.p.dim_customers_v2']);
    expect(sel('dim_customers_v1')).toEqual(['model.p.dim_customers_v1']);
    expect(sel('version:latest')).toEqual(['model.p.dim_customers_v2']);
    expect(sel('version:old')).toEqual(['model.p.dim_customers_v1']);
    expect(sel('version:prerelease')).toEqual([]);
    expect(sel('version:none')).toEqual(['model.p.plain']);
  });

  it('selects by path: folders, files, globs, property files, absolute paths', () => {
    expect(only('models/staging')).toEqual([
      'model.p.stg_players', 'model.p.stg_teams', 'source.p.raw.players', 'source.p.raw.teams',
    ]);
    expect(only('path:models/marts/')).toEqual(['model.p.dim_players', 'model.p.fct_games', 'model.p.report']);
    expect(only('path:models/marts/dim_players.sql')).toEqual(['model.p.dim_players']);
    expect(only('path:./models/marts/*.sql')).toEqual(['model.p.dim_players', 'model.p.fct_games']);
    expect(only('path:models/**/report.sql')).toEqual(['model.p.report']);
    expect(only('path:models/marts/_marts.yml')).toEqual(['model.p.dim_players']);
    expect(only('path:/project/seeds')).toEqual(['seed.p.country_codes']);
    expect(only('tests/assert_positive_scores.sql')).toEqual(['test.p.assert_positive_scores']);
  });

  it('selects by file name, with or without extension, and bare file names', () => {
    expect(only('file:dim_players.sql')).toEqual(['model.p.dim_players']);
    expect(only('file:dim_players')).toEqual(['model.p.dim_players']);
    expect(only('report.sql')).toEqual(['model.p.report']);
    expect(only('file:stg_*.sql')).toEqual(['model.p.stg_players', 'model.p.stg_teams']);
  });

  it('selects by tag, including source tags and wildcards', () => {
    expect(only('tag:staging')).toEqual(['model.p.stg_players', 'model.p.stg_teams']);
    expect(only('tag:vendor')).toEqual(['source.p.raw.teams']);
    expect(only('tag:dai*')).toEqual(['model.p.stg_players']);
  });

  it('selects by config: strings, booleans, lists, nested keys, case-insensitive severity', () => {
    expect(only('config.materialized:table')).toEqual(['model.p.dim_players']);
    expect(only('config.materialized:incr*')).toEqual(['model.p.fct_games']);
    expect(only('config.unique_key:season')).toEqual(['model.p.fct_games']);
    expect(only('config.transient:true')).toEqual(['model.p.fct_games']);
    expect(only('config.transient:TRUE')).toEqual(['model.p.fct_games']);
    expect(only('config.grants.select:reporter')).toEqual(['model.p.fct_games']);
    expect(only('config.meta.contains_pii:true')).toEqual(['model.p.dim_players']);
    expect(only('config.meta.owner:ana')).toEqual(['model.p.dim_players']);
    expect(only('config.severity:WARN')).toEqual(['test.p.unique_dim_players_player_id']);
    expect(only('config.enabled:false')).toEqual([]);
  });

  it('selects by resource_type, package, source', () => {
    expect(only('resource_type:seed')).toEqual(['seed.p.country_codes']);
    expect(only('resource_type:source')).toEqual(['source.p.raw.players', 'source.p.raw.teams']);
    expect(only('resource_type:exposure')).toEqual([]);
    expect(only('package:pkg')).toEqual(['model.pkg.pkg_model']);
    expect(only('package:this')).not.toContain('model.pkg.pkg_model');
    expect(only('package:this')).toContain('source.p.raw.players');
    expect(only('source:raw')).toEqual(['source.p.raw.players', 'source.p.raw.teams']);
    expect(only('source:raw.players')).toEqual(['source.p.raw.players']);
    expect(only('source:p.raw.t*')).toEqual(['source.p.raw.teams']);
    expect(only('source:other')).toEqual([]);
  });

  it('selects tests by type and name', () => {
    expect(only('test_type:singular')).toEqual(['test.p.assert_positive_scores']);
    expect(only('test_type:generic')).toEqual([
      'test.p.not_null_raw_players_id',
      'test.p.not_null_stg_players_player_id',
      'test.p.relationships_fct_games_player_id',
      'test.p.unique_dim_players_player_id',
    ]);
    expect(only('test_type:data')).toHaveLength(5);
    expect(only('test_type:unit')).toEqual([]);
    expect(only('test_name:not_null')).toEqual(['test.p.not_null_raw_players_id', 'test.p.not_null_stg_players_player_id']);
    expect(only('test_name:rel*')).toEqual(['test.p.relationships_fct_games_player_id']);
  });

  it('selects by access and group', () => {
    expect(only('access:public')).toEqual(['model.p.dim_players']);
    expect(only('access:private')).toEqual(['model.p.report']);
    expect(only('access:protected')).toEqual(['model.p.fct_games', 'model.p.stg_players', 'model.p.stg_teams', 'model.pkg.pkg_model']);
    expect(only('group:finance')).toEqual(['model.p.dim_players']);
  });

  it('selects everything by default (nodes and sources)', () => {
    const all = selectNodes(manifest).selected;
    expect(all.size).toBe(Object.keys(manifest.nodes).length + Object.keys(manifest.sources).length);
  });

  it('accepts dbt methods for resources strata does not have, with a warning', () => {
    const result = selectNodes(manifest, { select: ['+exposure:weekly_kpis'] });
    expect([...result.selected]).toEqual([]);
    expect(result.warnings[0]).toContain("'+exposure:weekly_kpis' selects exposures");
  });
});
