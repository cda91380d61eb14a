/**
 * Choosing and applying a file's text encoding. The order is: --encoding, BOM,
 * strict UTF-8, then whichever legacy encoding decodes the bytes into the most
 * plausible text (legacy-encoding.ts). Everything is decoded with fatal errors,
 * so mojibake is refused instead of stored.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { dataError, usageError } from '../errors.js';
import { clearlyBetterEncoding, firstWord, implausibleUtf8, LEGACY_CANDIDATES, likelyLegacyEncoding, sniffLegacyEncoding, weighLegacyEncodings } from './legacy-encoding.js';

export { textDecoder, type Decoder } from './text-decoder.js';
import { textDecoder, type Decoder } from './text-decoder.js';

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
  // Node's Big5 decoder (ICU's) is code page 950, what Excel saves in Taiwan; its
  // user-defined rows, where Hong Kong's HKSCS adds characters, decode as private-use ones.
  big5: 'big5',
  cp950: 'big5',
  ms950: 'big5',
  'windows-950': 'big5',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  cp1252: 'windows-1252',
  'windows-1252': 'windows-1252',
};

export function normaliseEncodingName(name: string): string {
  const label = ALIASES[name.trim().toLowerCase()];
  if (!label) {
    throw usageError(
      `unknown encoding "${name}"`,
      'use one of: utf-8, gb18030 (also gbk), big5 (also cp950), shift_jis (also cp932), euc-jp, utf-16le, windows-1252',
    );
  }
  return label;
}

export const displayEncoding = (label: string) =>
  ({ 'utf-8': 'UTF-8', gb18030: 'GB18030', big5: 'Big5', shift_jis: 'Shift_JIS (CP932)', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', 'windows-1252': 'Windows-1252' })[label] ??
  label;

export interface EncodingChoice {
  encoding: string;
  /** Bytes of BOM to skip before decoding. */
  bomLength: number;
  how: 'flag' | 'bom' | 'utf-8' | 'sniffed';
  /** Said in the scan output: another encoding also decoded the file, into other text. */
  warning?: string;
}

const READ_AS: Record<string, string> = {
  shift_jis: 'Japanese text in Shift_JIS',
  gb18030: 'Chinese text in GB18030',
  big5: 'Traditional Chinese text in Big5',
  'windows-1252': 'Western European text in Windows-1252',
};

const LANGUAGE_OF: Record<string, string> = {
  shift_jis: 'Japanese (Shift_JIS)',
  gb18030: 'Chinese (GB18030/GBK)',
  big5: 'Traditional Chinese (Big5)',
  'windows-1252': 'Western European (Windows-1252)',
};

export interface EncodingOptions {
  /**
   * The encoding the shop's own sheets are saved in when its bytes fit two equally:
   * big5 for a shop writing Traditional Chinese (shopEncoding). Only Big5 and GB18030 tie so.
   */
  prefer?: string;
  /**
   * A forced encoding is for the files that are not UTF-8: one with a UTF-8 or UTF-16
   * byte-order mark, or valid UTF-8 that reads as text, is read as such. For the files
   * besides the orders, which a shop often keeps in another program than its platform's.
   */
  keepUtf8?: boolean;
}

/** Traditional Chinese shops (Taiwan, Hong Kong, Macau): what their Excel saves CSV in. */
const TRADITIONAL = { languages: ['zh-hant'], currencies: ['TWD', 'HKD', 'MOP'], timezones: ['Asia/Taipei', 'Asia/Hong_Kong', 'Asia/Macau'], countries: ['TW', 'HK', 'MO'] };

/**
 * The legacy encoding a shop's own sheets are likely in, from its config: big5 when the
 * shop writes Traditional Chinese (zh-Hant) or sits where it is written (TWD, HKD,
 * Asia/Taipei, TW …). Only a tie-breaker: the bytes decide whenever they can.
 */
export function shopEncoding(shop: { language?: string; currency?: string; timezone?: string; country?: string | null }): string | undefined {
  const traditional =
    TRADITIONAL.languages.includes((shop.language ?? '').toLowerCase()) ||
    TRADITIONAL.currencies.includes((shop.currency ?? '').toUpperCase()) ||
    TRADITIONAL.timezones.includes(shop.timezone ?? '') ||
    TRADITIONAL.countries.includes((shop.country ?? '').toUpperCase());
  return traditional ? 'big5' : undefined;
}

