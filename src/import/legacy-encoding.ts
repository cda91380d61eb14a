/**
 * Telling legacy encodings apart by the text they yield. GB18030 decodes almost any
 * bytes without an error, Big5 and Shift_JIS most, Windows-1252 nearly all: that a file
 * decodes says little. What it decodes into says a lot, because each encoding keeps
 * its everyday characters in its own byte ranges:
 * - Japanese in Shift_JIS is kana (0x829F–0x8396) and first-level kanji
 *   (0x889F–0x9872); read as GB18030 those bytes are GBK's rare extension hanzi
 *   (佐藤 becomes 嵅摗); read as Big5 they are user-defined (private-use) codes.
 * - Simplified Chinese in GB18030 is first-level hanzi (leads 0xB0–0xD7, second bytes
 *   0xA1–0xFE); read as Shift_JIS those bytes are half-width katakana, second-level
 *   kanji and private-use codes; read as Big5, most are hanzi too (王芳 becomes 卼滂), but
 *   none has a second byte below 0x80, which four in ten Big5 hanzi have.
 * - Traditional Chinese in Big5 (Excel's CSV in Taiwan and Hong Kong, code page 950) is
 *   the frequent hanzi at 0xA440–0xC67E, four in ten of them with a second byte below
 *   0x80; read as GB18030 those are GBK's extension hanzi, kana and private-use codes
 *   (王小華 becomes two private-use characters and 地).
 * - Western text in Windows-1252 has accented letters alone between ASCII letters
 *   (Müller); CJK text has its high bytes in pairs and runs.
 * Each reading is scored by the share of its characters that are everyday ones. The
 * shop's language is no evidence between languages, as a Chinese shop sells to Japan
 * and back; between the two Chinese scripts, which fit short samples equally, the
 * shop's own script breaks the tie (see weighLegacyEncodings).
 */
import { textDecoder } from './text-decoder.js';

/** The encodings oos detects, in the order a tie is listed; euc-jp is read only when --encoding names it. */
export const LEGACY_CANDIDATES = ['shift_jis', 'gb18030', 'big5', 'windows-1252'] as const;

export interface Reading {
  encoding: string;
  /** Decoded without an invalid byte sequence. */
  clean: boolean;
  /** 0–1: the share of non-ASCII characters that are everyday ones in this encoding's language. */
  score: number;
  /** The first non-ASCII word of the file as this encoding reads it (a name, usually). */
  example: string;
  /** The line of the first invalid byte sequence, when there is one. */
  badLine?: number;
}

/** A reading at least this plausible, and this far ahead of the next one, is the file's encoding. */
const PLAUSIBLE = 0.5;
const MARGIN = 0.25;

export interface Weighing {
  /** Every candidate's reading, clean ones first, most plausible first (the chosen one first after a tie-break). */
  readings: Reading[];
  /** The bytes say the first reading is the text. */
  decisive: boolean;
  /**
   * Big5 and GB18030 fit the bytes about equally, and this chose between them: the shop's
   * script, or the second bytes leaning one way without proving it.
   */
  tieBreak?: 'shop' | 'trail bytes';
}

/**
 * Every candidate's reading, and whether the first is clearly the text. Big5 and GB18030
 * read many of each other's hanzi as everyday hanzi, so between those two the second
 * bytes decide (trailEvidence); when they cannot, `prefer` does: the encoding the shop's
 * own sheets are saved in (big5 for a shop writing Traditional Chinese).
 */
