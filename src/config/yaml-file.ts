/**
 * Reading a YAML file while keeping positions, so that every later error can name the file,
 * line and column of the key it is about.
 */
import { readFile } from 'node:fs/promises';
import { CORE_SCHEMA, constructFromEvents, parseEvents } from 'js-yaml';
import { parseDocument, type Document } from 'yaml';
import { codeFrame } from '../errors/code-frame.js';
import { ConfigError, StrataErrors, type SourceLocation, type StrataError } from '../errors/strata-error.js';
import type { KeyPath } from './key-path.js';
import { positionsFromDocument, positionsFromEvents, type YamlPosition } from './yaml-positions.js';

/** A parsed YAML file: its value, where each part of it is written, and its text. */
export interface YamlFile {
  /** Path as shown to users (usually relative to the project). */
  readonly file: string;
  readonly source: string;
  /** The parsed value (null for an empty file); renderYamlStrings replaces the templated strings in it. */
  readonly value: unknown;
  /** Where the value's parts are written (undefined for an empty file). */
  readonly positions: YamlPosition | undefined;
  /** The `yaml` package's document with its nodes, parsed on first use (selectors.yml reads its aliases). */
  readonly document: Document.Parsed;
  /** The text code frames are cut from: the source with credentials masked, for files that hold them. */
  readonly frameSource: string;
}

export interface ParseYamlOptions {
  /** Mask the values of password-like keys in code frames (profiles.yml). */
  readonly redactFrames?: boolean;
}

/**
 * Parses YAML text; syntax errors become ConfigErrors with file:line:column (all of them, not just
 * the first). js-yaml reads the file, five times faster than the `yaml` package's document (1.4 s
 * for the 2 MB of property files of a 10,000-model project); a file it refuses (a complex key, an
 * unknown tag, a syntax error) is read by the `yaml` package as before, which reports every error
 * with its position. Both read YAML 1.2's core schema.
 */
export function parseYaml(source: string, file: string, options: ParseYamlOptions = {}): YamlFile {
  const frameSource = options.redactFrames ? maskCredentialLines(source) : source;
  const fast = readWithJsYaml(source);
  if (fast) return withLazyDocument({ file, source, frameSource, ...fast });
  const document = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  const positions = positionsFromDocument(document);
  // For the positions of errors, before the value is known.
  const located = withLazyDocument({ file, source, frameSource, value: null, positions }, document);
  if (document.errors.length > 0) {
    throw gathered(
      document.errors.map((e) => {
        const location = locationAtOffset(located, e.pos[0]);
        const firstLine = e.message.split('\n')[0] ?? e.message;
        return new ConfigError(`invalid YAML: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`, {
          location,
          frame: frameAt(located, location),
          hint: 'Check indentation, quoting and colons around this line.',
        });
      }),
    );
  }
  return withLazyDocument({ file, source, frameSource, value: valueOf(document, located), positions }, document);
}

/** The document's value; an alias to an anchor that is not there is the one error the yaml package finds only here. */
function valueOf(document: Document.Parsed, yamlFile: YamlFile): unknown {
  try {
    return document.toJS() ?? null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const alias = /Unresolved alias.*?: (\S+)$/.exec(message)?.[1];
    const at = alias === undefined ? -1 : yamlFile.source.indexOf(`*${alias}`);
    const location = at < 0 ? { file: yamlFile.file } : locationAtOffset(yamlFile, at);
    throw new ConfigError(`invalid YAML: ${alias === undefined ? message : `*${alias} refers to no anchor (&${alias}) above it`}`, {
      location,
      frame: frameAt(yamlFile, location),
      hint: 'Define the anchor before its first alias.',
    });
  }
}

/** The value and positions as js-yaml reads them, or undefined when it refuses the text or finds several documents. */
function readWithJsYaml(source: string): { value: unknown; positions: YamlPosition | undefined } | undefined {
  try {
    const events = parseEvents(source, {});
    const documents = constructFromEvents(events, { source, schema: CORE_SCHEMA });
    if (documents.length > 1) return undefined;
    return { value: documents[0] ?? null, positions: positionsFromEvents(events, source) };
  } catch {
    return undefined;
  }
}

