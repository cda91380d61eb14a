/** Node's TextDecoder for every encoding oos accepts, with windows-1252 decoded as Windows does. */
import { TextDecoder } from 'node:util';

// Node 20's TextDecoder reads windows-1252 as ISO-8859-1, turning € „ “ ‘ ’ – — into C1
// control codes (nodejs/node#56542); these are the characters bytes 0x80–0x9F stand for.
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export interface Decoder {
  decode(bytes?: Uint8Array, options?: { stream?: boolean }): string;
}

/** A TextDecoder for any encoding oos accepts, windows-1252 decoded correctly. */
export function textDecoder(encoding: string, options: { fatal?: boolean; ignoreBOM?: boolean } = {}): Decoder {
  if (encoding !== 'windows-1252') return new TextDecoder(encoding, options);
  const latin1 = new TextDecoder('latin1', options);
  return {
    decode: (bytes, opts) => latin1.decode(bytes, opts).replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!),
  };
}
