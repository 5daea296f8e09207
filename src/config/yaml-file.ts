/**
 * Reading a YAML file while keeping positions, so that every later error can name the file,
 * line and column of the key it is about.
 */
import { readFile } from 'node:fs/promises';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { codeFrame } from '../errors/code-frame.js';
import { ConfigError, StrataErrors, type SourceLocation, type StrataError } from '../errors/strata-error.js';
import type { KeyPath } from './key-path.js';

/** A parsed YAML file: the document (with node ranges), its text, and a line counter for positions. */
export interface YamlFile {
  /** Path as shown to users (usually relative to the project). */
  readonly file: string;
  readonly source: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The text code frames are cut from: the source with credentials masked, for files that hold them. */
  readonly frameSource: string;
}

export interface ParseYamlOptions {
  /** Mask the values of password-like keys in code frames (profiles.yml). */
  readonly redactFrames?: boolean;
}

/** Parses YAML text; syntax errors become ConfigErrors with file:line:column (all of them, not just the first). */
export function parseYaml(source: string, file: string, options: ParseYamlOptions = {}): YamlFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const frameSource = options.redactFrames ? maskCredentialLines(source) : source;
  const yamlFile: YamlFile = { file, source, document, lineCounter, frameSource };
  if (document.errors.length > 0) {
    throw gathered(
      document.errors.map((e) => {
        const location = locationAtOffset(yamlFile, e.pos[0]);
        const firstLine = e.message.split('\n')[0] ?? e.message;
        return new ConfigError(`invalid YAML: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`, {
          location,
          frame: frameAt(yamlFile, location),
          hint: 'Check indentation, quoting and colons around this line.',
        });
      }),
    );
  }
  return yamlFile;
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
  const { line, col } = yamlFile.lineCounter.linePos(Math.max(0, Math.min(offset, yamlFile.source.length)));
  return { file: yamlFile.file, line, column: col };
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
  let node: unknown = yamlFile.document.contents;
  let offset = rangeStart(node) ?? 0;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(part));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return locationAtOffset(yamlFile, offset);
}

/** The position of the value (not the key) at `path`, for errors about a value's content. */
export function locateValue(yamlFile: YamlFile, path: KeyPath): SourceLocation {
  const node = yamlFile.document.getIn(path, true) as unknown;
  const start = rangeStart(node);
  return start === undefined ? locateKeyPath(yamlFile, path) : locationAtOffset(yamlFile, start);
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}
