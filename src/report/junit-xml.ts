import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NodeResult } from '../execute/results.js';
import type { Manifest } from '../parse/manifest.js';

export interface JunitXmlOptions {
  /** The suite's name, `strata <command>` (e.g. `strata build`). */
  readonly suiteName: string;
  /** Wall-clock seconds of the run; defaults to the sum of the nodes' times. */
  readonly elapsedSeconds?: number;
  /** When the run started (ISO 8601), shown by CI systems next to the suite. */
  readonly timestamp?: string;
}

/** How many failing rows a `fail` testcase prints in its body. */
const SHOWN_FAILING_ROWS = 10;

/**
 * JUnit XML for a run, in the shape CI systems render (GitHub, GitLab, Jenkins, Azure):
 * one testsuite, one testcase per node result; `fail` is a <failure>, `error` an <error>,
 * `skipped` a <skipped>, and `warn` a passing testcase whose <system-out> says why it warned.
 */
export function junitXml(results: readonly NodeResult[], manifest: Manifest, options: JunitXmlOptions): string {
  const count = (status: NodeResult['status']) => results.filter((r) => r.status === status).length;
  const time = options.elapsedSeconds ?? results.reduce((sum, r) => sum + r.execution_time, 0);
  const counts =
    `tests="${results.length}" failures="${count('fail')}" errors="${count('error')}" ` +
    `skipped="${count('skipped')}" time="${seconds(time)}"`;
  const name = attr(options.suiteName);
  const timestamp = options.timestamp === undefined ? '' : ` timestamp="${attr(options.timestamp)}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" ${counts}>`,
    `  <testsuite name="${name}" ${counts}${timestamp}>`,
    ...results.map((result) => testcase(result, manifest)),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

/** Writes `junitXml(...)` to `file` atomically (temp file + rename), creating its folder. */
export async function writeJunitXml(file: string, results: readonly NodeResult[], manifest: Manifest, options: JunitXmlOptions): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, junitXml(results, manifest, options), 'utf8');
  await rename(temp, file);
}

function testcase(result: NodeResult, manifest: Manifest): string {
  const node = manifest.nodes[result.unique_id];
  // A result without a node (the manifest changed under a retry) still gets a readable case from its id.
  const [idType = 'node', idPackage = '', ...idRest] = result.unique_id.split('.');
  const classname = node ? `${node.resource_type}.${node.package_name}` : `${idType}.${idPackage}`;
  const name = node?.name ?? (idRest.join('.') || result.unique_id);
  const file = node ? ` file="${attr(node.original_file_path)}"` : '';
  const open = `    <testcase classname="${attr(classname)}" name="${attr(name)}"${file} time="${seconds(result.execution_time)}"`;
  const child = testcaseChild(result);
  return child === undefined ? `${open}/>` : `${open}>\n${child}\n    </testcase>`;
}

function testcaseChild(result: NodeResult): string | undefined {
  switch (result.status) {
    case 'success':
    case 'pass':
      return result.notes?.length ? `      <system-out>${text(result.notes.join('\n'))}</system-out>` : undefined;
    case 'warn':
      return `      <system-out>${text(['warning: ' + result.message, ...details(result)].join('\n'))}</system-out>`;
    case 'fail': {
      const message = result.failures === undefined ? result.message : failingRowsMessage(result.failures);
      return `      <failure message="${attr(message)}" type="fail">${text([result.message, ...details(result)].join('\n'))}</failure>`;
    }
    case 'error':
      return `      <error message="${attr(firstLine(result.message))}" type="error">${text([result.message, ...details(result)].join('\n'))}</error>`;
    case 'skipped':
      return `      <skipped message="${attr(result.message)}"/>`;
    default: {
      const unreachable: never = result.status;
      return unreachable;
    }
  }
}

function failingRowsMessage(failures: number): string {
  return `${failures} failing row${failures === 1 ? '' : 's'}`;
}

/** The compiled query's path and the first failing rows, one JSON object per line. */
function details(result: NodeResult): string[] {
  const lines: string[] = [];
  if (result.compiled_path) lines.push(`compiled query: ${result.compiled_path}`);
  const rows = result.failing_rows ?? [];
  if (rows.length > 0) {
    const shown = rows.slice(0, SHOWN_FAILING_ROWS);
    const more = result.failures !== undefined && result.failures > shown.length ? ` of ${result.failures}` : '';
    lines.push(`first ${shown.length}${more} failing row${shown.length === 1 ? '' : 's'}:`);
    for (const row of shown) lines.push(`  ${JSON.stringify(row, jsonValue)}`);
  }
  return lines;
}

/** Values a database driver returns that JSON.stringify cannot write as users expect. */
function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  return value;
}

function firstLine(message: string): string {
  const end = message.indexOf('\n');
  return end === -1 ? message : message.slice(0, end);
}

function seconds(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : '0.000';
}

// Characters XML 1.0 cannot hold at all, not even as character references: C0 controls other
// than tab, newline and carriage return, U+FFFE/U+FFFF, and unpaired surrogates (from a cut string).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Shows a character XML cannot hold as `\uXXXX`, so the text stays readable and the file well-formed. */
function visibleEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Element content: `&`, `<` and `>` (the last so `]]>` never appears) as entities. */
export function escapeXmlText(value: string): string {
  return value.replace(NOT_XML, visibleEscape).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A double-quoted attribute value; tab, newline and CR as references, or parsers turn them into spaces. */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

const attr = escapeXmlAttribute;
// A CR in element content would be normalised to LF by parsers; a reference keeps it.
const text = (value: string) => escapeXmlText(value).replace(/\r/g, '&#13;');