function withLazyDocument(fields: Omit<YamlFile, 'document'>, parsed?: Document.Parsed): YamlFile {
  let document = parsed;
  return {
    ...fields,
    get document() {
      return (document ??= parseDocument(fields.source, { prettyErrors: false, uniqueKeys: true }));
    },
  };
}

/** Reads and parses a YAML file from disk; `displayPath` is how the file is named in errors. */
export async function readYamlFile(absolutePath: string, displayPath = absolutePath, options: ParseYamlOptions = {}): Promise<YamlFile> {
  const source = await readFile(absolutePath, 'utf8');
  return parseYaml(source, displayPath, options);
}

/** The source with the value of every `password:`/`pass:`-like line replaced by a mask. */
function maskCredentialLines(source: string): string {
  return source
    .split(/(\r?\n)/)
    .map((line) => line.replace(/^(\s*-?\s*["']?(?:password|pass|passwd|private_key|private_key_passphrase|token|secret)["']?\s*:\s*)\S.*$/i, '$1*****'))
    .join('');
}

/** One error as itself, several as StrataErrors in the order they appear in their files. */
export function gathered(errors: readonly StrataError[]): StrataError {
  if (errors.length === 1) return errors[0]!;
  const byPosition = [...errors].sort(
    (a, b) =>
      (a.location?.file ?? '').localeCompare(b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
  return new StrataErrors(byPosition);
}

/** The 1-based line and column of a character offset in the file. */
export function locationAtOffset(yamlFile: YamlFile, offset: number): SourceLocation {
  const starts = lineStartsOf(yamlFile);
  const at = Math.max(0, Math.min(offset, yamlFile.source.length));
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= at) low = middle;
    else high = middle - 1;
  }
  return { file: yamlFile.file, line: low + 1, column: at - starts[low]! + 1 };
}

const lineStarts = new WeakMap<YamlFile, number[]>();

/** The offset of every line's first character, found once per file (a property file is asked for hundreds of positions). */
function lineStartsOf(yamlFile: YamlFile): number[] {
  let starts = lineStarts.get(yamlFile);
  if (!starts) {
    starts = [0];
    const source = yamlFile.source;
    for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1)) starts.push(at + 1);
    lineStarts.set(yamlFile, starts);
  }
  return starts;
}

/** A code frame under the given location. */
export function frameAt(yamlFile: YamlFile, location: SourceLocation): string | undefined {
  if (location.line === undefined) return undefined;
  return codeFrame(yamlFile.frameSource, location.line, location.column ?? 1);
}

/**
 * Where the value at `path` is written: the key of the last mapping entry on the path (the
 * offending key), or the sequence item. When the path goes further than the document does (a
 * missing key), the deepest existing node is named instead.
 */
export function locateKeyPath(yamlFile: YamlFile, path: KeyPath): SourceLocation {
  let node = yamlFile.positions;
  let offset = node?.start ?? 0;
  for (const part of path) {
    if (node?.entries) {
      const entry = node.entries.get(String(part));
      if (!entry) break;
      offset = entry.key;
      node = entry.value;
    } else if (node?.items && typeof part === 'number') {
      const item = node.items[part];
      if (item === undefined) break;
      offset = item.start;
      node = item;
    } else {
      break;
    }
  }
  return locationAtOffset(yamlFile, offset);
}

/** The position of the value (not the key) at `path`, for errors about a value's content. */
export function locateValue(yamlFile: YamlFile, path: KeyPath): SourceLocation {
  let node = yamlFile.positions;
  for (const part of path) {
    node = node?.entries ? node.entries.get(String(part))?.value : node?.items && typeof part === 'number' ? node.items[part] : undefined;
  }
  return node === undefined ? locateKeyPath(yamlFile, path) : locationAtOffset(yamlFile, node.start);
}
