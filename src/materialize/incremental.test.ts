import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StrataError } from '../errors/strata-error.js';
import { materializeIncremental } from './incremental.js';
import { planMicrobatch, type MicrobatchInput } from './incremental-microbatch.js';
import type { DatabaseState } from './plan.js';
import { planText } from './testing-incremental/plan-text.js';
import { testInput, testModel } from './testing-incremental/nodes.js';
import {
  createTestSchema,
  dropTestSchema,
  openTestDatabase,
  runPlan,
  testDatabaseKinds,
  testDatabaseState,
  type TestDatabase,
} from './testing-incremental/test-database.js';

for (const kind of testDatabaseKinds()) {
  describe(`incremental on ${kind}`, () => {
    let db: TestDatabase;
    let schema: string;
    let run = 0;
    beforeAll(async () => {
      db = await openTestDatabase(kind);
    });
    afterAll(async () => {
      await db.close();
    });
    afterEach(async () => {
      if (schema) await dropTestSchema(db, schema);
    });

    const q = (sql: string) => db.query(sql.replaceAll('$S', `"${schema}"`));
    /** The model's SQL as the template renders it: all source rows first, then only those newer than the table's. */
    const modelSql = (model: string, columns = 'id, name, updated_at', incremental = false) =>
      `select ${columns} from "${schema}".src` + (incremental ? ` where updated_at > (select max(updated_at) from "${schema}"."${model}")` : '');

    async function build(model: string, config: Record<string, unknown>, sql: string, options: { fullRefresh?: boolean; state?: Partial<DatabaseState> } = {}) {
      run += 1;
      const node = testModel(model, schema, config);
      const plan = await materializeIncremental(testInput(node, sql, `r${run}`, options.fullRefresh ?? false), testDatabaseState(db, options.state));
      await runPlan(db, plan);
      return plan;
    }
    async function seedSource() {
      await q(`create table $S.src (id int, name text, updated_at timestamp)`);
      await q(`insert into $S.src values (1, 'a', '2024-01-01'), (2, 'b', '2024-01-02')`);
    }
    async function changeSource() {
      await q(`update $S.src set name = 'B', updated_at = '2024-01-03' where id = 2`);
      await q(`insert into $S.src values (3, 'c', '2024-01-04')`);
    }
    const rows = (model: string) => q(`select id, name from $S."${model}" order by id, name`);

    it('append adds the new rows (a changed row comes again)', async () => {
      schema = await createTestSchema(db, 'inc_append');
      await seedSource();
      await build('m', {}, modelSql('m'));
      await changeSource();
      const plan = await build('m', {}, modelSql('m', undefined, true));
      expect(planText(plan)).toContain('insert into');
      expect(await rows('m')).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'B' },
        { id: 2, name: 'b' },
        { id: 3, name: 'c' },
      ]);
    });

    it('delete+insert (the default with a unique_key) replaces changed rows, with single and composite keys', async () => {
      schema = await createTestSchema(db, 'inc_delins');
      await seedSource();
      await build('one', { unique_key: 'id' }, modelSql('one'));
      await build('two', { unique_key: ['id', 'name'], incremental_strategy: 'delete+insert' }, modelSql('two'));
      await changeSource();
      const plan = await build('one', { unique_key: 'id' }, modelSql('one', undefined, true));
      expect(planText(plan)).toContain('delete from');
      await build('two', { unique_key: ['id', 'name'], incremental_strategy: 'delete+insert' }, modelSql('two', undefined, true));
      expect(await rows('one')).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'B' },
        { id: 3, name: 'c' },
      ]);
      // (2, 'b') is not the key of the changed row (2, 'B'): both stay.
      expect(await rows('two')).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'B' },
        { id: 2, name: 'b' },
        { id: 3, name: 'c' },
      ]);
    });

    it('merge updates matched rows and inserts the rest with MERGE', async () => {
      schema = await createTestSchema(db, 'inc_merge');
      await seedSource();
      const config = { unique_key: 'id', incremental_strategy: 'merge' };
      await build('m', config, modelSql('m'));
      await changeSource();
      const plan = await build('m', config, modelSql('m', undefined, true));
      expect(planText(plan)).toContain('merge into');
      expect(await rows('m')).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'B' },
        { id: 3, name: 'c' },
      ]);
    });

    it('merge before PostgreSQL 15 upserts with ON CONFLICT, and needs a unique index on the key', async () => {
      schema = await createTestSchema(db, 'inc_upsert');
      await seedSource();
      const before15 = { serverVersionNum: async () => 140000 };
      const config = { unique_key: 'id', incremental_strategy: 'merge', indexes: [{ columns: ['id'], unique: true }] };
      await build('m', config, modelSql('m'), { state: before15 });
      await build('noindex', { unique_key: 'id', incremental_strategy: 'merge' }, modelSql('noindex'), { state: before15 });
      await changeSource();
      const plan = await build('m', config, modelSql('m', undefined, true), { state: before15 });
      expect(planText(plan)).toContain('on conflict ("id") do update set');
      expect(await rows('m')).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'B' },
        { id: 3, name: 'c' },
      ]);
      await expect(build('noindex', { unique_key: 'id', incremental_strategy: 'merge' }, modelSql('noindex', undefined, true), { state: before15 })).rejects.toThrow(
        /needs MERGE \(PostgreSQL 15\+\) or a unique index on \(id\)/,
      );
    });

    it('full refresh rebuilds from scratch', async () => {
      schema = await createTestSchema(db, 'inc_full');
      await seedSource();
      await build('m', {}, modelSql('m'));
      await build('m', {}, modelSql('m'));
      expect(await rows('m')).toHaveLength(4);
      await build('m', {}, modelSql('m'), { fullRefresh: true });
      expect(await rows('m')).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ]);
    });

    describe('on_schema_change', () => {
      const newShape = (model: string) => modelSql(model, 'id::bigint as id, updated_at, upper(name) as extra', true);
      const columnsOf = async (model: string) =>
        (
          await db.query(
            `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type from pg_attribute a where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped order by a.attnum`,
            [`"${schema}"."${model}"`],
          )
        ).map((r) => `${r.name} ${r.type}`);

      it('ignore keeps the table as it is and fails clearly when a column is gone', async () => {
        schema = await createTestSchema(db, 'osc_ignore');
        await seedSource();
        await build('m', {}, modelSql('m'));
        await changeSource();
        const plan = await build('m', {}, modelSql('m', 'id, name, updated_at, 1 as extra', true));
        expect(plan.notes).toContain('ignored new columns extra (on_schema_change: ignore)');
        expect(await columnsOf('m')).toEqual(['id integer', 'name text', 'updated_at timestamp without time zone']);
        expect(await rows('m')).toHaveLength(4);
        await expect(build('m', {}, modelSql('m', 'id, updated_at', true))).rejects.toThrow(/has columns the model no longer returns: name \(text\)/);
      });

      it('fail lists every difference and changes nothing', async () => {
        schema = await createTestSchema(db, 'osc_fail');
        await seedSource();
        await build('m', { on_schema_change: 'fail' }, modelSql('m'));
        await changeSource();
        let error: unknown;
        try {
          await build('m', { on_schema_change: 'fail' }, newShape('m'));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(StrataError);
        expect((error as Error).message).toContain('columns added in the model: extra (text)');
        expect((error as Error).message).toContain('columns removed from the model: name (text)');
        expect((error as Error).message).toContain('columns with a new type: id (integer → bigint)');
        expect(await columnsOf('m')).toEqual(['id integer', 'name text', 'updated_at timestamp without time zone']);
        expect(await rows('m')).toHaveLength(2);
      });

      it('append_new_columns adds new columns and keeps the others', async () => {
        schema = await createTestSchema(db, 'osc_append');
        await seedSource();
        await build('m', { on_schema_change: 'append_new_columns' }, modelSql('m'));
        await changeSource();
        await build('m', { on_schema_change: 'append_new_columns' }, newShape('m'));
        expect(await columnsOf('m')).toEqual(['id integer', 'name text', 'updated_at timestamp without time zone', 'extra text']);
        expect(await q(`select id, name, extra from $S.m order by id, name`)).toEqual([
          { id: 1, name: 'a', extra: null },
          { id: 2, name: 'b', extra: null },
          { id: 2, name: null, extra: 'B' },
          { id: 3, name: null, extra: 'C' },
        ]);
      });

      it('sync_all_columns adds, drops and retypes columns in the same transaction as the data', async () => {
        schema = await createTestSchema(db, 'osc_sync');
        await seedSource();
        await build('m', { on_schema_change: 'sync_all_columns', unique_key: 'id' }, modelSql('m'));
        await changeSource();
        const plan = await build('m', { on_schema_change: 'sync_all_columns', unique_key: 'id' }, newShape('m'));
        expect(plan.phases.filter((p) => p.transactional).map((p) => p.statements.map((s) => s.purpose))).toEqual([
          ['load the new rows into a temp table', 'add column extra', 'drop column name', 'change the type of id from integer to bigint', 'delete the rows being replaced', 'insert the new rows'],
        ]);
        expect(await columnsOf('m')).toEqual(['id bigint', 'updated_at timestamp without time zone', 'extra text']);
        expect(await q(`select id::int as id, extra from $S.m order by id`)).toEqual([
          { id: 1, extra: null },
          { id: 2, extra: 'B' },
          { id: 3, extra: 'C' },
        ]);
      });
    });

    describe('microbatch', () => {
      const config = { incremental_strategy: 'microbatch', event_time: 'ts', batch_size: 'day', begin: '2024-01-01' };
      async function seedEvents() {
        await q(`create table $S.events (id int, v text, ts timestamp)`);
        await q(`insert into $S.events values (1, 'a', '2024-01-01 10:00'), (2, 'b', '2024-01-02 10:00'), (3, 'c', '2024-01-03 10:00')`);
      }
      const eventsSql = () => `select id, v, ts from "${schema}".events`;
      async function runBatches(input: MicrobatchInput) {
        const plan = await planMicrobatch(input, testDatabaseState(db));
        await runPlan(db, plan.setup);
        const results: { id: string; ok: boolean }[] = [];
        for (const batch of plan.batches) {
          try {
            await runPlan(db, batch.plan);
            results.push({ id: batch.window.id, ok: true });
          } catch {
            results.push({ id: batch.window.id, ok: false });
          }
        }
        await runPlan(db, plan.teardown);
        return { plan, results };
      }
      const input = (extra: Record<string, unknown>, rest: Partial<MicrobatchInput>): MicrobatchInput => {
        run += 1;
        return { ...testInput(testModel('mb', schema, { ...config, ...extra }), eventsSql(), `r${run}`), ...rest };
      };

      it('builds day batches from begin, then reprocesses the lookback window', async () => {
        schema = await createTestSchema(db, 'mb_days');
        await seedEvents();
        const first = await runBatches(input({}, { now: new Date('2024-01-03T12:00:00Z') }));
        expect(first.results).toEqual([
          { id: '2024-01-01', ok: true },
          { id: '2024-01-02', ok: true },
          { id: '2024-01-03', ok: true },
        ]);
        expect(await q(`select id, v from $S.mb order by id`)).toEqual([
          { id: 1, v: 'a' },
          { id: 2, v: 'b' },
          { id: 3, v: 'c' },
        ]);
        // A late row for the 2nd, a changed row on the 3rd, and a row of the 1st outside the lookback window.
        await q(`insert into $S.events values (4, 'late', '2024-01-02 23:00'), (5, 'old', '2024-01-01 11:00')`);
        await q(`update $S.events set v = 'C' where id = 3`);
        const second = await runBatches(input({}, { now: new Date('2024-01-03T18:00:00Z') }));
        expect(second.results.map((r) => r.id)).toEqual(['2024-01-02', '2024-01-03']);
        expect(await q(`select id, v from $S.mb order by id`)).toEqual([
          { id: 1, v: 'a' },
          { id: 2, v: 'b' },
          { id: 3, v: 'C' },
          { id: 4, v: 'late' },
        ]);
      });

      it('merges batches on a unique_key', async () => {
        schema = await createTestSchema(db, 'mb_merge');
        await seedEvents();
        await runBatches(input({ unique_key: 'id' }, { now: new Date('2024-01-03T12:00:00Z') }));
        await q(`update $S.events set v = 'B' where id = 2`);
        const second = await runBatches(input({ unique_key: 'id' }, { now: new Date('2024-01-03T12:00:00Z') }));
        expect(planText(second.plan.batches[0]!.plan)).toContain('merge into');
        expect(await q(`select id, v from $S.mb order by id`)).toEqual([
          { id: 1, v: 'a' },
          { id: 2, v: 'B' },
          { id: 3, v: 'c' },
        ]);
      });

      it('a failed batch leaves the others committed and is retried alone by its window', async () => {
        schema = await createTestSchema(db, 'mb_fail');
        await seedEvents();
        let broken = true;
        const batchSql = (w: { id: string; start: Date; end: Date }) =>
          `select id, v, ts from "${schema}".events where ts >= '${w.start.toISOString()}' and ts < '${w.end.toISOString()}'` +
          (broken && w.id === '2024-01-02' ? ' and 1 / 0 = 1' : '');
        const first = await runBatches(input({}, { now: new Date('2024-01-03T12:00:00Z'), batchSql }));
        expect(first.results).toEqual([
          { id: '2024-01-01', ok: true },
          { id: '2024-01-02', ok: false },
          { id: '2024-01-03', ok: true },
        ]);
        expect(await q(`select id from $S.mb order by id`)).toEqual([{ id: 1 }, { id: 3 }]);
        broken = false;
        const failed = first.plan.batches[1]!.window;
        const retry = await runBatches(input({}, { now: new Date('2024-01-03T12:00:00Z'), batchSql, eventTimeStart: failed.start, eventTimeEnd: failed.end }));
        expect(retry.results).toEqual([{ id: '2024-01-02', ok: true }]);
        expect(await q(`select id from $S.mb order by id`)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
      });
    });
  });
}
