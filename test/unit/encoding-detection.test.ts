/**
 * Encoding detection, judged by the text each encoding yields: every sample below,
 * written in its encoding by iconv-lite, is either read back exactly or refused
 * with the --encoding to try. The shop's language is no input.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, textDecoder } from '../../src/import/decode.js';

const JAPANESE = [
  '佐藤', '高橋', '鈴木 一郎', '田中様', 'さとう はなこ', 'サトウ ハナコ', '山田太郎,東京都渋谷区', '渡辺 美咲', 'ほうじ茶 100g',
  '株式会社テスト', '①限定品', 'ｻﾄｳ ﾊﾅｺ', 'Tokyo 佐藤', '伊藤 健', '小林', '加藤 恵', '吉田', '山口', '松本 潤', '井上', '木村', '林',
  '清水', '斎藤', '髙橋', '発送待ち', '桜井', '藤原', '岡田', '注文番号,注文者姓\n123,高橋',
];
const CHINESE = [
  '王芳', '李娜', '张伟', '刘洋', '陈静', '欧阳娜娜', '买家已付款，等待卖家发货', '普洱茶 357克', '收货地址：浙江省杭州市', '赵雷', '诸葛亮',
  '鑫', '杨洋', '黄磊', '周杰', '吴昊', '徐静', '孙丽', '马超', '朱琳', '胡歌', '郭靖', '何炅', '高圆圆', '林志玲', '罗翔', '梁朝伟', '宋佳',
  '郑爽', '谢娜',
];
const WESTERN = ['Jürgen Müller', 'Zoë', 'Siobhán Ó Briain', 'François', 'Straße 5', '116,99 €', '„Möwe“', 'Åsa Ødegård', 'José Núñez', 'Chloé', 'Søren', 'Björk'];

const SAMPLES: [text: string, written: string, read: string][] = [
  ...JAPANESE.map((t): [string, string, string] => [t, 'cp932', 'shift_jis']),
  ...CHINESE.map((t): [string, string, string] => [t, 'gbk', 'gb18030']),
  ...WESTERN.map((t): [string, string, string] => [t, 'windows-1252', 'windows-1252']),
  ...[...JAPANESE.slice(0, 4), ...CHINESE.slice(0, 4), ...WESTERN.slice(0, 4)].map((t): [string, string, string] => [t, 'utf-8', 'utf-8']),
];

const fileOf = (text: string, encoding: string) => iconv.encode(`name\n${text}\n`, encoding);

describe('encoding detection reads every sample as it was written', () => {
  it.each(SAMPLES)('%j written as %s is read as %s', (text, written, read) => {
    const bytes = fileOf(text, written);
    const choice = chooseEncoding('f.csv', bytes, undefined, true);
    expect(choice.encoding).toBe(read);
    expect(textDecoder(choice.encoding, { fatal: true }).decode(bytes)).toBe(`name\n${text}\n`);
  });

  it('holds samples of each language in each encoding', () => expect(SAMPLES.length).toBeGreaterThanOrEqual(80));
});

describe('when two encodings decode the same bytes', () => {
  it('picks the plausible reading and says which other one there was, offering it only when --encoding would take it', () => {
    const choice = chooseEncoding('orders.csv', fileOf('佐藤', 'cp932'), undefined, true);
    expect(choice.encoding).toBe('shift_jis');
    expect(choice.warning).toBe(
      'orders.csv: oos read it as Japanese text in Shift_JIS, where it says "佐藤"; it also decodes as GB18030, where it says "嵅摗", ' +
        'which is less plausible text. If the names are wrong, save the file as "CSV UTF-8" and scan that; --encoding shift_jis says this is right and silences this warning',
    );
  });

  it('says nothing when only one encoding decodes the file', () => {
    // Half-width katakana after a kanji row: not valid GB18030 anywhere in the file.
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},佐藤`).join('\n');
    const choice = chooseEncoding('f.csv', fileOf(`${rows}\n9999,ｻﾄｳ`, 'cp932'), undefined, true);
    expect(choice).toMatchObject({ encoding: 'shift_jis', how: 'sniffed' });
    expect(choice.warning).toBeUndefined();
  });

  it('refuses, naming the --encoding for each reading, when no reading is clearly the text', () => {
    // Second-level kanji read as GB18030 are second-level hanzi: both are plausible, neither common.
    const bytes = Buffer.from([0x6e, 0x0a, 0xe8, 0xa8, 0xe9, 0xb0, 0x0a]);
    expect(() => chooseEncoding('f.csv', bytes, undefined, true)).toThrow(/cannot tell its encoding from its text/);
    try {
      chooseEncoding('f.csv', bytes, undefined, true);
    } catch (e) {
      expect((e as { hint?: string }).hint).toMatch(/--encoding shift_jis .*--encoding gb18030|--encoding gb18030 .*--encoding shift_jis/);
    }
  });

  it('does not take GBK bytes that happen to be valid UTF-8 (郑爽) for UTF-8', () => {
    const choice = chooseEncoding('f.csv', fileOf('郑爽', 'gbk'), undefined, true);
    expect(choice.encoding).toBe('gb18030');
    expect(choice.warning).toMatch(/read it as Chinese text in GB18030, where it says "郑爽"; it also decodes as UTF-8, where it says "֣ˬ"/);
  });

  it('reads half-width katakana that are also GB18030 hanzi as Chinese, and shows the Shift_JIS reading', () => {
    // ﾏｷ ﾕｳ is, byte for byte, 戏 粘 in GB18030 and valid UTF-8 too: the warning names all three.
    const choice = chooseEncoding('f.csv', fileOf('ﾏｷ ﾕｳ', 'cp932'), undefined, true);
    expect(choice.encoding).toBe('gb18030');
    // --encoding shift_jis would be refused (the bytes are valid UTF-8): only utf-8 is offered.
    expect(choice.warning).toMatch(/where it says "戏"; it also decodes as UTF-8, where it says "Ϸ", and as Shift_JIS \(CP932\), where it says "ﾏｷ".*run again with --encoding utf-8;/);
  });

  it.each(['Αθηνά Παππά', 'Иван Петров', 'שלום', 'Müller', 'Ó Briain'])('still reads %s in UTF-8 as UTF-8', (text) => {
    expect(chooseEncoding('f.csv', fileOf(text, 'utf-8'), undefined, true).encoding).toBe('utf-8');
  });
});
