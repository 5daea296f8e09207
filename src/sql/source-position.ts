/** 1-based line and column (in characters) of a place in a SQL text. */
export interface SqlPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * The line and column of the `index`-th code point. PostgreSQL reports error cursors in
 * characters, which differ from JavaScript's UTF-16 indexes once a query has astral characters.
 */
export function positionOfCodePoint(sql: string, index: number): SqlPosition {
  let line = 1;
  let column = 1;
  let seen = 0;
  for (const char of sql) {
    if (seen >= index) break;
    seen++;
    if (char === '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

/**
 * The line and column of a UTF-8 byte offset. Parse-tree node locations are byte offsets
 * into the query, so any non-ASCII text before a node shifts them away from string indexes.
 */
export function positionOfByteOffset(sql: string, offset: number): SqlPosition {
  let line = 1;
  let column = 1;
  let bytes = 0;
  for (const char of sql) {
    if (bytes >= offset) break;
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (char === '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

/** The source line at `position` with a caret under its column, for one-glance error output. */
export function caretExcerpt(sql: string, position: SqlPosition): string {
  const text = sql.split(/\r?\n/)[position.line - 1] ?? '';
  const before = [...text].slice(0, position.column - 1).join('');
  // Tabs stay tabs under the caret so it lines up however the terminal renders them.
  const padding = before.replace(/[^\t]/gu, ' ');
  return `${text}\n${padding}^`;
}
