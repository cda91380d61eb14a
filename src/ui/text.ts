/** Terminal text helpers: CJK characters take two columns. */

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/;

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(/\x1b\[[0-9;]*m/g, '')) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

export function fit(s: string, width: number): string {
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = WIDE.test(ch) ? 2 : 1;
    if (w + cw > width - (displayWidth(s) > width ? 1 : 0)) {
      out += '…';
      w += 1;
      break;
    }
    out += ch;
    w += cw;
  }
  return out + ' '.repeat(Math.max(0, width - w));
}

/**
 * `s` in `width` columns keeping its end: an order id too long for its column keeps the digits that
 * tell one order from the next (Rakuten's 100200-20261130-0000000003 shares its start with every order of the day).
 */
export function fitTail(s: string, width: number): string {
  if (displayWidth(s) <= width) return fit(s, width);
  const chars = [...s];
  let tail = '';
  let w = 1;
  for (let i = chars.length - 1; i >= 0; i--) {
    const cw = WIDE.test(chars[i]!) ? 2 : 1;
    if (w + cw > width) break;
    tail = chars[i] + tail;
    w += cw;
  }
  return `…${tail}${' '.repeat(Math.max(0, width - w))}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
