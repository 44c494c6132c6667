/**
 * Control characters have no business in any text we store or look up, and
 * one of them, NUL, makes PostgreSQL refuse the whole statement (a 500 for
 * what is bad input). Tab, line feed and carriage return stay allowed: they
 * are text.
 */

/** C0 controls but tab, LF and CR; and DEL. */
export function isControlCharacter(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
}

export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isControlCharacter(s.charCodeAt(i))) return true;
  return false;
}

export interface ControlCharacterAt {
  /** Slash-separated path (`hours/0/name`); '' for the value itself. */
  path: string;
  /** True when an object key, not a value, holds it; `path` then names the object. */
  inKey: boolean;
}

/**
 * Where the first string (value or key) holding a control character is, in
 * any JSON-like value. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findControlCharacter(value: unknown): ControlCharacterAt | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop() as [unknown, string];
    if (typeof v === 'string') {
      if (hasControlCharacter(v)) return { path, inKey: false };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], path ? `${path}/${i}` : String(i)]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (const [k] of entries) if (hasControlCharacter(k)) return { path, inKey: true };
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i] as [string, unknown];
        stack.push([child, path ? `${path}/${k}` : k]);
      }
    }
  }
  return undefined;
}

export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters';