export function weighLegacyEncodings(sample: Buffer, whole: boolean, prefer?: string): Weighing {
  const readings = LEGACY_CANDIDATES.map((encoding) => read(encoding, sample, whole));
  readings.sort((a, b) => Number(b.clean) - Number(a.clean) || b.score - a.score);
  const [best, second, third] = readings as [Reading, Reading, Reading];
  const chinese = [best.encoding, second.encoding].sort().join(' ') === 'big5 gb18030' && best.clean && second.clean;
  if (!chinese) return { readings, decisive: ahead(best, second) };
  const [big5, gb] = best.encoding === 'big5' ? [best, second] : [second, best];
  // The better Chinese reading must still be clearly ahead of any other language's.
  const first = (r: Reading, rest: Partial<Weighing>): Weighing | null =>
    ahead(r, third) ? { readings: [r, ...readings.filter((x) => x !== r)], decisive: false, ...rest } : null;
  const evidence = trailEvidence(sample);
  if (Math.abs(evidence) >= STRONG) {
    const proven = first(evidence > 0 ? big5 : gb, { decisive: true });
    if (proven) return proven;
  }
  if (ahead(best, second)) return { readings, decisive: true };
  return (
    (prefer === 'big5' ? first(big5, { tieBreak: 'shop' }) : null) ??
    (evidence !== 0 ? first(evidence > 0 ? big5 : gb, { tieBreak: 'trail bytes' }) : null) ?? { readings, decisive: false }
  );
}

/** `a` is a plausible reading, and clearly more plausible than `b` (or `b` is not clean). */
function ahead(a: Reading, b: Reading | undefined): boolean {
  return a.clean && a.score >= PLAUSIBLE && (!b || !b.clean || a.score - b.score >= MARGIN);
}

/** The legacy encoding the sample is clearly in by its bytes, or null (plain ASCII, or text that fits several). */
export function sniffLegacyEncoding(sample: Buffer, whole = false): string | null {
  if (!sample.some((b) => b >= 0x80)) return null;
  const { readings, decisive } = weighLegacyEncodings(sample, whole);
  return decisive ? readings[0]!.encoding : null;
}

/** The legacy encoding detection would read the sample in, tie-breaks included, or null. */
export function likelyLegacyEncoding(sample: Buffer, whole: boolean, prefer?: string): string | null {
  if (!sample.some((b) => b >= 0x80)) return null;
  const { readings, decisive, tieBreak } = weighLegacyEncodings(sample, whole, prefer);
  return decisive || tieBreak ? readings[0]!.encoding : null;
}

/**
 * The encoding to name instead of `encoding` (one --encoding named): the one the bytes
 * prove, or one whose reading is clearly more plausible than the decodable reading
 * `encoding` gives. Null when `encoding` fits as well as any (Big5 and GB18030 on a
 * short sample of hanzi, say).
 */
export function clearlyBetterEncoding(encoding: string, sample: Buffer, whole: boolean, prefer?: string): string | null {
  if (!sample.some((b) => b >= 0x80)) return null;
  const { readings, decisive } = weighLegacyEncodings(sample, whole, prefer);
  const best = readings[0]!;
  const given = readings.find((r) => r.encoding === encoding);
  if (best === given) return null;
  return decisive || (given?.clean && ahead(best, given)) ? best.encoding : null;
}

/** How often a double-byte character's second byte is in 0x40–0x7E: in Big5 text (4 in 10 of the frequent hanzi), in GB18030 text (GBK's extension hanzi only). */
const LOW_TRAIL_BIG5 = 0.4;
const LOW_TRAIL_GB = 0.03;
/** Evidence a hundred times likelier under one encoding than the other proves it. */
const STRONG = Math.log(100);

/**
 * The log-likelihood ratio of Big5 over GB18030 given the second bytes of the sample's
 * double-byte characters: GB2312's hanzi never have one below 0x80, four in ten Big5
 * hanzi do. Positive says Big5, negative GB18030; ten characters without a low second
 * byte, or a few with, are strong evidence; a name or two is not.
 */
export function trailEvidence(b: Buffer): number {
  let low = 0;
  let high = 0;
  for (let i = 0; i < b.length; ) {
    if (b[i]! < 0x81 || b[i] === 0xff) {
      i++;
      continue;
    }
    const trail = b[i + 1] ?? 0;
    if (trail >= 0x40 && trail <= 0x7e) low++;
    else high++;
    i += 2;
  }
  return low * Math.log(LOW_TRAIL_BIG5 / LOW_TRAIL_GB) + high * Math.log((1 - LOW_TRAIL_BIG5) / (1 - LOW_TRAIL_GB));
}

