/**
 * zod schemas for scalars as they arrive from YAML after rendering: a rendered `{{ env_var(...) }}`
 * is always text, so numbers and booleans written as text (`"5432"`, `"true"`) are accepted.
 */
import { z } from 'zod';

/** true/false, or the text "true"/"false" (any case). */
export const yamlBoolean = z.preprocess(
  (v) => (typeof v === 'string' && /^(true|false)$/i.test(v.trim()) ? v.trim().toLowerCase() === 'true' : v),
  z.boolean(),
);

/** A whole number, or text holding one. */
export const yamlInt = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
  z.number({ error: 'a whole number' }).int({ error: 'a whole number' }),
);

/** A number, or text holding one. */
export const yamlNumber = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v),
  z.number(),
);

/** Text; numbers are accepted and turned into text (YAML reads `version: 1.0` as a number). */
export const yamlText = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());

/** `x` or `[x, y]`, always returned as a list. */
export function oneOrMany<T extends z.ZodType>(item: T, expected: string) {
  return z.union([item.transform((v) => [v] as z.output<T>[]), z.array(item)], { error: expected });
}

export const stringOrStrings = oneOrMany(z.string(), 'a string or a list of strings');

/** A mapping with string keys and any values. */
export const anyMapping = z.record(z.string(), z.unknown());
