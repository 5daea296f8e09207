import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase } from './database-under-test.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const checkSnapshot = `{% snapshot roster_check %}
{{ config(unique_key='player_id', strategy='check', check_cols=['team'], hard_deletes='invalidate') }}
select player_id, team from {{ ref('roster') }}
{% endsnapshot %}
`;
const timestampSnapshot = `{% snapshot roster_timestamp %}
{{ config(unique_key='player_id', strategy='timestamp', updated_at='updated_at', hard_deletes='new_record') }}
select player_id, team, updated_at from {{ ref('roster') }}
{% endsnapshot %}
`;

/** Three loads of the roster: a transfer and a signing, then a release. */
const loads = [
  'player_id,team,updated_at\n1,BUF,2024-01-01 00:00:00\n2,KC,2024-01-01 00:00:00\n',
  'player_id,team,updated_at\n1,MIA,2024-02-01 00:00:00\n2,KC,2024-01-01 00:00:00\n3,NYJ,2024-02-01 00:00:00\n',
  'player_id,team,updated_at\n1,MIA,2024-02-01 00:00:00\n3,NYJ,2024-02-01 00:00:00\n',
];

describe.each(databaseKinds)('snapshots on %s', (kind) => {
  it('keep SCD type 2 history over three runs: changes, new rows and hard deletes, with both strategies', async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\nseeds:\n  shop:\n    roster:\n      +column_types: {updated_at: timestamp}\n',
      'seeds/roster.csv': loads[0]!,
      'snapshots/roster_check.sql': checkSnapshot,
      'snapshots/roster_timestamp.sql': timestampSnapshot,
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    for (const [i, load] of loads.entries()) {
      await writeFile(path.join(dir, 'seeds/roster.csv'), load);
      const result = await runCli(['build'], dir);
      expect(result.code, `run ${i + 1}: ${result.stdout}${result.stderr}`).toBe(0);
    }

    const check = await db.query(
      `select player_id, team, dbt_valid_to is null as current from "${db.schema}".roster_check order by player_id, dbt_valid_from, team`,
    );
    expect(check).toEqual([
      { player_id: 1, team: 'BUF', current: false },
      { player_id: 1, team: 'MIA', current: true },
      { player_id: 2, team: 'KC', current: false }, // released in the third load: invalidated
      { player_id: 3, team: 'NYJ', current: true },
    ]);

    const timestamp = await db.query(
      `select player_id, team, to_char(dbt_valid_from, 'YYYY-MM-DD') as valid_from, dbt_valid_to is null as current, dbt_is_deleted
       from "${db.schema}".roster_timestamp order by player_id, dbt_valid_from, dbt_is_deleted`,
    );
    expect(timestamp.map(({ valid_from: _from, ...row }) => row)).toEqual([
      { player_id: 1, team: 'BUF', current: false, dbt_is_deleted: 'False' },
      { player_id: 1, team: 'MIA', current: true, dbt_is_deleted: 'False' },
      { player_id: 2, team: 'KC', current: false, dbt_is_deleted: 'False' },
      { player_id: 2, team: 'KC', current: true, dbt_is_deleted: 'True' }, // new_record: the deletion is a row of its own
      { player_id: 3, team: 'NYJ', current: true, dbt_is_deleted: 'False' },
    ]);
    expect(timestamp.filter((r) => r.player_id === 1).map((r) => r.valid_from)).toEqual(['2024-01-01', '2024-02-01']);
  }, 300_000);

  it('declared in YAML (relation: and config:), as dbt 1.9 allows', async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\n',
      'seeds/roster.csv': loads[0]!,
      'snapshots/snapshots.yml': `snapshots:
  - name: roster_yaml
    relation: ref('roster')
    config:
      unique_key: player_id
      strategy: check
      check_cols: [team]
`,
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    expect((await runCli(['build'], dir)).code).toBe(0);
    await writeFile(path.join(dir, 'seeds/roster.csv'), loads[1]!);
    expect((await runCli(['build'], dir)).code).toBe(0);
    const rows = await db.query(`select player_id, team, dbt_valid_to is null as current from "${db.schema}".roster_yaml order by player_id, dbt_valid_from`);
    expect(rows).toEqual([
      { player_id: 1, team: 'BUF', current: false },
      { player_id: 1, team: 'MIA', current: true },
      { player_id: 2, team: 'KC', current: true },
      { player_id: 3, team: 'NYJ', current: true },
    ]);
  }, 300_000);

  it('with target_schema, builds there, says so in the progress line, and refs to it read it there', async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\n',
      'seeds/roster.csv': loads[0]!,
      'snapshots/roster_history.sql': `{% snapshot roster_history %}
{{ config(target_schema=target.schema ~ '_history', unique_key='player_id', strategy='check', check_cols=['team']) }}
select player_id, team from {{ ref('roster') }}
{% endsnapshot %}
`,
      'models/current_roster.sql': "select player_id, team from {{ ref('roster_history') }} where dbt_valid_to is null\n",
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const built = await runCli(['build'], dir);
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(built.stdout).toContain(`OK snapshot ${db.schema}_history.roster_history`);
    expect(await db.query(`select count(*)::int as n from "${db.schema}_history".roster_history`)).toEqual([{ n: 2 }]);
    expect(await db.query(`select count(*)::int as n from "${db.schema}".current_roster`)).toEqual([{ n: 2 }]);
  }, 300_000);
});