function read(encoding: string, sample: Buffer, whole: boolean): Reading {
  let text: string;
  let valid = true;
  try {
    text = textDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(sample, { stream: !whole });
  } catch {
    // An invalid sequence: this is not the file's encoding, however the rest scores.
    valid = false;
    text = textDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(sample, { stream: !whole });
  }
  const weigh = encoding === 'shift_jis' ? weighShiftJis : encoding === 'gb18030' ? weighGb18030 : encoding === 'big5' ? weighBig5 : weighWindows1252;
  const { score, clean } = weigh(sample);
  const reading: Reading = { encoding, clean: valid && clean, score, example: firstWord(text) };
  if (!valid) reading.badLine = (text.slice(0, text.indexOf('\ufffd')).match(/\n/g)?.length ?? 0) + 1;
  return reading;
}

/**
 * The first word with non-ASCII characters in it: the same line in every reading, as no trail
 * byte is a line feed. Private-use characters, which show as nothing, are shown as �.
 */
export function firstWord(text: string): string {
  const m = /[A-Za-z]*[^\x00-\x7f]+[A-Za-z]*/.exec(text);
  return m ? [...m[0]].slice(0, 12).join('').trim().replace(/[\ue000-\uf8ff]/g, '\ufffd') : '';
}

interface Weight {
  score: number;
  clean: boolean;
}

const share = (sum: number, n: number): number => (n === 0 ? 0 : sum / n);

function weighShiftJis(b: Buffer): Weight {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < b.length; ) {
    const lead = b[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    n++;
    if (lead >= 0xa1 && lead <= 0xdf) {
      // Half-width katakana: real in some Japanese exports, and what GB18030 text turns into.
      sum += 0.5;
      i++;
      continue;
    }
    if (lead === 0x80 || lead === 0xa0 || lead >= 0xfd) {
      i++;
      continue;
    }
    const code = (lead << 8) | (b[i + 1] ?? 0);
    i += 2;
    if ((code >= 0x829f && code <= 0x82f1) || (code >= 0x8340 && code <= 0x8396)) sum += 1; // kana
    else if (code >= 0x889f && code <= 0x9872) sum += 1; // first-level kanji
    else if (code >= 0x824f && code <= 0x829a) sum += 1; // full-width digits and letters
    else if (code >= 0x8140 && code <= 0x81fc) sum += 0.8; // 、。・ー「」（）
    else if (code >= 0x8740 && code <= 0x879c) sum += 0.5; // ① ㈱ and other NEC specials
    else if (code >= 0x989f && code <= 0xeaa4) sum += 0.3; // second-level kanji
    else if (code >= 0xf040 && code <= 0xf9fc) sum += 0; // user-defined: private use
    else sum += 0.2; // Greek, Cyrillic, box drawing, IBM extensions
  }
  return { score: share(sum, n), clean: true };
}

function weighGb18030(b: Buffer): Weight {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < b.length; ) {
    const lead = b[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    n++;
    if (lead === 0x80 || lead === 0xff) {
      i++;
      continue;
    }
    const trail = b[i + 1] ?? 0;
    if (trail >= 0x30 && trail <= 0x39) {
      sum += 0.05; // a four-byte code: rare characters and other scripts
      i += 4;
      continue;
    }
    i += 2;
    if (lead >= 0xa1 && trail >= 0xa1) {
      if (lead >= 0xb0 && lead <= 0xd7) sum += 1; // first-level hanzi
      else if (lead === 0xa1 || lead === 0xa3) sum += 1; // 、。，：（） and full-width forms
      else if (lead === 0xa4 || lead === 0xa5) sum += 0.1; // kana: Japanese (EUC-JP) text, not Chinese
      else if (lead >= 0xd8 && lead <= 0xf7) sum += 0.5; // second-level hanzi
      else if (lead === 0xa2 || (lead >= 0xa6 && lead <= 0xa9)) sum += 0.5; // ①, Greek, pinyin, boxes
      // 0xAA–0xAF and 0xF8–0xFE are user-defined: private use, no weight.
    } else {
      sum += 0.15; // GBK's extension: rare and traditional hanzi
    }
  }
  return { score: share(sum, n), clean: true };
}

