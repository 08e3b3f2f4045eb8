/**
 * A small, safe expression language for questionnaire scoring rules.
 *
 * Nothing here uses eval, `new Function` or property access driven by the formula text: the source
 * is tokenised and parsed by hand into an AST whose identifiers are checked against closed lists,
 * and the evaluator only knows the variables it is handed.
 *
 * Grammar (lowest to highest precedence):
 *   expr       := or
 *   or         := and ('or' and)*
 *   and        := not ('and' not)*
 *   not        := 'not' not | comparison
 *   comparison := additive (('<' | '<=' | '>' | '>=' | '==' | '!=') additive)?   -- no chaining
 *   additive   := term (('+' | '-') term)*
 *   term       := unary (('*' | '/' | '%') unary)*
 *   unary      := '-' unary | primary
 *   primary    := number | variable | function '(' args? ')' | '(' expr ')'
 *
 * Semantics:
 *  - every value is a finite number; booleans are 1 (true) and 0 (false), any non-zero is true;
 *  - `and` / `or` / `not` and comparisons return 1 or 0; `and`, `or` and `if` only evaluate what they need;
 *  - division and remainder by zero give 0 (a scoring rule must never fail on a zero answer);
 *  - `%` is the remainder with the sign of the dividend (like JavaScript);
 *  - `round` rounds half away from zero; `clamp(x, lo, hi)` is `min(max(x, lo), hi)`;
 *  - any non-finite intermediate result (overflow) is an evaluation error.
 *  - `min` and `max` are variables (bounds of the question's value) unless followed by `(`.
 */

export const FORMULA_MAX_LENGTH = 500;
export const FORMULA_MAX_DEPTH = 50;

export const FORMULA_VARIABLES = ['value', 'weight', 'count', 'min', 'max', 'answered'] as const;
export type FormulaVariable = (typeof FORMULA_VARIABLES)[number];

export const FORMULA_FUNCTIONS = ['min', 'max', 'abs', 'round', 'floor', 'ceil', 'if', 'clamp'] as const;
export type FormulaFunction = (typeof FORMULA_FUNCTIONS)[number];

/** Allowed argument counts per function (`max: null` = variadic). */
export const FORMULA_FUNCTION_ARITY: Readonly<Record<FormulaFunction, { min: number; max: number | null }>> = {
  min: { min: 1, max: null },
  max: { min: 1, max: null },
  abs: { min: 1, max: 1 },
  round: { min: 1, max: 1 },
  floor: { min: 1, max: 1 },
  ceil: { min: 1, max: 1 },
  if: { min: 3, max: 3 },
  clamp: { min: 3, max: 3 },
};

export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | ComparisonOperator | 'and' | 'or';
export type UnaryOperator = '-' | 'not';

export type FormulaNode =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'variable'; readonly name: FormulaVariable }
  | { readonly kind: 'unary'; readonly op: UnaryOperator; readonly operand: FormulaNode }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: FormulaNode; readonly right: FormulaNode }
  | { readonly kind: 'call'; readonly name: FormulaFunction; readonly args: readonly FormulaNode[] };

export interface FormulaError {
  readonly message: string;
  /** 0-based character offset in the source where the problem was found. */
  readonly position: number;
}

export type FormulaParseResult =
  { readonly ok: true; readonly ast: FormulaNode } | { readonly ok: false; readonly error: FormulaError };

export type FormulaVariables = Readonly<Record<FormulaVariable, number>>;

export type FormulaEvaluation =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: { readonly message: string } };

const VARIABLE_SET: ReadonlySet<string> = new Set(FORMULA_VARIABLES);
const FUNCTION_SET: ReadonlySet<string> = new Set(FORMULA_FUNCTIONS);
const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not']);
const COMPARISONS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', '==', '!=']);

// ---------------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { readonly type: 'number'; readonly value: number; readonly pos: number; readonly text: string }
  | { readonly type: 'ident'; readonly name: string; readonly pos: number }
  | { readonly type: 'op'; readonly op: string; readonly pos: number }
  | { readonly type: 'eof'; readonly pos: number };

