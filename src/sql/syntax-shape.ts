/**
 * The shape of a statement for the syntax check: its text with the contents of plain string
 * literals and quoted identifiers left out. Two statements of one shape tokenize alike, so
 * PostgreSQL's parser accepts both or neither, and a project's 25,000 generic tests, which differ
 * mostly in the quoted relation and the literals they name, are parsed once per shape.
 *
 * Only text whose tokens are certain without a lexer gets a shape: none for text with comments,
 * dollar quotes or parameters (`$`), backslashes, or Unicode escapes (`U&`), whose literals the
 * lexer reads differently. A literal or identifier right after a letter, digit or `_` (`E'…'`,
 * `B'…'`, `X'…'`) keeps its content: the lexer checks those. An empty quoted identifier, which the
 * lexer refuses, keeps its emptiness.
 */
export function syntaxShape(sql: string): string | undefined {
  if (/--|\/\*|\$|\\|[uU]&/.test(sql)) return undefined;
  let shape = '';
  let copiedTo = 0;
  let at = 0;
  while (at < sql.length) {
    const quote = sql[at];
    if (quote !== "'" && quote !== '"') {
      at++;
      continue;
    }
    const end = closingQuote(sql, at, quote);
    if (end === undefined) return undefined;
    const prefixed = at > 0 && /[A-Za-z0-9_]/.test(sql[at - 1]!);
    if (!prefixed) {
      const empty = end === at + 1;
      shape += sql.slice(copiedTo, at) + (quote === "'" ? "''" : empty ? '""' : '"x"');
      copiedTo = end + 1;
    }
    at = end + 1;
  }
  return shape + sql.slice(copiedTo);
}

/** The index of the quote closing the one at `start` (a doubled quote is part of the content). */
function closingQuote(sql: string, start: number, quote: string): number | undefined {
  let at = start + 1;
  for (;;) {
    const next = sql.indexOf(quote, at);
    if (next < 0) return undefined;
    if (sql[next + 1] !== quote) return next;
    at = next + 2;
  }
}
