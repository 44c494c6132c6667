import { describe, expect, it } from 'vitest';
import { findControlCharacter, hasControlCharacter } from './control-chars.ts';

describe('control characters', () => {
  it('flags C0 controls and DEL, but not tab, line feed, carriage return or other text', () => {
    for (const c of ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u000e', '\u001b', '\u001f', '\u007f']) {
      expect(hasControlCharacter(`a${c}b`), JSON.stringify(c)).toBe(true);
    }
    for (const s of ['tab\there', 'two\nlines', 'crlf\r\n', 'Köln ☕ 東京', '', ' ~']) {
      expect(hasControlCharacter(s), JSON.stringify(s)).toBe(false);
    }
  });

  it('names the path of the first offending string or key', () => {
    expect(findControlCharacter('x\u0000')).toEqual({ path: '', inKey: false });
    expect(findControlCharacter({ name: 'ok', hours: [{ opens: '09:00' }, { name: 'a\u001bb' }] })).toEqual({
      path: 'hours/1/name',
      inKey: false,
    });
    expect(findControlCharacter({ payload: { 'k\u0000': 1 } })).toEqual({ path: 'payload', inKey: true });
    expect(findControlCharacter({ a: 1, b: [true, null, 'fine'] })).toBeUndefined();
  });

  it('walks very deep values without overflowing the stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findControlCharacter(deep)?.path.split('/')).toHaveLength(100_000);
  });
});
