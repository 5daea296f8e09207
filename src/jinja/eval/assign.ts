/** Assignment helpers: tuple unpacking and `{% set ns.attr = value %}`. */
import { JinjaRuntimeError, Namespace, iterate } from '../runtime/index.js';

/** Python's `a, b = value`: exactly `count` items or a ValueError. */
export function unpack(value: unknown, count: number): unknown[] {
  const items = Array.isArray(value) ? value : [...iterate(value)];
  if (items.length < count) {
    throw new JinjaRuntimeError(`not enough values to unpack (expected ${count}, got ${items.length})`, 'ValueError');
  }
  if (items.length > count) throw new JinjaRuntimeError(`too many values to unpack (expected ${count})`, 'ValueError');
  return items;
}

/** `{% set ns.attr = value %}`: only namespace() objects accept attribute assignment. */
export function setNamespaceAttr(target: unknown, attr: string, value: unknown): void {
  if (!(target instanceof Namespace)) {
    throw new JinjaRuntimeError('cannot assign attribute on non-namespace object', 'TemplateRuntimeError');
  }
  (target as unknown as Record<string, unknown>)[attr] = value;
}
