import { describe, expect, it } from 'vitest';
import {
  evaluateFormula,
  formulaVariablesUsed,
  parseFormula,
  printFormula,
  roundHalfAwayFromZero,
  type FormulaNode,
  type FormulaVariables,
} from '../../../src/shared/domain/questionnaires/formula.js';

const VARS: FormulaVariables = { value: 4, weight: 1.5, count: 2, min: 1, max: 5, answered: 1 };

function run(src: string, vars: FormulaVariables = VARS): number {
  const parsed = parseFormula(src);
  if (!parsed.ok) throw new Error(`parse failed: ${parsed.error.message} @${parsed.error.position}`);
  const result = evaluateFormula(parsed.ast, vars);
  if (!result.ok) throw new Error(`evaluation failed: ${result.error.message}`);
  return result.value;
}

function parseError(src: string): { message: string; position: number } {
  const parsed = parseFormula(src);
  if (parsed.ok) throw new Error(`expected a parse error for ${src}`);
  return parsed.error;
}

describe('evaluateFormula', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['100 / 10 / 5', 2],
    ['7 % 3', 1],
    ['-7 % 3', -1],
    ['-2 * 3', -6],
    ['- -2', 2],
    ['2.5 * 2', 5],
    ['value * weight', 6],
    ['(min + max - value) * weight', 3],
    ['count', 2],
    ['answered', 1],
    ['1 < 2', 1],
    ['2 <= 2', 1],
    ['3 > 4', 0],
    ['4 >= 5', 0],
    ['value == 4', 1],
    ['value != 4', 0],
    ['1 and 0', 0],
    ['1 and 2', 1],
    ['0 or 0', 0],
    ['0 or 3', 1],
    ['not 0', 1],
    ['not 5', 0],
    ['not value > 3', 0],
    ['value > 3 and count == 2', 1],
    ['value > 9 or count == 2 and answered', 1],
    ['1 + 2 < 4', 1],
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['max(value, 2)', 4],
    ['min(value)', 4],
    ['abs(-3)', 3],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(2.4)', 2],
    ['floor(-1.5)', -2],
    ['ceil(1.2)', 2],
    ['if(answered, value, 0)', 4],
    ['if(0, 1, 2)', 2],
    ['clamp(12, 0, 10)', 10],
    ['clamp(-1, 0, 10)', 0],
    ['clamp(5, 0, 10)', 5],
    ['max(0, 3 - count) * weight', 1.5],
    ['  value\n*\tweight ', 6],
  ])('%s = %d', (src, expected) => {
    expect(run(src)).toBe(expected);
  });

  it('divides by zero as 0 (documented) for / and %', () => {
    expect(run('1 / 0')).toBe(0);
    expect(run('value / (count - 2)')).toBe(0);
    expect(run('5 % 0')).toBe(0);
  });

  it('returns 0, never -0', () => {
    expect(Object.is(run('-0'), 0)).toBe(true);
    expect(Object.is(run('0 * -1'), 0)).toBe(true);
  });

  it('only evaluates the chosen branch of if, and short-circuits and/or', () => {
    const huge = '9'.repeat(200);
    const overflow = `${huge} * ${huge}`;
    expect(run(`if(1, 2, ${overflow})`)).toBe(2);
    expect(run(`0 and ${overflow}`)).toBe(0);
    expect(run(`1 or ${overflow}`)).toBe(1);
  });

  it('reports non-finite results as errors', () => {
    const huge = '9'.repeat(200);
    const parsed = parseFormula(`${huge} * ${huge}`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(evaluateFormula(parsed.ast, VARS)).toEqual({
      ok: false,
      error: { message: 'Result is not a finite number' },
    });
  });

  it('refuses non-finite variables', () => {
    const parsed = parseFormula('value + 1');
    if (!parsed.ok) throw new Error('parse');
    const result = evaluateFormula(parsed.ast, { ...VARS, value: Number.NaN });
    expect(result.ok).toBe(false);
  });

  it('refuses hand-built ASTs that name anything outside the closed lists', () => {
    const evil = [
      { kind: 'variable', name: 'constructor' },
      { kind: 'variable', name: '__proto__' },
      { kind: 'call', name: 'constructor', args: [] },
      { kind: 'call', name: 'eval', args: [{ kind: 'number', value: 1 }] },
      { kind: 'call', name: 'if', args: [{ kind: 'number', value: 1 }] },
      { kind: 'binary', op: '**', left: { kind: 'number', value: 2 }, right: { kind: 'number', value: 3 } },
      { kind: 'unary', op: '!', operand: { kind: 'number', value: 2 } },
      { kind: 'number', value: '1' },
      { kind: 'number', value: Number.POSITIVE_INFINITY },
      { kind: 'toString' },
      null,
    ] as unknown as FormulaNode[];
    for (const ast of evil) {
      const result = evaluateFormula(ast, VARS);
      expect(result.ok).toBe(false);
    }
  });

  it('refuses hand-built ASTs deeper than the limit', () => {
    let ast: FormulaNode = { kind: 'number', value: 1 };
    for (let i = 0; i < 10_000; i++) ast = { kind: 'unary', op: '-', operand: ast };
    expect(evaluateFormula(ast, VARS).ok).toBe(false);
  });
});

