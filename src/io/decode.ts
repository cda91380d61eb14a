/**
 * Choosing and applying a file's text encoding. Detectors guess wrong on short
 * CJK files (RELIABILITY.md §6), so the order is: --encoding, BOM, strict UTF-8,
 * then the shop language's legacy code page, all decoded with fatal errors so
 * that mojibake is refused instead of stored.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { dataError, usageError } from '../errors.js';
import type { Lang } from '../domain/config.js';

/** Names people type, mapped to the WHATWG labels Node's TextDecoder knows. */
const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'utf-8-sig': 'utf-8',
  utf8bom: 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  gb18030: 'gb18030',
  cp936: 'gb18030',
  // WHATWG's Shift_JIS decoder is Windows-31J (CP932): it has ①, 髙 and the NEC/IBM rows.
  shift_jis: 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  cp932: 'shift_jis',
  ms932: 'shift_jis',
  'windows-31j': 'shift_jis',
  'euc-jp': 'euc-jp',
  big5: 'big5',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  cp1252: 'windows-1252',
  'windows-1252': 'windows-1252',
};

export const LANGUAGE_ENCODING: Record<Lang, string | null> = { zh: 'gb18030', ja: 'shift_jis', en: null };

export function normaliseEncodingName(name: string): string {
  const label = ALIASES[name.trim().toLowerCase()];
  if (!label) {
    throw usageError(
      `unknown encoding "${name}"`,
      'use one of: utf-8, gb18030 (also gbk), shift_jis (also cp932), euc-jp, big5, utf-16le, windows-1252',
    );
  }
  return label;
}

export const displayEncoding = (label: string) =>
  ({ 'utf-8': 'UTF-8', gb18030: 'GB18030', shift_jis: 'Shift_JIS (CP932)', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', 'windows-1252': 'Windows-1252' })[label] ??
  label;

export interface EncodingChoice {
  encoding: string;
  /** Bytes of BOM to skip before decoding. */
  bomLength: number;
  how: 'flag' | 'bom' | 'utf-8' | 'sniffed' | 'language';
}

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

const strictly = (encoding: string, bytes: Buffer): string | null => {
  try {
    return textDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes, { stream: true });
  } catch {
    return null;
  }
};

const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

/**
 * Which legacy encoding a non-UTF-8 sample is in, when the bytes say so clearly;
 * null when they do not (a short file, or text that fits several). The tells:
 * - Japanese text has kana, and kana are two-byte Shift_JIS codes that GB18030
 *   reads as rare hanzi; Chinese read as Shift_JIS turns into half-width katakana.
 * - Western text (Windows-1252: `Müller`, `116,99 €`) has its high bytes alone
 *   between ASCII letters; CJK text has them in pairs and runs.
 * - A decoding that lands in the Private Use Area is not the file's encoding.
 */
export function sniffLegacyEncoding(sample: Buffer): string | null {
  let high = 0;
  let lone = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i]! < 0x80) continue;
    high++;
    if ((i === 0 || sample[i - 1]! < 0x80) && (i + 1 >= sample.length || sample[i + 1]! < 0x80)) lone++;
  }
  if (high === 0) return null;
  const sjis = strictly('shift_jis', sample);
  const sjisKana = sjis === null || /[\ue000-\uf8ff]/.test(sjis) ? -1 : count(sjis, /[\u3041-\u30ff]/g);
  const sjisHalfKana = sjis === null ? 0 : count(sjis, /[\uff61-\uff9f]/g);
  if (sjisKana >= 2 && sjisKana >= count(sjis!, /[^\x00-\x7f]/g) * 0.1 && sjisHalfKana < sjisKana) return 'shift_jis';
  if (lone / high < 0.1 && gb2312Share(sample) >= 0.8) {
    const gb = strictly('gb18030', sample);
    if (gb !== null && !/[\ue000-\uf8ff]/.test(gb) && count(gb, /[\u4e00-\u9fff]/g) >= 2) return 'gb18030';
  }
  if (lone / high > 0.5) {
    const latin = strictly('windows-1252', sample);
    if (latin !== null && !/[\u0080-\u009f]/.test(latin)) return 'windows-1252';
  }
  return null;
}

/**
 * The share of two-byte codes inside GB2312 (both bytes 0xA1 or above): nearly all
 * of everyday Chinese text, and little of Shift_JIS, whose kanji leads are 0x88–0x9F.
 */
