/**
 * Checking a value against a type declared in a seed's `column_types`, before anything is loaded, so a
 * bad value is reported at its line and column in the file. Types we cannot judge are left to the database
 * (the load then fails inside its transaction and the previous table stays).
 */
import { isCalendarDate } from './infer-types.js';

/** A number as PostgreSQL's numeric and float input read it (no group separators, no currency). */
const sqlNumber = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const integerRanges: Readonly<Record<string, readonly [bigint, bigint]>> = {
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  int2: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  int4: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
  int8: [-(2n ** 63n), 2n ** 63n - 1n],
};

const floatTypes = new Set(['real', 'float4', 'float8', 'float', 'double precision']);
const booleanWords = /^(t|tr|tru|true|y|ye|yes|on|1|f|fa|fal|fals|false|n|no|of|off|0)$/i;
const specialDates = new Set(['infinity', '-infinity', 'epoch', 'today', 'tomorrow', 'yesterday', 'now', 'allballs']);
const isoDatePrefix = /^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[ T])/;
const uuidPattern = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

/** `numeric(10, 2)` → ['numeric', [10, 2]]: the base name (lowercase, single spaces) and its modifiers. */
function splitType(declared: string): readonly [string, readonly number[]] {
  const text = declared.trim().toLowerCase().replace(/\s+/g, ' ');
  const m = /^([a-z ]+?)\s*(?:\(\s*([\d\s,]+)\s*\))?$/.exec(text);
  if (!m) return [text, []];
  const modifiers = m[2] ? m[2].split(',').map((part) => Number(part.trim())) : [];
  return [m[1]!, modifiers];
}

function integerProblem(text: string, [min, max]: readonly [bigint, bigint], type: string): string | undefined {
  if (!/^[+-]?\d+$/.test(text)) return `is not a whole number, so it cannot be ${type}`;
  const n = BigInt(text);
  return n < min || n > max ? `is out of range for ${type} (${min} to ${max})` : undefined;
}

function numericProblem(text: string, modifiers: readonly number[], type: string): string | undefined {
  if (/^[+-]?(nan|infinity)$/i.test(text)) return undefined;
  if (!sqlNumber.test(text)) return `is not a number, so it cannot be ${type}`;
  if (modifiers.length === 0) return undefined;
  const plain = text.replace(/^\+/, '');
  const precision = modifiers[0]!;
  const scale = modifiers[1] ?? 0;
  const [whole] = plain.replace(/^-/, '').split(/[.eE]/);
  const wholeDigits = (whole ?? '').replace(/^0+/, '').length;
  if (!/[eE]/.test(plain) && wholeDigits > precision - scale) {
    return `has ${wholeDigits} digits before the decimal point, more than ${type} allows (${precision - scale})`;
  }
  return undefined;
}

function dateLikeProblem(text: string, type: string): string | undefined {
  if (specialDates.has(text.toLowerCase())) return undefined;
  const m = isoDatePrefix.exec(text);
  if (m) return isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) ? undefined : `is not a real calendar date, so it cannot be ${type}`;
  return /\d/.test(text) ? undefined : `is not a date, so it cannot be ${type}`;
}

function lengthProblem(raw: string, modifiers: readonly number[], type: string, padded: boolean): string | undefined {
  const limit = modifiers[0];
  if (limit === undefined) return undefined;
  const text = padded ? raw.replace(/ +$/, '') : raw;
  const length = [...text].length;
  return length > limit ? `is ${length} characters long, more than ${type} holds` : undefined;
}

/**
 * Why a non-NULL value cannot be stored in a column of the declared type, or undefined when it can (or when
 * the type is one we leave to the database to judge).
 */
export function declaredTypeProblem(raw: string, declared: string): string | undefined {
  return declaredTypeChecker(declared)(raw);
}

/** declaredTypeProblem for one declared type, its name read once (a column's values are checked one by one). */
export function declaredTypeChecker(declared: string): (raw: string) => string | undefined {
  const [base, modifiers] = splitType(declared);
  const type = declared.trim();
  const range = integerRanges[base];
  if (range) return (raw) => integerProblem(raw.trim(), range, type);
  if (base === 'numeric' || base === 'decimal') return (raw) => numericProblem(raw.trim(), modifiers, type);
  if (floatTypes.has(base)) {
    return (raw) => {
      const text = raw.trim();
      return sqlNumber.test(text) || /^[+-]?(nan|infinity|inf)$/i.test(text) ? undefined : `is not a number, so it cannot be ${type}`;
    };
  }
  if (base === 'boolean' || base === 'bool') {
    return (raw) => (booleanWords.test(raw.trim()) ? undefined : `is not a boolean (true/false, yes/no, on/off, 1/0), so it cannot be ${type}`);
  }
  if (base === 'date' || base.startsWith('timestamp')) return (raw) => dateLikeProblem(raw.trim(), type);
  if (base === 'character varying' || base === 'varchar') return (raw) => lengthProblem(raw, modifiers, type, false);
  if (base === 'character' || base === 'char' || base === 'bpchar') {
    const limit = modifiers.length ? modifiers : [1];
    return (raw) => lengthProblem(raw, limit, type, true);
  }
  if (base === 'uuid') return (raw) => (uuidPattern.test(raw.trim()) ? undefined : `is not a UUID, so it cannot be ${type}`);
  if (base === 'json' || base === 'jsonb') {
    return (raw) => {
      try {
        JSON.parse(raw);
        return undefined;
      } catch {
        return `is not valid JSON, so it cannot be ${type}`;
      }
    };
  }
  return () => undefined;
}
