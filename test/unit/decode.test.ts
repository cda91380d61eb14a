import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, normaliseEncodingName, StrictDecoder } from '../../src/import/decode.js';
import { sniffDelimiter } from '../../src/import/read-csv.js';
import { cleanId, cleanText, Header } from '../../src/import/formats/cells.js';

const sjis = Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x8d, 0x82, 0x8b, 0xb4]); // "name\n" + 高橋 in Shift_JIS

async function decodeInChunks(bytes: Buffer, encoding: string, size: number): Promise<string> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const out: string[] = [];
  const dec = new StrictDecoder('f.csv', encoding, 0);
  dec.on('data', (s) => out.push(String(s)));
  await new Promise<void>((resolve, reject) => Readable.from(chunks).pipe(dec).on('end', resolve).on('error', reject));
  return out.join('');
}

describe('choosing an encoding', () => {
  it('BOM first, then strict UTF-8, then the legacy encoding whose text is plausible', () => {
    expect(chooseEncoding('f', Buffer.from([0xef, 0xbb, 0xbf, 0x61]), undefined)).toMatchObject({ encoding: 'utf-8', bomLength: 3, how: 'bom' });
    expect(chooseEncoding('f', Buffer.from([0xff, 0xfe, 0x61, 0x00]), undefined)).toMatchObject({ encoding: 'utf-16le', how: 'bom' });
    expect(chooseEncoding('f', Buffer.from('王芳'), undefined)).toMatchObject({ encoding: 'utf-8', how: 'utf-8' });
    // A short Shift_JIS file, the kind detectors call windows-1252 and GB18030 decodes too: read as
    // Shift_JIS for its first-level kanji, and the other reading named in a warning.
    const choice = chooseEncoding('f', sjis, undefined, true);
    expect(choice).toMatchObject({ encoding: 'shift_jis', how: 'sniffed' });
    expect(choice.warning).toMatch(/read it as Japanese text in Shift_JIS, where it says "高橋"; it also decodes as GB18030/);
  });

  it('a forced legacy encoding on UTF-8 text is refused, on ASCII accepted', () => {
    expect(() => chooseEncoding('f', Buffer.from('王芳'), 'gbk')).toThrow(/is UTF-8 text/);
    expect(chooseEncoding('f', Buffer.from('abc'), 'cp932').encoding).toBe('shift_jis');
  });

  it('knows the names people type and refuses others', () => {
    expect(normaliseEncodingName('GBK')).toBe('gb18030');
    expect(normaliseEncodingName('Windows-31J')).toBe('shift_jis');
    expect(() => normaliseEncodingName('klingon')).toThrow(/unknown encoding/);
  });

  it('[C6] decodes a multibyte character split across chunks (7-byte chunks)', async () => {
    const text = 'order_id,name\n1,髙橋 ①～ｶﾀｶﾅ\n2,王芳 😀\n';
    const { TextEncoder } = await import('node:util');
    const utf8 = Buffer.from(new TextEncoder().encode(text));
    for (const size of [1, 2, 3, 7]) expect(await decodeInChunks(utf8, 'utf-8', size)).toBe(text);
  });

  it('[C5] a bad byte is an error naming the line, never U+FFFD', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,2\n3,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')]);
    await expect(decodeInChunks(bytes, 'utf-8', 4)).rejects.toThrow(/near line 3.*invalid UTF-8/);
  });
});

describe('delimiters and cells', () => {
  it.each([
    ['a,b,c', ','],
    ['a\tb\tc', '\t'],
    ['a;b;c', ';'],
    ['"a;b",c,d', ','],
    ['single', ','],
  ])('%j → %j', (line, d) => expect(sniffDelimiter(line)).toBe(d));

  it('cleans spreadsheet artefacts and control characters', () => {
    expect(cleanId('="35153131473293579"')).toBe('35153131473293579');
    expect(cleanId("'13925130165")).toBe('13925130165');
    expect(cleanId('=""')).toBeNull();
    expect(cleanText('Tom\u202e & \u0000Jerry\r\nBcc: x')).toBe('Tom & Jerry Bcc: x');
    expect(cleanText('   ')).toBeNull();
  });

  it('matches headers case-insensitively with spaces, - and _ the same, and finds duplicates', () => {
    const h = new Header(['Order ID', 'paid-at', 'SKU', 'sku']);
    expect(h.find('order_id')).toBe(0);
    expect(h.find('PAID AT')).toBe(1);
    expect(h.duplicates()).toEqual([[2, 3]]);
  });
});