describe('parseFormula errors', () => {
  it.each([
    ['', 0, 'empty'],
    ['   ', 0, 'empty'],
    ['1 +', 3, 'end of formula'],
    ['(1 + 2', 6, "Expected ')'"],
    ['1 + 2)', 5, "Unexpected ')'"],
    ['value weight', 6, "Unexpected 'weight'"],
    ['foo', 0, "Unknown identifier 'foo'"],
    ['value + foo', 8, "Unknown identifier 'foo'"],
    ['sqrt(4)', 0, "Unknown function 'sqrt'"],
    ['if(1, 2)', 0, 'expects 3 arguments'],
    ['abs()', 0, 'expects 1 argument'],
    ['min()', 0, 'at least 1 argument'],
    ['if', 0, 'is a function'],
    ['1 < 2 < 3', 6, 'cannot be chained'],
    ['1 = 1', 2, "use '=='"],
    ['!1', 0, "use 'not'"],
    ['1 && 1', 2, "use 'and'"],
    ['1 || 1', 2, "use 'or'"],
    ['1.', 2, 'digit'],
    ['1.2.3', 3, "Unexpected character '.'"],
    ['2 ** 3', 3, "Unexpected '*'"],
    ['+1', 0, "Unexpected '+'"],
    ['1 + not 0', 4, "keyword 'not'"],
    ['and', 0, "keyword 'and'"],
    ['"abc"', 0, "Unexpected character '\"'"],
    ['value[0]', 5, "Unexpected character '['"],
    ['a => 1', 0, "Unknown identifier 'a'"],
    ['1 ; 2', 2, "Unexpected character ';'"],
    ['min(1 2)', 6, "Expected ',' or ')'"],
    ['é', 0, 'U+00E9'],
  ])('%j fails at %d', (src, position, fragment) => {
    const error = parseError(src);
    expect(error.position).toBe(position);
    expect(error.message).toContain(fragment);
  });

  it.each([
    ['constructor', 0],
    ['__proto__', 0],
    ['this', 0],
    ['globalThis', 0],
    ['window', 0],
    ['process.exit(1)', 0],
    ['value + process.exit(1)', 8],
    ['Function("return 1")()', 0],
    ['eval(1)', 0],
    ['require("fs")', 0],
    ['import("x")', 0],
    ['value.constructor', 5],
    ['toString()', 0],
    ['valueOf', 0],
    ['hasOwnProperty', 0],
    ['new Date()', 0],
    ['max.constructor', 3],
    ['`x`', 0],
    ['x = 1', 0],
  ])('rejects %j at position %d', (src, position) => {
    const error = parseError(src);
    expect(error.position).toBe(position);
  });

  it('limits the source length to 500 characters', () => {
    const ok = `1${' '.repeat(499)}`;
    expect(parseFormula(ok).ok).toBe(true);
    const error = parseError(`1${' '.repeat(500)}`);
    expect(error.position).toBe(500);
    expect(error.message).toContain('500');
  });

  it('limits parenthesis nesting to 50 levels', () => {
    expect(parseFormula(`${'('.repeat(49)}1${')'.repeat(49)}`).ok).toBe(true);
    const error = parseError(`${'('.repeat(60)}1${')'.repeat(60)}`);
    expect(error.message).toContain('nested too deeply');
    expect(error.position).toBe(49);
  });

  it('limits unary chains and function nesting', () => {
    expect(parseError(`${'-'.repeat(100)}1`).message).toContain('too deep');
    expect(parseError(`${'abs('.repeat(60)}1${')'.repeat(60)}`).message).toMatch(/too deep/);
    expect(parseError(`${'not '.repeat(60)}1`).message).toMatch(/too deep/);
  });

  it('limits the AST depth of long operator chains to 50', () => {
    expect(parseFormula(Array(50).fill('1').join('+')).ok).toBe(true);
    const error = parseError(Array(60).fill('1').join('+'));
    expect(error.message).toContain('too deep');
    // The 51st operator is the one that makes the tree too deep: "1+" × 50 → position 99.
    expect(error.position).toBe(99);
  });

  it('refuses a non-string source without throwing', () => {
    const parsed = parseFormula(42 as unknown as string);
    expect(parsed).toEqual({ ok: false, error: { message: 'Formula must be a string', position: 0 } });
  });
});

