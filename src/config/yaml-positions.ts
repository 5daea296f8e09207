/**
 * Where each part of a parsed YAML file is written: a tree of character offsets shaped like the
 * parsed value, so that an error about the value at a key path can name its line and column.
 * Built from js-yaml's parser events (the fast path) or from the `yaml` package's document (the
 * files js-yaml refuses), with the same offsets either way: a node starts where the `yaml`
 * package's range starts (at a quote, a block scalar's `|`, an alias's `*`).
 */
import { EVENT_ID, SCALAR_STYLE, getScalarValue, type Event, type ScalarEvent } from 'js-yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';

/** One node's position; a mapping's entries by key (as the key reads in the parsed value), a sequence's items in order. */
export interface YamlPosition {
  readonly start: number;
  readonly entries?: ReadonlyMap<string, { readonly key: number; readonly value: YamlPosition | undefined }>;
  readonly items?: readonly (YamlPosition | undefined)[];
}

interface OpenCollection {
  readonly start: number;
  readonly entries?: Map<string, { key: number; value: YamlPosition | undefined }>;
  readonly items?: (YamlPosition | undefined)[];
  /** A mapping's key waiting for its value. */
  pendingKey?: { text: string | undefined; start: number };
}

/** Positions of the first document in `events`, which js-yaml's parseEvents made from `source`. */
export function positionsFromEvents(events: readonly Event[], source: string): YamlPosition | undefined {
  let root: YamlPosition | undefined;
  const stack: OpenCollection[] = [];
  let lastStart = 0;
  const add = (node: YamlPosition | undefined, keyText: () => string | undefined): void => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      root ??= node;
      return;
    }
    if (parent.items) parent.items.push(node);
    else if (parent.pendingKey) {
      if (parent.pendingKey.text !== undefined && !parent.entries!.has(parent.pendingKey.text)) parent.entries!.set(parent.pendingKey.text, { key: parent.pendingKey.start, value: node });
      parent.pendingKey = undefined;
    } else parent.pendingKey = { text: keyText(), start: node?.start ?? lastStart };
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (root !== undefined) return root;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const open: OpenCollection = event.type === EVENT_ID.MAPPING ? { start: event.start, entries: new Map() } : { start: event.start, items: [] };
        lastStart = event.start;
        add(open, () => undefined);
        stack.push(open);
        break;
      }
      case EVENT_ID.SCALAR: {
        const start = scalarStart(event, source, lastStart);
        lastStart = start;
        add({ start }, () => keyTextOf(event, source));
        break;
      }
      case EVENT_ID.ALIAS:
        lastStart = event.anchorStart - 1;
        add({ start: lastStart }, () => undefined);
        break;
      case EVENT_ID.POP:
        stack.pop();
        break;
    }
  }
  return root;
}

/** Positions of a `yaml` package document (for the files js-yaml does not read). */
export function positionsFromDocument(document: Document): YamlPosition | undefined {
  const visit = (node: unknown): YamlPosition | undefined => {
    const start = (node as { range?: [number] } | null)?.range?.[0];
    if (start === undefined) return undefined;
    if (isMap(node)) {
      const entries = new Map<string, { key: number; value: YamlPosition | undefined }>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        const keyStart = (pair.key as { range?: [number] } | null)?.range?.[0];
        const value = visit(pair.value);
        if (key !== undefined && !entries.has(key)) entries.set(key, { key: keyStart ?? value?.start ?? start, value });
      }
      return { start, entries };
    }
    if (isSeq(node)) return { start, items: node.items.map(visit) };
    if (isScalar(node) || isAlias(node)) return { start };
    return undefined;
  };
  return visit(document.contents);
}

/**
 * Where a scalar starts as the `yaml` package counts it: at the opening quote, at a block scalar's
 * indicator (js-yaml's offsets are those of the content); an empty scalar at the node before it.
 */
function scalarStart(event: ScalarEvent, source: string, before: number): number {
  if (event.valueStart < 0) return before;
  switch (event.style) {
    case SCALAR_STYLE.SINGLE_QUOTED:
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return event.valueStart - 1;
    case SCALAR_STYLE.LITERAL_BLOCK:
    case SCALAR_STYLE.FOLDED_BLOCK:
      return blockIndicator(source, event.valueStart) ?? event.valueStart;
    default:
      return event.valueStart;
  }
}

/** The `|` or `>` on the header line above a block scalar's content (a trailing comment aside). */
function blockIndicator(source: string, contentStart: number): number | undefined {
  const headerEnd = source.lastIndexOf('\n', contentStart - 1);
  if (headerEnd < 0) return undefined;
  const headerStart = source.lastIndexOf('\n', headerEnd - 1) + 1;
  let header = source.slice(headerStart, headerEnd);
  const comment = header.search(/\s#/);
  if (comment >= 0) header = header.slice(0, comment);
  const at = Math.max(header.lastIndexOf('|'), header.lastIndexOf('>'));
  return at < 0 ? undefined : headerStart + at;
}

/** A mapping key as the parsed value spells it: a plain scalar resolved by YAML 1.2's core schema. */
function keyTextOf(event: ScalarEvent, source: string): string {
  const text = getScalarValue(source, event);
  if (event.style !== SCALAR_STYLE.PLAIN) return text;
  if (/^(~|null|Null|NULL|)$/.test(text)) return 'null';
  if (/^(true|True|TRUE)$/.test(text)) return 'true';
  if (/^(false|False|FALSE)$/.test(text)) return 'false';
  if (/^[-+]?[0-9]+$/.test(text) || /^0o[0-7]+$/.test(text) || /^0x[0-9a-fA-F]+$/.test(text)) {
    return String(text.startsWith('0o') ? parseInt(text.slice(2), 8) : Number(text));
  }
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return String(Number(text));
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? '-Infinity' : 'Infinity';
  if (/^\.(nan|NaN|NAN)$/.test(text)) return 'NaN';
  return text;
}