/**
 * Big5 as Excel writes it in Taiwan (code page 950, which Node's decoder reads): second
 * bytes 0x40–0x7E and 0xA1–0xFE. The decoder takes a lone 0x80 or 0xFF too, which no
 * Big5 text has: a reading with one is not clean.
 */
function weighBig5(b: Buffer): Weight {
  let sum = 0;
  let n = 0;
  let clean = true;
  for (let i = 0; i < b.length; ) {
    const lead = b[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    n++;
    if (lead === 0x80 || lead === 0xff) {
      clean = false;
      i++;
      continue;
    }
    const code = (lead << 8) | (b[i + 1] ?? 0);
    i += 2;
    if (code >= 0xa440 && code <= 0xc67e) sum += 1; // frequent hanzi
    else if (code >= 0xa140 && code <= 0xa1fe) sum += 1; // ，、。：（）「」 and the like
    else if ((code >= 0xa2af && code <= 0xa2b8) || (code >= 0xa2cf && code <= 0xa343)) sum += 1; // full-width digits and letters
    else if (code >= 0xa240 && code <= 0xa3bf) sum += 0.5; // symbols, Greek, bopomofo
    else if (code >= 0xc940 && code <= 0xf9d5) sum += 0.3; // less frequent hanzi
    else if (code >= 0xf9d6 && code <= 0xf9fe) sum += 0.2; // box drawing
    // 0x8140–0xA0FE, 0xC6A1–0xC8FE and 0xFA40–0xFEFE are user-defined (private use): no weight.
  }
  return { score: share(sum, n), clean };
}

// Windows-1252 leaves these bytes undefined; a file holding them is not Windows-1252.
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

function weighWindows1252(b: Buffer): Weight {
  let sum = 0;
  let n = 0;
  let clean = true;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x80) continue;
    n++;
    if (CP1252_UNDEFINED.has(c)) clean = false;
    let start = i;
    while (start > 0 && b[start - 1]! >= 0x80) start--;
    let end = i;
    while (end + 1 < b.length && b[end + 1]! >= 0x80) end++;
    if (start === end) sum += c === 0x80 || isLatinLetter(c) ? 1 : c < 0xa0 ? 0.5 : 0.6;
    else if (end - start < 3 && isLatinLetter(c) && (isAsciiLetter(b[start - 1]) || isAsciiLetter(b[end + 1]))) sum += 0.8; // Núñez
    else sum += 0.1; // runs of high bytes are CJK text
  }
  return { score: share(sum, n), clean };
}

/** À–ÿ (not × ÷). Š Œ Ž and the like at 0x8A–0x9F are rare, and those bytes lead Shift_JIS kanji. */
const isLatinLetter = (c: number) => c >= 0xc0 && c !== 0xd7 && c !== 0xf7;
const isAsciiLetter = (c: number | undefined) => c !== undefined && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));

/**
 * Whether valid UTF-8 is implausible as text: short GBK or Shift_JIS files can be valid
 * UTF-8 by chance (郑爽 in GBK is the bytes of U+05A3 U+02EC, ﾏｷ in Shift_JIS of Ϸ),
 * but then they hold only two-byte characters: accents, modifiers, and Greek, Armenian
 * or Hebrew letters standing alone, where real words run several letters of one script.
 */
export function implausibleUtf8(text: string): boolean {
  let odd = 0;
  let plausible = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const cp = chars[i]!.codePointAt(0)!;
    if (cp < 0x80) continue;
    if (cp >= 0x800) return false; // CJK and most of what real files hold
    const letter = /[\p{L}\p{N}\p{Sc}\p{Pi}\p{Pf}\p{Zs}]/u.test(chars[i]!) && !/\p{Lm}/u.test(chars[i]!);
    // Latin letters stand alone in words (Müller); other scripts' letters come in runs.
    const alone = cp >= 0x370 && (chars[i - 1] ?? ' ') < '\u0080' && (chars[i + 1] ?? ' ') < '\u0080';
    if (letter && !alone) plausible++;
    else odd++;
  }
  return odd > plausible;
}