describe('printFormula', () => {
  it.each([
    ['1 + 2 * 3', '1 + 2 * 3'],
    ['(1 + 2) * 3', '(1 + 2) * 3'],
    ['1 - (2 - 3)', '1 - (2 - 3)'],
    ['(1 - 2) - 3', '1 - 2 - 3'],
    ['-(1 + 2)', '-(1 + 2)'],
    ['not (1 and 0)', 'not (1 and 0)'],
    ['(not 1) + 2', '(not 1) + 2'],
    ['(1 < 2) < 3', '(1 < 2) < 3'],
    ['1 < (2 < 3)', '1 < (2 < 3)'],
    ['if(value>=3,value*weight,0)', 'if(value >= 3, value * weight, 0)'],
    ['((((value))))', 'value'],
    ['value or count and answered', 'value or count and answered'],
    ['(value or count) and answered', '(value or count) and answered'],
  ])('%s → %s', (src, printed) => {
    const parsed = parseFormula(src);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(printFormula(parsed.ast)).toBe(printed);
    const again = parseFormula(printed);
    expect(again.ok && again.ast).toEqual(parsed.ast);
  });

  it('prints unusual numbers in plain decimal notation', () => {
    const big: FormulaNode = { kind: 'number', value: 1e21 };
    expect(printFormula(big)).toBe('1000000000000000000000');
    const small: FormulaNode = { kind: 'number', value: 1e-7 };
    const reparsed = parseFormula(printFormula(small));
    expect(reparsed.ok && reparsed.ast).toEqual(small);
  });
});

describe('helpers', () => {
  it('lists the variables a formula reads', () => {
    const parsed = parseFormula('if(answered, (min + max - value) * weight, 0)');
    if (!parsed.ok) throw new Error('parse');
    expect(formulaVariablesUsed(parsed.ast)).toEqual(['value', 'weight', 'min', 'max', 'answered']);
  });

  it.each([
    [2.5, 3],
    [-2.5, -3],
    [2.49, 2],
    [-0.4, 0],
    [0.5, 1],
  ])('roundHalfAwayFromZero(%d) = %d', (x, expected) => {
    expect(Object.is(roundHalfAwayFromZero(x), expected)).toBe(true);
  });
});
