/** Tokens produced by the lexer, named as Jinja2 names them so error messages read the same. */

export type TokenType =
  | 'data'
  | 'variable_begin'
  | 'variable_end'
  | 'block_begin'
  | 'block_end'
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'add'
  | 'sub'
  | 'div'
  | 'floordiv'
  | 'mul'
  | 'pow'
  | 'mod'
  | 'tilde'
  | 'lbracket'
  | 'rbracket'
  | 'lparen'
  | 'rparen'
  | 'lbrace'
  | 'rbrace'
  | 'eq'
  | 'ne'
  | 'gt'
  | 'gteq'
  | 'lt'
  | 'lteq'
  | 'assign'
  | 'dot'
  | 'colon'
  | 'pipe'
  | 'comma'
  | 'semicolon'
  | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Text for data/name/operators, decoded value for strings, number for integer/float. */
  readonly value: string | number;
  /** 0-based offset of the token's first character in the (newline-normalised) source. */
  readonly offset: number;
}

export const OPERATORS: Readonly<Record<string, TokenType>> = {
  '//': 'floordiv',
  '**': 'pow',
  '==': 'eq',
  '!=': 'ne',
  '>=': 'gteq',
  '<=': 'lteq',
  '+': 'add',
  '-': 'sub',
  '/': 'div',
  '*': 'mul',
  '%': 'mod',
  '~': 'tilde',
  '[': 'lbracket',
  ']': 'rbracket',
  '(': 'lparen',
  ')': 'rparen',
  '{': 'lbrace',
  '}': 'rbrace',
  '>': 'gt',
  '<': 'lt',
  '=': 'assign',
  '.': 'dot',
  ':': 'colon',
  '|': 'pipe',
  ',': 'comma',
  ';': 'semicolon',
};

const DESCRIPTIONS: Partial<Record<TokenType, string>> = {
  variable_begin: 'begin of print statement',
  variable_end: 'end of print statement',
  block_begin: 'begin of statement block',
  block_end: 'end of statement block',
  data: 'template data / text',
  eof: 'end of template',
};

const OPERATOR_TEXT: Partial<Record<TokenType, string>> = Object.fromEntries(
  Object.entries(OPERATORS).map(([text, type]) => [type, text]),
);

/** Jinja2's describe_token_expr: how a token type (or `type:value`) appears in error messages. */
export function describeTokenType(type: string): string {
  if (type.includes(':')) {
    const [t, value] = type.split(':', 2);
    if (t === 'name') return value!;
    return value!;
  }
  return DESCRIPTIONS[type as TokenType] ?? OPERATOR_TEXT[type as TokenType] ?? type;
}

/** Jinja2's describe_token: names show their value, other tokens their description. */
export function describeToken(token: Token): string {
  if (token.type === 'name') return String(token.value);
  return describeTokenType(token.type);
}