function gb2312Share(sample: Buffer): number {
  let inside = 0;
  let pairs = 0;
  for (let i = 0; i < sample.length; ) {
    const b = sample[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const next = sample[i + 1] ?? 0;
    if (next >= 0x30 && next <= 0x39) {
      i += 4; // a four-byte GB18030 code
      continue;
    }
    pairs++;
    if (b >= 0xa1 && next >= 0xa1) inside++;
    i += 2;
  }
  return pairs === 0 ? 0 : inside / pairs;
}

const LANGUAGE_OF: Record<string, string> = { shift_jis: 'Japanese (Shift_JIS)', gb18030: 'Chinese (GB18030/GBK)', 'windows-1252': 'Western European (Windows-1252)' };

function isStrictUtf8(sample: Buffer): boolean {
  try {
    // stream: true tolerates a multibyte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

const hasHighBytes = (sample: Buffer) => sample.some((b) => b >= 0x80);

export function chooseEncoding(file: string, sample: Buffer, forced: string | undefined, language: Lang): EncodingChoice {
  const bom =
    sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf
      ? { encoding: 'utf-8', bomLength: 3 }
      : sample[0] === 0xff && sample[1] === 0xfe
        ? { encoding: 'utf-16le', bomLength: 2 }
        : sample[0] === 0xfe && sample[1] === 0xff
          ? { encoding: 'utf-16be', bomLength: 2 }
          : null;
  if (forced) {
    const encoding = normaliseEncodingName(forced);
    if (bom && bom.encoding !== encoding) {
      throw dataError(
        `${file}: --encoding ${forced} was given, but the file starts with a ${displayEncoding(bom.encoding)} byte-order mark`,
        `run again without --encoding (or with --encoding ${bom.encoding})`,
      );
    }
    if (encoding === 'utf-8' && !bom && !isStrictUtf8(sample)) {
      const sniffed = sniffLegacyEncoding(sample);
      throw dataError(
        `${file}: --encoding ${forced} was given, but the file is not UTF-8 text${sniffed ? ` (it looks like ${LANGUAGE_OF[sniffed]})` : ''}`,
        `run again with --encoding ${sniffed ?? 'gb18030, shift_jis or windows-1252'}, or without --encoding`,
      );
    }
    // Valid UTF-8 with non-ASCII bytes is practically never legacy CJK text: decoding it
    // as GB18030 or Shift_JIS would store mojibake without any decoder error.
    if (!bom && encoding !== 'utf-8' && hasHighBytes(sample) && isStrictUtf8(sample)) {
      throw dataError(
        `${file}: --encoding ${forced} was given, but the file is UTF-8 text`,
        'run again without --encoding (or with --encoding utf-8)',
      );
    }
    // Legacy encodings decode almost any bytes without an error, so a wrong one is
    // caught by what the text looks like, before anything is stored.
    const sniffed = !bom && encoding !== 'utf-8' ? sniffLegacyEncoding(sample) : null;
    if (sniffed && sniffed !== encoding) {
      throw dataError(
        `${file}: --encoding ${forced} was given, but the file looks like ${LANGUAGE_OF[sniffed]} text; read as ${displayEncoding(encoding)} it would be garbled`,
        `run again with --encoding ${sniffed}, or without --encoding`,
      );
    }
    return { encoding, bomLength: bom ? bom.bomLength : 0, how: 'flag' };
  }
  if (bom) return { ...bom, how: 'bom' };
  if (isStrictUtf8(sample)) return { encoding: 'utf-8', bomLength: 0, how: 'utf-8' };
  const sniffed = sniffLegacyEncoding(sample);
  if (sniffed) return { encoding: sniffed, bomLength: 0, how: 'sniffed' };
  const fallback = LANGUAGE_ENCODING[language];
  if (!fallback) {
    throw dataError(
      `${file}: the file is not UTF-8 text and the shop language (${language}) has no default legacy encoding`,
      'say which encoding it is: --encoding gb18030 (Chinese exports), --encoding shift_jis (Japanese exports) or --encoding windows-1252 (European exports)',
    );
  }
  return { encoding: fallback, bomLength: 0, how: 'language' };
}

/** Decodes a byte stream strictly; a bad byte sequence is a data error naming the line. */
export class StrictDecoder extends Transform {
  private readonly decoder: Decoder;
  private bytes = 0;
  private lines = 1;
  private skip: number;

  constructor(
    private readonly file: string,
    private readonly encoding: string,
    bomLength: number,
  ) {
    super({ decodeStrings: true, readableObjectMode: false });
    this.decoder = textDecoder(encoding, { fatal: true, ignoreBOM: true });
    this.skip = bomLength;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let data = chunk;
    if (this.skip > 0) {
      const n = Math.min(this.skip, data.length);
      data = data.subarray(n);
      this.skip -= n;
      this.bytes += n;
    }
    try {
      const text = this.decoder.decode(data, { stream: true });
      this.bytes += data.length;
      this.countLines(text);
      done(null, text);
    } catch {
      done(this.failure());
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      const text = this.decoder.decode();
      done(null, text);
    } catch {
      done(this.failure('the file ends in the middle of a character'));
    }
  }

  private countLines(text: string): void {
    let i = -1;
    while ((i = text.indexOf('\n', i + 1)) !== -1) this.lines++;
  }

  private failure(detail?: string) {
    return dataError(
      `${this.file}, near line ${this.lines} (after byte ${this.bytes}): invalid ${displayEncoding(this.encoding)} text${detail ? `: ${detail}` : ''}`,
      this.encoding === 'utf-8'
        ? 'if the file came from a Chinese or Japanese platform, try --encoding gb18030 or --encoding shift_jis'
        : 'check the file was not re-saved in another program, or try --encoding utf-8',
    );
  }
}

/** Decodes a whole sample leniently-but-checked, for header sniffing only. */
export function decodeSample(sample: Buffer, choice: EncodingChoice): string {
  const body = sample.subarray(choice.bomLength);
  try {
    return textDecoder(choice.encoding, { fatal: true, ignoreBOM: true }).decode(body, { stream: true });
  } catch {
    return textDecoder(choice.encoding, { fatal: false, ignoreBOM: true }).decode(body, { stream: true });
  }
}
