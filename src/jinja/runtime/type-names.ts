import { PyFloat, Undefined, isPlainObject, isTuple } from './values.js';

/** Python's type(value).__name__ for the engine's representation of a value. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  switch (typeof value) {
    case 'number':
      return 'int';
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'function':
      return 'function';
  }
  if (value instanceof PyFloat) return 'float';
  if (Array.isArray(value)) return isTuple(value) ? 'tuple' : 'list';
  if (value instanceof Map || isPlainObject(value)) return 'dict';
  if (value instanceof Set) return 'set';
  if (value instanceof Undefined) return 'Undefined';
  const named = (value as { pythonTypeName?: string }).pythonTypeName;
  if (typeof named === 'string') return named;
  return (value as object).constructor?.name ?? 'object';
}

/** Jinja2's object_type_repr(): 'None', 'dict object', 'str object', ... used in undefined messages. */
export function objectTypeRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  return `${pyTypeName(value)} object`;
}
