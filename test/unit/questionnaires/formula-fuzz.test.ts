import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateFormula,
  FORMULA_FUNCTION_ARITY,
  FORMULA_FUNCTIONS,
  FORMULA_MAX_LENGTH,
  FORMULA_VARIABLES,
  parseFormula,
  printFormula,
  type BinaryOperator,
  type FormulaNode,
  type FormulaVariables,
} from '../../../src/shared/domain/questionnaires/formula.js';

const SEED = 20240611;

const VARS: FormulaVariables = { value: 3, weight: 1.25, count: 2, min: 1, max: 5, answered: 1 };

/** Variables behind a proxy that records every property read. */
function recordingVars(): { vars: FormulaVariables; read: Set<PropertyKey> } {
  const read = new Set<PropertyKey>();
  const vars = new Proxy(
    { ...VARS },
    {
      get(target, key, receiver) {
        read.add(key);
        return Reflect.get(target, key, receiver) as unknown;
      },
    },
  );
  return { vars, read };
}

function expectStructured(src: string): void {
  let parsed: ReturnType<typeof parseFormula>;
  expect(() => (parsed = parseFormula(src))).not.toThrow();
  parsed = parseFormula(src);
  if (parsed.ok) {
    const { vars, read } = recordingVars();
    const result = evaluateFormula(parsed.ast, vars);
    if (result.ok) expect(Number.isFinite(result.value)).toBe(true);
    else expect(typeof result.error.message).toBe('string');
    for (const key of read) expect(FORMULA_VARIABLES as readonly PropertyKey[]).toContain(key);
  } else {
    expect(typeof parsed.error.message).toBe('string');
    expect(parsed.error.message.length).toBeGreaterThan(0);
    expect(Number.isInteger(parsed.error.position)).toBe(true);
    expect(parsed.error.position).toBeGreaterThanOrEqual(0);
    expect(parsed.error.position).toBeLessThanOrEqual(Math.min(src.length, FORMULA_MAX_LENGTH));
  }
}

const FRAGMENTS = [
  ...FORMULA_VARIABLES,
  ...FORMULA_FUNCTIONS,
  'and',
  'or',
  'not',
  '(',
  ')',
  ',',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '<=',
  '>',
  '>=',
  '==',
  '!=',
  '0',
  '1',
  '2.5',
  '42',
  '007',
  ' ',
  ' ',
  'constructor',
  '__proto__',
  'this',
  'globalThis',
  'process',
  'exit',
  '.',
  '=',
  '!',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '`',
  '=>',
  ';',
  '\n',
];

const BINARY_OPS: readonly BinaryOperator[] = ['+', '-', '*', '/', '%', '<', '<=', '>', '>=', '==', '!=', 'and', 'or'];

const leafArb: fc.Arbitrary<FormulaNode> = fc.oneof(
  fc
    .oneof(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100),
    )
    .map((value): FormulaNode => ({ kind: 'number', value })),
  fc.constantFrom(...FORMULA_VARIABLES).map((name): FormulaNode => ({ kind: 'variable', name })),
);

const { node: astArb } = fc.letrec<{ node: FormulaNode }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 6, depthSize: 'small' },
    leafArb,
    fc
      .record({ op: fc.constantFrom('-' as const, 'not' as const), operand: tie('node') })
      .map(({ op, operand }): FormulaNode => ({ kind: 'unary', op, operand })),
    fc
      .record({ op: fc.constantFrom(...BINARY_OPS), left: tie('node'), right: tie('node') })
      .map(({ op, left, right }): FormulaNode => ({ kind: 'binary', op, left, right })),
    fc.constantFrom(...FORMULA_FUNCTIONS).chain((name) => {
      const arity = FORMULA_FUNCTION_ARITY[name];
      return fc
        .array(tie('node'), { minLength: arity.min, maxLength: arity.max ?? 4 })
        .map((args): FormulaNode => ({ kind: 'call', name, args }));
    }),
  ),
}));

describe('formula parser fuzzing', () => {
  it('never throws on arbitrary strings (3,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (src) => expectStructured(src)),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('never throws on strings made of formula fragments (3,000 runs)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 }), (parts) =>
        expectStructured(parts.join('')),
      ),
      { numRuns: 3000, seed: SEED + 1 },
    );
  });

  it('never throws on long and deeply nested inputs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 40, max: 400 }),
        fc.constantFrom('(', '-', 'not ', 'abs(', 'if(1,1,', '- (', '((('),
        (n, opener) => expectStructured(`${opener.repeat(n)}1${')'.repeat(n)}`),
      ),
      { numRuns: 500, seed: SEED + 2 },
    );
  });

  it('prints random valid ASTs back to source that parses to the same AST (2,000 runs)', () => {
    fc.assert(
      fc.property(astArb, (ast) => {
        const src = printFormula(ast);
        const parsed = parseFormula(src);
        if (src.length > FORMULA_MAX_LENGTH) {
          expect(parsed.ok).toBe(false);
          return;
        }
        if (!parsed.ok) throw new Error(`${src}: ${parsed.error.message} @${parsed.error.position}`);
        expect(parsed.ast).toEqual(ast);
        expect(evaluateFormula(parsed.ast, VARS)).toEqual(evaluateFormula(ast, VARS));
      }),
      { numRuns: 2000, seed: SEED + 3 },
    );
  });

  it('rejects global-looking names injected anywhere, at their position (2,000 runs)', () => {
    const dangers = [
      'constructor',
      '__proto__',
      'prototype',
      'this',
      'globalThis',
      'window',
      'self',
      'process',
      'require',
      'module',
      'Function',
      'eval',
      'toString',
      'valueOf',
      'hasOwnProperty',
      'Object',
      'Reflect',
    ];
    fc.assert(
      fc.property(
        astArb,
        fc.constantFrom(...dangers),
        fc.constantFrom('', '.exit(1)', '()', '(1)', '.x'),
        (ast, d, tail) => {
          const prefix = `${printFormula(ast)} + `;
          fc.pre(prefix.length + d.length + tail.length <= FORMULA_MAX_LENGTH);
          const parsed = parseFormula(`${prefix}${d}${tail}`);
          expect(parsed.ok).toBe(false);
          if (!parsed.ok) expect(parsed.error.position).toBe(prefix.length);
        },
      ),
      { numRuns: 2000, seed: SEED + 4 },
    );
  });

  it('evaluation reads nothing but the given variables and pollutes no prototype', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(astArb, (ast) => {
        const { vars, read } = recordingVars();
        evaluateFormula(ast, vars);
        for (const key of read) expect(FORMULA_VARIABLES as readonly PropertyKey[]).toContain(key);
      }),
      { numRuns: 1000, seed: SEED + 5 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the implementation contains no eval or Function constructor', () => {
    const file = fileURLToPath(new URL('../../../src/shared/domain/questionnaires/formula.ts', import.meta.url));
    const code = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\/|\/\*\*)/.test(line))
      .join('\n');
    expect(code).not.toMatch(/\beval\s*\(/);
    expect(code).not.toMatch(/\bnew\s+Function\b/);
    expect(code).not.toMatch(/\bFunction\s*\(/);
    expect(code).not.toMatch(/\bglobalThis\b|\bwindow\b|\bprocess\./);
  });
});
