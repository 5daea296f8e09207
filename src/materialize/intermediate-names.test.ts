import { describe, expect, it } from 'vitest';
import { intermediateRelation, isLeftoverOf } from './intermediate-names.js';
import { quoteIdent, quoteLiteral, userIdentifier } from './sql-names.js';

const target = { database: 'db', schema: 'analytics', identifier: 'orders' };

describe('intermediate and backup names', () => {
  it('carry the alias, the role and the run', () => {
    expect(intermediateRelation(target, 'tmp', 'r20261122').identifier).toBe('orders__strata_tmp_r20261122');
    expect(intermediateRelation(target, 'backup', 'r20261122').identifier).toBe('orders__strata_backup_r20261122');
  });

  it('stay within 63 bytes and distinct for long aliases and run ids', () => {
    const long = { ...target, identifier: 'fct_customer_lifetime_value_by_acquisition_channel_and_cohort_month' };
    const runId = '0b6f1c9e-4a43-4f3e-9d0a-8c1b2e3f4a5b';
    const tmp = intermediateRelation(long, 'tmp', runId).identifier;
    const backup = intermediateRelation(long, 'backup', runId).identifier;
    expect(Buffer.byteLength(tmp)).toBeLessThanOrEqual(63);
    expect(Buffer.byteLength(backup)).toBeLessThanOrEqual(63);
    expect(tmp).not.toBe(backup);
    expect(isLeftoverOf(tmp, long, 'another-run')).toBe(true);
    expect(isLeftoverOf(tmp, long, runId)).toBe(false);
  });

  it("recognise only this alias's leftovers of other runs", () => {
    expect(isLeftoverOf('orders__strata_tmp_old', target, 'new')).toBe(true);
    expect(isLeftoverOf('orders__strata_backup_old', target, 'new')).toBe(true);
    expect(isLeftoverOf('orders__strata_tmp_new', target, 'new')).toBe(false);
    expect(isLeftoverOf('orders_daily__strata_tmp_old', target, 'new')).toBe(false);
    expect(isLeftoverOf('orders', target, 'new')).toBe(false);
  });
});

describe('quoting', () => {
  it('doubles quotes inside identifiers and literals', () => {
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });

  it('reads names written in configs as PostgreSQL would', () => {
    expect(userIdentifier('Amount')).toBe('amount');
    expect(userIdentifier('"Amount"')).toBe('Amount');
    expect(userIdentifier('lower(email)')).toBeUndefined();
  });
});
