import { invalidFilter } from '../errors.js';
import {
  compareOps,
  type AttrPath,
  type CompareOp,
  type FilterNode,
  type FilterValue,
} from './filter-node.js';

/**
 * RFC 7644 §3.4.2.2 filter parser: lexer + recursive descent, precedence `not` > `and` > `or`,
 * parentheses, value paths (`emails[type eq "work" and value co "@x"]`), case-insensitive operators.
 * Lenient where real IdPs need it: unquoted string values (`userName eq john@x.com`, seen from Entra)
 * and Entra's matching form `emails[type eq "work"].value eq "x"`, read as
 * `emails[type eq "work" and value eq "x"]`. Anything else malformed is `invalidFilter`, never a guess.
 */
export function parseFilter(
  input: string,
  limits: { maxLength?: number; maxDepth?: number } = {},
): FilterNode {
  const maxLength = limits.maxLength ?? 4096;
  if (input.length > maxLength) throw invalidFilter(`The filter is longer than ${maxLength} characters`);
  // No attribute can hold a NUL (PostgreSQL text cannot), and the database refuses one as a parameter.
  if (input.includes('\u0000')) throw invalidFilter('The filter contains a NUL character');
  const parser = new Parser(tokenize(input), limits.maxDepth ?? 16);
  const node = parser.parseOr();
  parser.expectEnd();
  return node;
}

type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'string'; text: string; at: number }
  | { type: '(' | ')' | '[' | ']'; at: number }
  | { type: 'end'; at: number };

// A word: attribute paths (with URNs, dots, $ref), operators, numbers, true/false/null, unquoted values.
const wordChar = /[^\s()[\]"]/;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ type: c, at: i });
      i++;
    } else if (c === '"') {
      const start = i;
      let text = '';
      i++;
      for (;;) {
        if (i >= input.length) throw invalidFilter(`Unterminated string starting at position ${start + 1}`);
        const ch = input[i]!;
        if (ch === '"') break;
        if (ch === '\\') {
          // JSON string escapes (RFC 7644 §3.4.2.2: values are JSON strings).
          const next = input[i + 1];
          const escapes: Record<string, string> = {
            '"': '"',
            '\\': '\\',
            '/': '/',
            b: '\b',
            f: '\f',
            n: '\n',
            r: '\r',
            t: '\t',
          };
          if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(input.slice(i + 2, i + 6))) {
            text += String.fromCharCode(parseInt(input.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          if (next === undefined || !(next in escapes))
            throw invalidFilter(`Invalid escape in string at position ${i + 1}`);
          text += escapes[next];
          i += 2;
          continue;
        }
        text += ch;
        i++;
      }
      i++;
      tokens.push({ type: 'string', text, at: start });
    } else {
      const start = i;
      while (i < input.length && wordChar.test(input[i]!)) i++;
      tokens.push({ type: 'word', text: input.slice(start, i), at: start });
    }
  }
  tokens.push({ type: 'end', at: input.length });
  return tokens;
}

const attrPathPattern = /^(?:(urn:[^\s[\]]+):)?([A-Za-z$][\w$-]*)(?:\.([A-Za-z$][\w$-]*))?$/i;

