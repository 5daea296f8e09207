/** Turning zod issues into ConfigErrors that name the file, line, column, key path and what was expected. */
import type { z } from 'zod';
import { ConfigError } from '../errors/strata-error.js';
import { scrubSecrets } from './env-var.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import { pathHoldsSecret } from './redact.js';
import { frameAt, locateKeyPath, type YamlFile } from './yaml-file.js';

type Issue = z.core.$ZodIssue;

/** Validates `value` (read from `yamlFile` at `basePath`) and returns the data or every problem as ConfigErrors. */
export function validateWithSchema<S extends z.ZodType>(
  schema: S,
  value: unknown,
  yamlFile: YamlFile,
  basePath: KeyPath = [],
): { ok: true; data: z.output<S> } | { ok: false; errors: ConfigError[] } {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => issueToError(issue, yamlFile, basePath)) };
}

/** One zod issue as a ConfigError located at the offending key. */
export function issueToError(issue: Issue, yamlFile: YamlFile, basePath: KeyPath = []): ConfigError {
  const path: KeyPath = [...basePath, ...(issue.path as (string | number)[])];
  const secret = pathHoldsSecret(path);
  const location = locateKeyPath(yamlFile, path);
  const message = scrubSecrets(`${formatKeyPath(path)}: ${describeIssue(issue, secret)}`);
  return new ConfigError(message, { location, frame: secret ? undefined : frameAt(yamlFile, location) });
}

/** What went wrong, in words: "expected true or false, got the string "yes please"". */
export function describeIssue(issue: Issue, hideValue = false): string {
  const input = 'input' in issue ? issue.input : undefined;
  const got = hideValue ? 'got a value that is not shown (it is a credential)' : `got ${describeValue(input)}`;
  switch (issue.code) {
    case 'invalid_type': {
      // A schema may name what it expects in words (`{ error: 'a whole number' }`).
      const expected = issue.message.startsWith('Invalid input') ? describeExpected(issue.expected) : issue.message;
      if (input === undefined) return `is required (${expected})`;
      return `expected ${expected}, ${got}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, ${got}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `expected at least ${String(issue.minimum)} ${issue.origin === 'array' ? 'item(s)' : 'character(s)'}`
        : `expected a number ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}, ${got}`;
    case 'too_big':
      return `expected a number ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}, ${got}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_format':
      return `expected ${issue.format}, ${got}`;
    case 'invalid_union':
    case 'custom':
      if (input === undefined && issue.code === 'invalid_union') return `is required (${issue.message})`;
      return `expected ${issue.message}, ${got}`;
    default:
      return issue.message;
  }
}

/** A value as a user reads it in an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value (null)';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'array':
    case 'tuple':
      return 'a list';
    case 'object':
    case 'record':
    case 'map':
      return 'a mapping (key: value)';
    case 'null':
      return 'nothing (null)';
    default:
      return expected;
  }
}
