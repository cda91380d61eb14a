/**
 * Text that was UTF-8, read as Windows-1252 by a spreadsheet and saved as UTF-8
 * again: `XuÃ¢n` for `Xuân`, `Ã©` for `é`. Such a cell is turned back when every
 * character maps to a Windows-1252 byte and those bytes are valid UTF-8; anything
 * else (a real `Ã` in a name) is left as written.
 */
import { isUtf8 } from 'node:buffer';

// Windows-1252's characters for the bytes 0x80–0x9F (undefined bytes map to their C1 control).
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const BYTE_OF = new Map<string, number>([...CP1252_HIGH].map((c, i) => [c, 0x80 + i]));

/** A UTF-8 lead byte seen as Windows-1252 (Â–ï), then a continuation byte seen the same way. */
export const LOOKS_DOUBLE_ENCODED = /[\u00C2-\u00EF][\u00A0-\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\u0081\u008D\u008F\u0090\u009D]/;

export function repairDoubleEncoding(text: string): string {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const b = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : BYTE_OF.get(text[i]!);
    if (b === undefined) return text;
    bytes[i] = b;
  }
  return isUtf8(bytes) ? Buffer.from(bytes).toString('utf8') : text;
}
