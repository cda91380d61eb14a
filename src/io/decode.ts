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
  ({ 'utf-8': 'UTF-8', gb18030: 'GB18030', shift_jis: 'Shift_JIS (CP932)', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE' })[label] ??
  label;

export interface EncodingChoice {
  encoding: string;
  /** Bytes of BOM to skip before decoding. */
  bomLength: number;
  how: 'flag' | 'bom' | 'utf-8' | 'language';
}

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
    // Valid UTF-8 with non-ASCII bytes is practically never legacy CJK text: decoding it
    // as GB18030 or Shift_JIS would store mojibake without any decoder error.
    if (!bom && encoding !== 'utf-8' && hasHighBytes(sample) && isStrictUtf8(sample)) {
      throw dataError(
        `${file}: --encoding ${forced} was given, but the file is UTF-8 text`,
        'run again without --encoding (or with --encoding utf-8)',
      );
    }
    return { encoding, bomLength: bom ? bom.bomLength : 0, how: 'flag' };
  }
  if (bom) return { ...bom, how: 'bom' };
  if (isStrictUtf8(sample)) return { encoding: 'utf-8', bomLength: 0, how: 'utf-8' };
  const fallback = LANGUAGE_ENCODING[language];
  if (!fallback) {
    throw dataError(
      `${file}: the file is not UTF-8 text and the shop language (${language}) has no default legacy encoding`,
      'say which encoding it is: --encoding gb18030 (Chinese exports) or --encoding shift_jis (Japanese exports), or windows-1252',
    );
  }
  return { encoding: fallback, bomLength: 0, how: 'language' };
}

/** Decodes a byte stream strictly; a bad byte sequence is a data error naming the line. */
export class StrictDecoder extends Transform {
  private readonly decoder: TextDecoder;
  private bytes = 0;
  private lines = 1;
  private skip: number;

  constructor(
    private readonly file: string,
    private readonly encoding: string,
    bomLength: number,
  ) {
    super({ decodeStrings: true, readableObjectMode: false });
    this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
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
    return new TextDecoder(choice.encoding, { fatal: true, ignoreBOM: true }).decode(body, { stream: true });
  } catch {
    return new TextDecoder(choice.encoding, { fatal: false, ignoreBOM: true }).decode(body, { stream: true });
  }
}