/** Internal: unwinds the parser; always caught by parseFormula and turned into a result. */
class FormulaFailure extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code >= 0x20 && code < 0x7f ? `'${c}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Reads one token at a time, so that the first problem in reading order is the one reported
 * (e.g. "process.exit(1)" fails on the unknown name at 0, not on the '.' at 7).
 */
class Lexer {
  private i = 0;

  constructor(private readonly src: string) {}

  next(): Token {
    const src = this.src;
    while (this.i < src.length) {
      const c = src.charAt(this.i);
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') break;
      this.i++;
    }
    const start = this.i;
    if (start >= src.length) return { type: 'eof', pos: src.length };
    const c = src.charAt(start);
    if (isDigit(c)) {
      let i = start;
      while (i < src.length && isDigit(src.charAt(i))) i++;
      if (src.charAt(i) === '.') {
        i++;
        if (!isDigit(src.charAt(i))) throw new FormulaFailure("Expected a digit after '.'", i);
        while (i < src.length && isDigit(src.charAt(i))) i++;
      }
      this.i = i;
      const text = src.slice(start, i);
      const value = Number(text);
      if (!Number.isFinite(value)) throw new FormulaFailure('Number is too large', start);
      return { type: 'number', value, pos: start, text };
    }
    if (isIdentStart(c)) {
      let i = start;
      while (i < src.length && isIdentPart(src.charAt(i))) i++;
      this.i = i;
      return { type: 'ident', name: src.slice(start, i), pos: start };
    }
    const two = src.slice(start, start + 2);
    if (two === '<=' || two === '>=' || two === '==' || two === '!=') {
      this.i += 2;
      return { type: 'op', op: two, pos: start };
    }
    if (two === '&&') throw new FormulaFailure("Unexpected '&&'; use 'and'", start);
    if (two === '||') throw new FormulaFailure("Unexpected '||'; use 'or'", start);
    if ('+-*/%(),<>'.includes(c)) {
      this.i++;
      return { type: 'op', op: c, pos: start };
    }
    if (c === '=') throw new FormulaFailure("Unexpected '='; use '==' to compare", start);
    if (c === '!') throw new FormulaFailure("Unexpected '!'; use 'not' or '!='", start);
    throw new FormulaFailure(`Unexpected character ${describeChar(c)}`, start);
  }
}

// ---------------------------------------------------------------------------------------------
// Parser

function describeToken(t: Token): string {
  switch (t.type) {
    case 'eof':
      return 'end of formula';
    case 'number':
      return `number ${t.text}`;
    case 'ident':
      return KEYWORDS.has(t.name) ? `keyword '${t.name}'` : `'${t.name}'`;
    case 'op':
      return `'${t.op}'`;
  }
}

class Parser {
  private lookahead: Token | null = null;
  private nesting = 0;
  private readonly depths = new WeakMap<FormulaNode, number>();

  constructor(private readonly lexer: Lexer) {}

  parse(): FormulaNode {
    const ast = this.expression();
    const t = this.peek();
    if (t.type !== 'eof') throw new FormulaFailure(`Unexpected ${describeToken(t)}`, t.pos);
    return ast;
  }

  private peek(): Token {
    this.lookahead ??= this.lexer.next();
    return this.lookahead;
  }

  private next(): Token {
    const t = this.peek();
    this.lookahead = null;
    return t;
  }

  /** Like isOp, but a lexical error further on reads as "no": the caller has an earlier error to report. */
  private isOpLenient(op: string): boolean {
    try {
      return this.isOp(op);
    } catch (e) {
      if (e instanceof FormulaFailure) return false;
      throw e;
    }
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.type === 'op' && t.op === op;
  }

  private isKeyword(name: string): boolean {
    const t = this.peek();
    return t.type === 'ident' && t.name === name;
  }

  private enter(pos: number): void {
    this.nesting++;
    if (this.nesting > FORMULA_MAX_DEPTH) {
      throw new FormulaFailure(`Formula is nested too deeply (more than ${FORMULA_MAX_DEPTH} levels)`, pos);
    }
  }

  private leave(): void {
    this.nesting--;
  }

  private depthOf(node: FormulaNode): number {
    return this.depths.get(node) ?? 1;
  }

  /** Records a node's depth and refuses trees deeper than FORMULA_MAX_DEPTH. */
  private make(node: FormulaNode, pos: number): FormulaNode {
    let depth = 1;
    if (node.kind === 'unary') depth = 1 + this.depthOf(node.operand);
    else if (node.kind === 'binary') depth = 1 + Math.max(this.depthOf(node.left), this.depthOf(node.right));
    else if (node.kind === 'call') depth = 1 + node.args.reduce((m, a) => Math.max(m, this.depthOf(a)), 0);
    if (depth > FORMULA_MAX_DEPTH) {
      throw new FormulaFailure(`Formula is too deep (more than ${FORMULA_MAX_DEPTH} levels of operations)`, pos);
    }
    this.depths.set(node, depth);
    return node;
  }

  /** `start` is where the nesting begins (the '(' of a group), for the depth error position. */
  private expression(start?: number): FormulaNode {
    this.enter(start ?? this.peek().pos);
    const node = this.or();
    this.leave();
    return node;
  }

  private or(): FormulaNode {
    let left = this.and();
    while (this.isKeyword('or')) {
      const pos = this.next().pos;
      const right = this.and();
      left = this.make({ kind: 'binary', op: 'or', left, right }, pos);
    }
    return left;
  }

  private and(): FormulaNode {
    let left = this.not();
    while (this.isKeyword('and')) {
      const pos = this.next().pos;
      const right = this.not();
      left = this.make({ kind: 'binary', op: 'and', left, right }, pos);
    }
    return left;
  }

  private not(): FormulaNode {
    if (this.isKeyword('not')) {
      const pos = this.next().pos;
      this.enter(pos);
      const operand = this.not();
      this.leave();
      return this.make({ kind: 'unary', op: 'not', operand }, pos);
    }
    return this.comparison();
  }

  private comparison(): FormulaNode {
    const left = this.additive();
    const t = this.peek();
    if (t.type === 'op' && COMPARISONS.has(t.op)) {
      this.next();
      const right = this.additive();
      const node = this.make({ kind: 'binary', op: t.op as ComparisonOperator, left, right }, t.pos);
      const after = this.peek();
      if (after.type === 'op' && COMPARISONS.has(after.op)) {
        throw new FormulaFailure("Comparisons cannot be chained; combine them with 'and'", after.pos);
      }
      return node;
    }
    return left;
  }

  private additive(): FormulaNode {
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (t.type !== 'op' || (t.op !== '+' && t.op !== '-')) return left;
      this.next();
      const right = this.term();
      left = this.make({ kind: 'binary', op: t.op, left, right }, t.pos);
    }
  }

  private term(): FormulaNode {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.type !== 'op' || (t.op !== '*' && t.op !== '/' && t.op !== '%')) return left;
      this.next();
      const right = this.unary();
      left = this.make({ kind: 'binary', op: t.op, left, right }, t.pos);
    }
  }

  private unary(): FormulaNode {
    if (this.isOp('-')) {
      const pos = this.next().pos;
      this.enter(pos);
      const operand = this.unary();
      this.leave();
      return this.make({ kind: 'unary', op: '-', operand }, pos);
    }
    return this.primary();
  }

  private primary(): FormulaNode {
    const t = this.next();
    switch (t.type) {
      case 'number':
        return this.make({ kind: 'number', value: t.value }, t.pos);
      case 'op':
        if (t.op === '(') {
          const inner = this.expression(t.pos);
          this.expect(')', `Expected ')' to close the '(' at position ${t.pos}`);
          return inner;
        }
        throw new FormulaFailure(`Unexpected ${describeToken(t)}`, t.pos);
      case 'eof':
        throw new FormulaFailure('Unexpected end of formula', t.pos);
      case 'ident':
        return this.identifier(t);
    }
  }

  private identifier(t: Extract<Token, { type: 'ident' }>): FormulaNode {
    if (KEYWORDS.has(t.name)) {
      const hint = t.name === 'not' ? '; wrap it in parentheses' : '';
      throw new FormulaFailure(`Unexpected keyword '${t.name}'${hint}`, t.pos);
    }
    if (!VARIABLE_SET.has(t.name) && !FUNCTION_SET.has(t.name)) {
      if (this.isOpLenient('(')) throw new FormulaFailure(`Unknown function '${t.name}'`, t.pos);
      throw new FormulaFailure(`Unknown identifier '${t.name}' (allowed: ${FORMULA_VARIABLES.join(', ')})`, t.pos);
    }
    if (this.isOp('(')) {
      if (!FUNCTION_SET.has(t.name)) throw new FormulaFailure(`'${t.name}' is a variable, not a function`, t.pos);
      const name = t.name as FormulaFunction;
      const open = this.next();
      const args: FormulaNode[] = [];
      if (!this.isOp(')')) {
        for (;;) {
          args.push(this.expression());
          if (!this.isOp(',')) break;
          this.next();
        }
      }
      this.expect(')', `Expected ',' or ')' in the call to '${name}' opened at position ${open.pos}`);
      const arity = FORMULA_FUNCTION_ARITY[name];
      if (args.length < arity.min || (arity.max !== null && args.length > arity.max)) {
        const expected =
          arity.max === null
            ? `at least ${arity.min} argument${arity.min > 1 ? 's' : ''}`
            : `${arity.min} argument${arity.min > 1 ? 's' : ''}`;
        throw new FormulaFailure(`Function '${name}' expects ${expected}, got ${args.length}`, t.pos);
      }
      return this.make({ kind: 'call', name, args }, t.pos);
    }
    if (VARIABLE_SET.has(t.name)) return this.make({ kind: 'variable', name: t.name as FormulaVariable }, t.pos);
    throw new FormulaFailure(`'${t.name}' is a function; call it with arguments, e.g. ${t.name}(…)`, t.pos);
  }

  private expect(op: string, message: string): void {
    const t = this.peek();
    if (t.type === 'op' && t.op === op) {
      this.next();
      return;
    }
    throw new FormulaFailure(`${message}, found ${describeToken(t)}`, t.pos);
  }
}

/** Parses a formula. Never throws: any problem is returned with its 0-based character position. */
export function parseFormula(src: string): FormulaParseResult {
  try {
    if (typeof src !== 'string') throw new FormulaFailure('Formula must be a string', 0);
    if (src.length > FORMULA_MAX_LENGTH) {
      throw new FormulaFailure(`Formula is longer than ${FORMULA_MAX_LENGTH} characters`, FORMULA_MAX_LENGTH);
    }
    if (src.trim() === '') throw new FormulaFailure('Formula is empty', 0);
    const ast = new Parser(new Lexer(src)).parse();
    return { ok: true, ast };
  } catch (e) {
    if (e instanceof FormulaFailure) return { ok: false, error: { message: e.message, position: e.position } };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** Internal: unwinds the evaluator; always caught by evaluateFormula and turned into a result. */
class EvaluationFailure extends Error {}

function finite(x: number): number {
  if (!Number.isFinite(x)) throw new EvaluationFailure('Result is not a finite number');
  return x;
}

function truthy(x: number): boolean {
  return x !== 0;
}

/** Rounds half away from zero (2.5 → 3, -2.5 → -3). */
export function roundHalfAwayFromZero(x: number): number {
  const r = Math.sign(x) * Math.round(Math.abs(x));
  return r === 0 ? 0 : r;
}

function readVariable(name: unknown, vars: FormulaVariables): number {
  let v: unknown;
  // A closed switch: the AST may have been built by hand, so the name is never used as a key blindly.
  switch (name) {
    case 'value':
      v = vars.value;
      break;
    case 'weight':
      v = vars.weight;
      break;
    case 'count':
      v = vars.count;
      break;
    case 'min':
      v = vars.min;
      break;
    case 'max':
      v = vars.max;
      break;
    case 'answered':
      v = vars.answered;
      break;
    default:
      throw new EvaluationFailure(`Unknown variable ${JSON.stringify(String(name))}`);
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new EvaluationFailure(`Variable '${String(name)}' is not a finite number`);
  }
  return v;
}

function evaluateNode(node: FormulaNode, vars: FormulaVariables, depth: number): number {
  if (depth > FORMULA_MAX_DEPTH) throw new EvaluationFailure(`Formula is deeper than ${FORMULA_MAX_DEPTH} levels`);
  if (typeof node !== 'object' || node === null) throw new EvaluationFailure('Malformed formula');
  const d = depth + 1;
  switch (node.kind) {
    case 'number':
      if (typeof node.value !== 'number') throw new EvaluationFailure('Malformed number');
      return finite(node.value);
    case 'variable':
      return readVariable(node.name, vars);
    case 'unary': {
      const x = evaluateNode(node.operand, vars, d);
      if (node.op === '-') return finite(-x);
      if (node.op === 'not') return truthy(x) ? 0 : 1;
      throw new EvaluationFailure('Unknown unary operator');
    }
    case 'binary':
      return evaluateBinary(node.op, node.left, node.right, vars, d);
    case 'call':
      return evaluateCall(node.name, node.args, vars, d);
    default:
      throw new EvaluationFailure('Malformed formula');
  }
}

function evaluateBinary(
  op: BinaryOperator,
  leftNode: FormulaNode,
  rightNode: FormulaNode,
  vars: FormulaVariables,
  depth: number,
): number {
  if (op === 'and') {
    if (!truthy(evaluateNode(leftNode, vars, depth))) return 0;
    return truthy(evaluateNode(rightNode, vars, depth)) ? 1 : 0;
  }
  if (op === 'or') {
    if (truthy(evaluateNode(leftNode, vars, depth))) return 1;
    return truthy(evaluateNode(rightNode, vars, depth)) ? 1 : 0;
  }
  const a = evaluateNode(leftNode, vars, depth);
  const b = evaluateNode(rightNode, vars, depth);
  switch (op) {
    case '+':
      return finite(a + b);
    case '-':
      return finite(a - b);
    case '*':
      return finite(a * b);
    case '/':
      return b === 0 ? 0 : finite(a / b);
    case '%':
      return b === 0 ? 0 : finite(a % b);
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    default:
      throw new EvaluationFailure('Unknown operator');
  }
}

function evaluateCall(
  name: FormulaFunction,
  args: readonly FormulaNode[],
  vars: FormulaVariables,
  depth: number,
): number {
  const list: unknown = args;
  if (!FUNCTION_SET.has(name) || !Array.isArray(list)) throw new EvaluationFailure('Unknown function');
  const arity = FORMULA_FUNCTION_ARITY[name];
  if (args.length < arity.min || (arity.max !== null && args.length > arity.max)) {
    throw new EvaluationFailure(`Wrong number of arguments for '${name}'`);
  }
  const arg = (i: number): number => {
    const node = args[i];
    if (node === undefined) throw new EvaluationFailure('Missing argument');
    return evaluateNode(node, vars, depth);
  };
  switch (name) {
    case 'if':
      return truthy(arg(0)) ? arg(1) : arg(2);
    case 'min':
    case 'max': {
      let acc = arg(0);
      for (let i = 1; i < args.length; i++) {
        const x = arg(i);
        acc = name === 'min' ? Math.min(acc, x) : Math.max(acc, x);
      }
      return acc;
    }
    case 'abs':
      return Math.abs(arg(0));
    case 'round':
      return roundHalfAwayFromZero(arg(0));
    case 'floor':
      return Math.floor(arg(0));
    case 'ceil':
      return Math.ceil(arg(0));
    case 'clamp': {
      const x = arg(0);
      const lo = arg(1);
      const hi = arg(2);
      return Math.min(Math.max(x, lo), hi);
    }
  }
}

/**
 * Evaluates a parsed formula with the given variables only. Never throws: a non-finite result or a
 * malformed (hand-built) AST is returned as an error.
 */
export function evaluateFormula(ast: FormulaNode, vars: FormulaVariables): FormulaEvaluation {
  try {
    const value = evaluateNode(ast, vars, 1);
    return { ok: true, value: value === 0 ? 0 : value };
  } catch (e) {
    if (e instanceof EvaluationFailure) return { ok: false, error: { message: e.message } };
    if (e instanceof RangeError) return { ok: false, error: { message: 'Formula is too deep' } };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Printing (canonical form, minimal parentheses) — used by editors and by the round-trip tests.

const PREC_OR = 1;
const PREC_AND = 2;
const PREC_NOT = 3;
const PREC_COMPARISON = 4;
const PREC_ADDITIVE = 5;
const PREC_TERM = 6;
const PREC_UNARY = 7;
const PREC_PRIMARY = 8;

function binaryPrecedence(op: BinaryOperator): number {
  switch (op) {
    case 'or':
      return PREC_OR;
    case 'and':
      return PREC_AND;
    case '+':
    case '-':
      return PREC_ADDITIVE;
    case '*':
    case '/':
    case '%':
      return PREC_TERM;
    default:
      return PREC_COMPARISON;
  }
}

function printNumber(value: number): string {
  const abs = Math.abs(value);
  let text = String(abs);
  if (text.includes('e')) {
    text = Number.isInteger(abs) ? BigInt(abs).toString() : abs.toFixed(100).replace(/0+$/, '');
  }
  return value < 0 || Object.is(value, -0) ? `-${text}` : text;
}

function print(node: FormulaNode): { text: string; prec: number } {
  switch (node.kind) {
    case 'number':
      return { text: printNumber(node.value), prec: node.value < 0 ? PREC_UNARY : PREC_PRIMARY };
    case 'variable':
      return { text: node.name, prec: PREC_PRIMARY };
    case 'call':
      return { text: `${node.name}(${node.args.map((a) => print(a).text).join(', ')})`, prec: PREC_PRIMARY };
    case 'unary': {
      const inner = print(node.operand);
      if (node.op === '-') {
        const text = inner.prec < PREC_UNARY ? `(${inner.text})` : inner.text;
        return { text: `-${text}`, prec: PREC_UNARY };
      }
      const text = inner.prec < PREC_NOT ? `(${inner.text})` : inner.text;
      return { text: `not ${text}`, prec: PREC_NOT };
    }
    case 'binary': {
      const p = binaryPrecedence(node.op);
      const l = print(node.left);
      const r = print(node.right);
      const leftParens = l.prec < p || (p === PREC_COMPARISON && l.prec === p);
      const rightParens = r.prec <= p;
      const lt = leftParens ? `(${l.text})` : l.text;
      const rt = rightParens ? `(${r.text})` : r.text;
      return { text: `${lt} ${node.op} ${rt}`, prec: p };
    }
  }
}

/** Prints an AST back as formula source with the fewest parentheses that keep its structure. */
export function printFormula(ast: FormulaNode): string {
  return print(ast).text;
}

/** The variables a formula reads (to warn about e.g. `count` on a scale question). */
export function formulaVariablesUsed(ast: FormulaNode): FormulaVariable[] {
  const used = new Set<FormulaVariable>();
  const walk = (n: FormulaNode): void => {
    if (n.kind === 'variable') used.add(n.name);
    else if (n.kind === 'unary') walk(n.operand);
    else if (n.kind === 'binary') {
      walk(n.left);
      walk(n.right);
    } else if (n.kind === 'call') n.args.forEach(walk);
  };
  walk(ast);
  return FORMULA_VARIABLES.filter((v) => used.has(v));
}
