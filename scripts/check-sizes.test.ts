import { describe, expect, it } from 'vitest';
import { longFunctions } from './check-sizes';

describe('longFunctions', () => {
  const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`);

  it('reports declarations, arrows and methods over the limit, with their names', () => {
    const text = [
      'export function big() {',
      ...body(5),
      '}',
      'const arrow = () => {',
      ...body(5),
      '};',
      'class C {',
      '  method() {',
      ...body(5),
      '  }',
      '}',
      'function small() {',
      '  return 1;',
      '}',
    ].join('\n');
    expect(longFunctions('x.ts', text, 6)).toEqual([
      { name: 'big', line: 1, lines: 7 },
      { name: 'arrow', line: 8, lines: 7 },
      { name: 'method', line: 16, lines: 7 },
    ]);
  });

  it('counts a component in a .tsx file', () => {
    const text = [
      'export function Page() {',
      '  return (',
      '    <div>',
      ...body(3),
      '    </div>',
      '  );',
      '}',
    ].join('\n');
    expect(longFunctions('x.tsx', text, 5)).toHaveLength(1);
    expect(longFunctions('x.tsx', text, 20)).toHaveLength(0);
  });
});