export function isStrictUtf8(sample: Buffer): boolean {
  try {
    // stream: true tolerates a multibyte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

const hasHighBytes = (sample: Buffer) => sample.some((b) => b >= 0x80);

/**
 * The file's encoding, from a sample of its start (`whole` when the sample is the whole
 * file). The shop's language plays no part between languages (a Chinese shop sells to
 * Japan too); its script only breaks a tie between Big5 and GB18030 (`options.prefer`).
 */
export function chooseEncoding(file: string, sample: Buffer, forced: string | undefined, whole = false, options: EncodingOptions = {}): EncodingChoice {
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
    if (options.keepUtf8 && !encoding.startsWith('utf-')) {
      if (bom) return { ...bom, how: 'bom' };
      if (hasHighBytes(sample) && isStrictUtf8(sample) && !implausibleUtf8(new TextDecoder('utf-8').decode(sample, { stream: !whole }))) {
        return { encoding: 'utf-8', bomLength: 0, how: 'utf-8' };
      }
    }
    if (bom && bom.encoding !== encoding) {
      throw dataError(
        `${file}: --encoding ${forced} was given, but the file starts with a ${displayEncoding(bom.encoding)} byte-order mark`,
        `run again without --encoding (or with --encoding ${bom.encoding})`,
      );
    }
    if (encoding === 'utf-8' && !bom && !isStrictUtf8(sample)) {
      const sniffed = likelyLegacyEncoding(sample, whole, options.prefer);
      throw dataError(
        `${file}: --encoding ${forced} was given, but the file is not UTF-8 text${sniffed ? ` (it looks like ${LANGUAGE_OF[sniffed]})` : ''}`,
        `run again with --encoding ${sniffed ?? 'gb18030, big5, shift_jis or windows-1252'}, or without --encoding`,
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
    // Only among the encodings oos detects: EUC-JP text may look like GB18030.
    const detectable = (LEGACY_CANDIDATES as readonly string[]).includes(encoding);
    const sniffed = !bom && detectable ? clearlyBetterEncoding(encoding, sample, whole, options.prefer) : null;
    if (sniffed && sniffed !== encoding) {
      throw dataError(
        `${file}: --encoding ${forced} was given, but the file looks like ${LANGUAGE_OF[sniffed]} text; read as ${displayEncoding(encoding)} it would be garbled`,
        `run again with --encoding ${sniffed}, or without --encoding`,
      );
    }
    return { encoding, bomLength: bom ? bom.bomLength : 0, how: 'flag' };
  }
  if (bom) return { ...bom, how: 'bom' };
  if (!isStrictUtf8(sample)) return chooseLegacy(file, sample, whole, options.prefer);
  if (hasHighBytes(sample)) {
    const text = new TextDecoder('utf-8').decode(sample, { stream: !whole });
    if (implausibleUtf8(text) && sniffLegacyEncoding(sample, whole)) return chooseLegacy(file, sample, whole, options.prefer, firstWord(text));
  }
  return { encoding: 'utf-8', bomLength: 0, how: 'utf-8' };
}

/** Not UTF-8: the legacy encoding whose text is plausible, said aloud when another one also decodes. */
function chooseLegacy(file: string, sample: Buffer, whole: boolean, prefer: string | undefined, utf8Example?: string): EncodingChoice {
  const { readings, decisive, tieBreak } = weighLegacyEncodings(sample, whole, prefer);
  const clean = readings.filter((r) => r.clean);
  const [best, second] = clean;
  const tried = readings.map((r) => displayEncoding(r.encoding)).join(', ');
  if (!best) {
    throw dataError(
      `${file}: the file is not UTF-8 text, and it is not valid ${tried} text either`,
      'it may mix encodings or be damaged: export it again from the platform, or save it as "CSV UTF-8" and scan that',
    );
  }
  if (!decisive && !tieBreak) {
    // Only the readings that fit about as well as the best: one clearly worse would garble the names.
    const fitting = clean.filter((r) => r.score >= 0.25 && best.score - r.score < 0.25);
    // The shop's own encoding first when it fits: that is what its Excel saves.
    fitting.sort((a, b) => Number(b.encoding === prefer) - Number(a.encoding === prefer));
    const options = fitting.map((r) => `--encoding ${r.encoding}${r.example ? ` if names read like ${r.example}` : ''}`);
    const invalid = readings.filter((r) => r.badLine !== undefined).map((r) => `as ${displayEncoding(r.encoding)} it has invalid bytes on line ${r.badLine}`);
    const readsAs = clean.map((r) => `as ${displayEncoding(r.encoding)} it reads ${r.example ? `"${r.example}"` : 'as text'}`);
    throw dataError(
      `${file}: the file is not UTF-8, and oos cannot tell its encoding from its text: ${[...readsAs, ...invalid].join(', ')}`,
      options.length
        ? `run again with ${options.join(', or ')}`
        : 'if a few lines were saved in another encoding than the rest, export the file again (as "CSV UTF-8" if you can) and scan that',
    );
  }
  const choice: EncodingChoice = { encoding: best.encoding, bomLength: 0, how: 'sniffed' };
  const others = [...(utf8Example !== undefined ? [{ encoding: 'utf-8', example: utf8Example }] : []), ...(second ? [second] : [])];
  if (others.length) {
    const also = others.map((r) => `${displayEncoding(r.encoding)}${r.example ? `, where it says "${r.example}"` : ''}`).join(', and as ');
    const why =
      tieBreak === 'shop'
        ? 'which is about as plausible: oos went by the shop, which writes Traditional Chinese (its language, currency, timezone or country)'
        : tieBreak === 'trail bytes' && best.encoding === 'big5'
          ? 'which is about as plausible: oos went by Big5, as several characters have a second byte below 0x80 (common GB18030 characters never do)'
          : tieBreak === 'trail bytes'
            ? 'which is about as plausible: oos went by GB18030, as no character or few have a second byte below 0x80 (4 in 10 Big5 characters do)'
            : 'which is less plausible text';
    // When the bytes rule a reading out, --encoding would refuse it: it is shown, not offered.
    const offered = others.filter((r) => r.encoding === 'utf-8' || !decisive);
    const retry = offered.length ? `run again with ${offered.map((r) => `--encoding ${r.encoding}`).join(' or ')}` : 'save the file as "CSV UTF-8" and scan that';
    choice.warning =
      `${file}: oos read it as ${READ_AS[best.encoding]}${best.example ? `, where it says "${best.example}"` : ''}; ` +
      `it also decodes as ${also}, ${why}. ` +
      `If the names are wrong, ${retry}; --encoding ${best.encoding} says this is right and silences this warning`;
  }
  return choice;
}

/**
 * What to try when `bytes` (the stretch of the file that failed) do not decode as
 * `encoding`: the encoding they do read as, when their text says so clearly.
 */
export function undecodableHint(encoding: string, bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding !== 'utf-8' && hasHighBytes(buf) && isStrictUtf8(buf)) {
    return 'this part of the file is UTF-8 text: run again with --encoding utf-8 (if the file mixes encodings, export it again)';
  }
  const sniffed = sniffLegacyEncoding(buf);
  if (sniffed && sniffed !== encoding) {
    return `this part of the file reads as ${LANGUAGE_OF[sniffed]} text: run again with --encoding ${sniffed} (if the file mixes encodings, export it again)`;
  }
  return encoding === 'utf-8'
    ? 'name the file\'s encoding with --encoding (gb18030, big5, shift_jis, windows-1252, euc-jp), or export it again as "CSV UTF-8"'
    : 'the file is damaged or mixes encodings here: export it again, or save it as "CSV UTF-8" and scan that';
}

/** Decodes a byte stream strictly; a bad byte sequence is a data error naming the line. */
export class StrictDecoder extends Transform {
  private readonly decoder: Decoder;
  private bytes = 0;
  private lines = 1;
  private skip: number;
  private lastChunk: Buffer = Buffer.alloc(0);

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
    this.lastChunk = data;
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
      undecodableHint(this.encoding, this.lastChunk),
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
