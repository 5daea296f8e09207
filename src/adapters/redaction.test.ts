import { describe, expect, it } from 'vitest';
import { toStrataError } from './error-mapping.js';
import { makeRedactor } from './redaction.js';

describe('redaction', () => {
  it('masks the password, its URL-encoded form and the password part of any URL', () => {
    const redact = makeRedactor(['p@ss word']);
    expect(redact('failed for p@ss word and p%40ss%20word at postgres://ann:other@db:5432/x')).toBe(
      'failed for **** and **** at postgres://ann:****@db:5432/x',
    );
  });

  it('keeps secrets out of database errors converted from driver errors', () => {
    const driverError = Object.assign(new Error('syntax error at or near "s3cret"'), { code: '42601', severity: 'ERROR', detail: 'token s3cret' });
    const converted = toStrataError(driverError, 'select s3cret', { endpoint: 'db:5432', redact: makeRedactor(['s3cret']) });
    expect(converted.message).toBe('syntax error at or near "****"');
    expect(converted).toMatchObject({ detail: 'token ****', sqlstate: '42601' });
  });
});