/** `urn:…:User:manager.value` → { uri, attr: 'manager', sub: 'value' }. */
export function parseAttrPath(text: string): AttrPath | null {
  if (/^urn:/i.test(text)) {
    // The attribute follows the URN's last colon.
    const cut = text.lastIndexOf(':');
    const uri = text.slice(0, cut);
    const rest = /^([A-Za-z$][\w$-]*)(?:\.([A-Za-z$][\w$-]*))?$/.exec(text.slice(cut + 1));
    if (!rest || uri.length <= 4) return null;
    return { uri, attr: rest[1]!, ...(rest[2] ? { sub: rest[2] } : {}) };
  }
  const m = attrPathPattern.exec(text);
  if (!m) return null;
  return { attr: m[2]!, ...(m[3] ? { sub: m[3] } : {}) };
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly maxDepth: number,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    return this.tokens[this.pos++]!;
  }
  private isWord(token: Token, word: string): boolean {
    return token.type === 'word' && token.text.toLowerCase() === word;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.type !== 'end')
      throw invalidFilter(`Unexpected ${describe(token)} at position ${token.at + 1}`);
  }

  parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    const token = this.peek();
    if (this.isWord(token, 'not')) {
      this.next();
      if (this.peek().type !== '(')
        throw invalidFilter(`"not" must be followed by "(" at position ${this.peek().at + 1}`);
      return { kind: 'not', filter: this.parseGroup() };
    }
    if (token.type === '(') return this.parseGroup();
    return this.parseAttrExpression();
  }

  private parseGroup(): FilterNode {
    this.enter();
    this.next(); // (
    const inner = this.parseOr();
    const close = this.next();
    if (close.type !== ')')
      throw invalidFilter(`Expected ")" at position ${close.at + 1}, found ${describe(close)}`);
    this.depth--;
    return inner;
  }

  private enter(): void {
    if (++this.depth > this.maxDepth)
      throw invalidFilter(`The filter nests deeper than ${this.maxDepth} levels`);
  }

  private parseAttrExpression(): FilterNode {
    const token = this.next();
    if (token.type !== 'word')
      throw invalidFilter(`Expected an attribute at position ${token.at + 1}, found ${describe(token)}`);
    const path = parseAttrPath(token.text);
    if (!path) throw invalidFilter(`"${token.text}" is not an attribute path`);

    if (this.peek().type === '[') {
      if (path.sub) throw invalidFilter(`A value filter cannot follow a sub-attribute: "${token.text}["`);
      this.enter();
      this.next();
      const inner = this.parseOr();
      const close = this.next();
      if (close.type !== ']')
        throw invalidFilter(`Expected "]" at position ${close.at + 1}, found ${describe(close)}`);
      this.depth--;
      const node: FilterNode = { kind: 'valuePath', path, filter: inner };
      // Entra: `emails[type eq "work"].value eq "x"` ≡ `emails[type eq "work" and value eq "x"]`.
      const after = this.peek();
      if (after.type === 'word' && after.text.startsWith('.')) {
        this.next();
        const sub = after.text.slice(1);
        if (!/^[A-Za-z$][\w$-]*$/.test(sub)) throw invalidFilter(`"${after.text}" is not a sub-attribute`);
        const condition = this.parseCondition({ attr: sub }, `${token.text}[…]${after.text}`);
        return { kind: 'valuePath', path, filter: { kind: 'and', left: inner, right: condition } };
      }
      return node;
    }
    return this.parseCondition(path, token.text);
  }

  private parseCondition(path: AttrPath, pathText: string): FilterNode {
    const opToken = this.next();
    if (opToken.type !== 'word')
      throw invalidFilter(`Expected an operator after "${pathText}", found ${describe(opToken)}`);
    const op = opToken.text.toLowerCase();
    if (op === 'pr') return { kind: 'present', path };
    if (!(compareOps as readonly string[]).includes(op)) {
      throw invalidFilter(`Unknown operator "${opToken.text}" after "${pathText}"`);
    }
    return { kind: 'compare', path, op: op as CompareOp, value: this.parseValue(pathText) };
  }

  private parseValue(pathText: string): FilterValue {
    const token = this.next();
    if (token.type === 'string') return token.text;
    if (token.type !== 'word')
      throw invalidFilter(`Expected a value after "${pathText}", found ${describe(token)}`);
    const text = token.text;
    const lower = text.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) return Number(text);
    // Unquoted string (lenient in). A keyword here would make the filter ambiguous.
    if (['and', 'or', 'not'].includes(lower))
      throw invalidFilter(`Expected a value after "${pathText}", found "${text}"`);
    return text;
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the filter';
    case 'word':
      return `"${token.text}"`;
    case 'string':
      return `the string "${token.text}"`;
    default:
      return `"${token.type}"`;
  }
}
