// The hashtag, mention and cashtag cases of twitter-text's conformance suite (conformance/extract.yml,
// latest revision), re-typed as data. Each case is also run through twitter-text 3.1.0 itself, so a case
// that drifted from the reference would show up as such (none has).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type * as TwitterText from 'twitter-text';
import { extractCashtags, extractHashtags, extractMentions } from '../hashtags.ts';
import { hashtagSpans } from './hashtags.ts';

const oracle = createRequire(import.meta.url)('twitter-text') as typeof TwitterText;

type Case = [description: string, text: string, expected: string[]];

const hashtags: Case[] = [
  ['after emoji without variant selector', 'a \u270c#hashtag here', ['hashtag']],
  ['after emoji with variant selector FE0E', 'a \u270c\ufe0e#hashtag here', ['hashtag']],
  ['after emoji with variant selector FE0F', 'a \u270c\ufe0f#hashtag here', ['hashtag']],
  ['after emoji with skin tone', 'a \u270c\u{1f3ff}#hashtag here', ['hashtag']],
  ['after emoji with skin tone and FE0F', 'a \u270c\u{1f3ff}\ufe0f#hashtag here', ['hashtag']],
  [
    'after emoji with zero-width joiner',
    'a \u{1f468}\u200d\u{1f469}\u200d\u{1f467}#hashtag here',
    ['hashtag'],
  ],
  ['all-alpha hashtag', 'a #hashtag here', ['hashtag']],
  ['letter-then-number hashtag', 'this is #hashtag1', ['hashtag1']],
  ['number-then-letter hashtag', '#1hashtag is this', ['1hashtag']],
  ['NOT an all-numeric hashtag', 'On the #16 bus', []],
  ['NOT a single numeric hashtag', '#0', []],
  [
    'hashtag after bracket',
    '(#hashtag1 )#hashtag2 [#hashtag3 ]#hashtag4 \u2019#hashtag5\u2019#hashtag6',
    ['hashtag1', 'hashtag2', 'hashtag3', 'hashtag4', 'hashtag5', 'hashtag6'],
  ],
  ['hashtag containing ñ', "I'll write more tests #mañana", ['mañana']],
  ['hashtag containing é', 'Working remotely #café', ['café']],
  ['hashtag containing ü', 'Getting my Oktoberfest on #münchen', ['münchen']],
  ['NOT a hashtag containing Japanese', 'this is not valid: # 会議中 ハッシュ', []],
  ['hashtag in Korean', 'What is #트위터 anyway?', ['트위터']],
  ['half-width Hangul hashtag', 'Just random half-width Hangul #ﾣﾦﾰ', ['ﾣﾦﾰ']],
  ['hashtag in Russian', 'What is #ашок anyway?', ['ашок']],
  ['starting katakana hashtag', '#カタカナ is a hashtag', ['カタカナ']],
  ['starting hiragana hashtag', '#ひらがな FTW!', ['ひらがな']],
  ['starting kanji hashtag', '#漢字 is the future', ['漢字']],
  ['trailing katakana hashtag', 'Hashtag #カタカナ', ['カタカナ']],
  ['trailing hiragana hashtag', 'Japanese hashtags #ひらがな', ['ひらがな']],
  ['trailing kanji hashtag', 'Study time #漢字', ['漢字']],
  ['central katakana hashtag', 'See my #カタカナ hashtag?', ['カタカナ']],
  ['central hiragana hashtag', 'Study #ひらがな for fun and profit', ['ひらがな']],
  ['central kanji hashtag', 'Some say #漢字 is the past. what do they know?', ['漢字']],
  ['Kanji/Katakana mixed hashtag', '日本語ハッシュタグテスト #日本語ハッシュタグ', ['日本語ハッシュタグ']],
  ['hashtag after a punctuation', '日本語ハッシュテスト。#日本語ハッシュタグ', ['日本語ハッシュタグ']],
  ['NOT including a punctuation in a hashtag', '#日本語ハッシュタグ。', ['日本語ハッシュタグ']],
  ['full-width Alnum hashtag', '全角英数字ハッシュタグ ＃ｈａｓｈｔａｇ１２３', ['ｈａｓｈｔａｇ１２３']],
  ['NOT a hashtag without a preceding space', '日本語ハッシュタグ#日本語ハッシュタグ', []],
  ['hashtag with chouon', '長音ハッシュタグ。#サッカー', ['サッカー']],
  ['hashtag with half-width chouon', '長音ハッシュタグ。#ｻｯｶｰ', ['ｻｯｶｰ']],
  ['hashtag with half-width voiced sound marks', '#ﾊｯｼｭﾀｸﾞ #ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ', ['ﾊｯｼｭﾀｸﾞ', 'ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ']],
  ['half-width # after full-width ！', 'できましたよー！#日本語ハッシュタグ。', ['日本語ハッシュタグ']],
  ['full-width ＃ after full-width ！', 'できましたよー！＃日本語ハッシュタグ。', ['日本語ハッシュタグ']],
  [
    'hashtag with ideographic iteration mark',
    '#云々 #学問のすゝめ #いすゞ #各〻 #各〃',
    ['云々', '学問のすゝめ', 'いすゞ', '各〻', '各〃'],
  ],
  ['hashtag with fullwidth tilde', '#メ～テレ ハッシュタグ内で～が認識されず', ['メ～テレ']],
  ['hashtag with wave dash', '#メ〜テレ ハッシュタグ内で～が認識されず', ['メ〜テレ']],
  [
    'hashtags with ş (U+015F)',
    'Here\u2019s a test tweet for you: #Ateş #qrşt #ştu #ş',
    ['Ateş', 'qrşt', 'ştu', 'ş'],
  ],
  ['hashtags with İ (U+0130) and ı (U+0131)', 'Here\u2019s a test tweet for you: #İn #ın', ['İn', 'ın']],
  [
    'hashtag before punctuations',
    '#hashtag: #hashtag; #hashtag, #hashtag. #hashtag! #hashtag?',
    ['hashtag', 'hashtag', 'hashtag', 'hashtag', 'hashtag', 'hashtag'],
  ],
  [
    'hashtag after punctuations',
    ':#hashtag ;#hashtag ,#hashtag .#hashtag !#hashtag ?#hashtag',
    ['hashtag', 'hashtag', 'hashtag', 'hashtag', 'hashtag', 'hashtag'],
  ],
  [
    'hashtag before newline',
    '#hashtag\ntest\n#hashtag2\ntest\n#hashtag3\n',
    ['hashtag', 'hashtag2', 'hashtag3'],
  ],
  ['NOT a hashtag when # is followed by URL', '#http://twitter.com #https://twitter.com', []],
  ["NOT a hashtag if it's a part of URL", 'http://twitter.com/#hashtag twitter.com/#hashtag', []],
  [
    'hashtags with Latin extended characters',
    '#Azərbaycanca #mûǁae #Čeština #Ċaoiṁín',
    ['Azərbaycanca', 'mûǁae', 'Čeština', 'Ċaoiṁín'],
  ],
  [
    'Arabic hashtags',
    '#سیاست #ایران #السياسة #السياح #لغات  #اتمی  #کنفرانس #العربية #الجزيرة #فارسی',
    ['سیاست', 'ایران', 'السياسة', 'السياح', 'لغات', 'اتمی', 'کنفرانس', 'العربية', 'الجزيرة', 'فارسی'],
  ],
  [
    'Arabic hashtags with underscore',
    '#برنامه_نویسی  #رییس_جمهور  #رئيس_الوزراء, #ثبت_نام. #لس_آنجلس',
    ['برنامه_نویسی', 'رییس_جمهور', 'رئيس_الوزراء', 'ثبت_نام', 'لس_آنجلس'],
  ],
  ['Hebrew hashtags', '#עַל\u05beיְדֵי #וכו\u05f3 #מ\u05f4כ', ['עַל\u05beיְדֵי', 'וכו\u05f3', 'מ\u05f4כ']],
  [
    'Thai hashtags',
    '#ผู้เริ่ม #การเมือง #รายละเอียด #นักท่องเที่ยว #ของขวัญ #สนามบิน #เดินทาง #ประธาน',
    ['ผู้เริ่ม', 'การเมือง', 'รายละเอียด', 'นักท่องเที่ยว', 'ของขวัญ', 'สนามบิน', 'เดินทาง', 'ประธาน'],
  ],
  [
    'Arabic hashtags with Zero-Width Non-Joiner',
    '#أي\u200cبي\u200cإم #می\u200cخواهم',
    ['أي\u200cبي\u200cإم', 'می\u200cخواهم'],
  ],
  ['Amharic hashtag', 'የአላህ መልእክተኛ ሰለላሁ ዓለይሂ ወሰለም #ኢትዮሙስሊምስ', ['ኢትዮሙስሊምስ']],
  ['Sinhala hashtag with Zero-Width Joiner (U+200D)', '#ශ්\u200dරීලංකා', ['ශ්\u200dරීලංකා']],
  [
    'Arabic and Persian hashtags with numbers',
    '#۳۴۵هشتگ #هشتگ۶۷۸ #ســـلام_عليكم_٤٠٦',
    ['۳۴۵هشتگ', 'هشتگ۶۷۸', 'ســـلام_عليكم_٤٠٦'],
  ],
  ['Hindi hashtags', '#महात्मा #महात्मा_१२३४ #१२३४ गांधी', ['महात्मा', 'महात्मा_१२३४']],
  [
    'Indic script hashtags',
    '#বাংলা #ગુજરાતી #ಕನ್ನಡ #മലയാളം #ଓଡ଼ିଆ #ਪੰਜਾਬੀ #සිංහල #தமிழ் #తెలుగు',
    ['বাংলা', 'ગુજરાતી', 'ಕನ್ನಡ', 'മലയാളം', 'ଓଡ଼ିଆ', 'ਪੰਜਾਬੀ', 'සිංහල', 'தமிழ்', 'తెలుగు'],
  ],
  ['Tibetan hashtags', '#བོད་སྐད་ #བོད་སྐད', ['བོད་སྐད་', 'བོད་སྐད']],
  ['Khmer, Burmese, Laotian hashtags', '#មហាត្មះគន្ធី #မြင့်မြတ်သော #ຊີວະສາດ', ['មហាត្មះគន្ធី', 'မြင့်မြတ်သော', 'ຊີວະສາດ']],
  ['Greek hashtag', '#Μαχάτμα_Γκάντι ήταν Ινδός πολιτικός', ['Μαχάτμα_Γκάντι']],
  ['Armenian and Georgian hashtags', '#Մահաթմա #მაჰათმა', ['Մահաթմա', 'მაჰათმა']],
  ['hashtag with middle dot', '#il·lusió', ['il·lusió']],
  ['NOT hashtags without a letter', '#_ #1_2 #122 #〃', []],
  // hashtags_from_astral
  ['letter from astral plane (U+20021)', '#\u{20021}', ['\u{20021}']],
  ['letter plus marker from astral plane (U+16F04 U+16F51)', '#\u{16f04}\u{16f51}', ['\u{16f04}\u{16f51}']],
  ['letter plus number from astral plane (U+104A0)', '#A\u{104a0}', ['A\u{104a0}']],
];

type IndexedCase = [description: string, text: string, expected: [string, number, number][]];

const hashtagsWithIndices: IndexedCase[] = [
  ['hashtag at the start', '#hashtag here', [['hashtag', 0, 8]]],
  ['hashtag at the end', 'test a #hashtag', [['hashtag', 7, 15]]],
  ['hashtag in the middle', 'test a #hashtag in a string', [['hashtag', 7, 15]]],
  ['only a valid hashtag', '#123 a #hashtag in a string', [['hashtag', 7, 15]]],
  ['hashtag in a string of multi-byte characters', '会議中 #hashtag 会議中', [['hashtag', 4, 12]]],
  [
    'multiple valid hashtags',
    'One #two three #four',
    [
      ['two', 4, 8],
      ['four', 15, 20],
    ],
  ],
  ['non-latin hashtag', 'Hashtags in #русский!', [['русский', 12, 20]]],
  [
    'multiple non-latin hashtags',
    'Hashtags in #中文, #日本語, #한국말, and #русский! Try it out!',
    [
      ['中文', 12, 15],
      ['日本語', 17, 21],
      ['한국말', 23, 27],
      ['русский', 33, 41],
    ],
  ],
];

const mentions: Case[] = [
  ['mention at the beginning of a tweet', '@username reply', ['username']],
  ['mention at the end of a tweet', 'mention @username', ['username']],
  ['mention in the middle of a tweet', 'mention @username in the middle', ['username']],
  ['mention of username with underscore', 'mention @user_name', ['user_name']],
  ['mention of all numeric username', 'mention @12345', ['12345']],
  ['mention of multiple usernames', 'mention @username1 @username2', ['username1', 'username2']],
  ['mention in the middle of a Japanese tweet', 'の@usernameに到着を待っている', ['username']],
  ['NOT a username ending in @', 'Current Status: @_@ (cc: @username)', ['username']],
  ['NOT a username followed by accented latin characters', '@aliceìnheiro something something', []],
  ['lone mention but not @user@user', '@username email me @test@example.com', ['username']],
  ["NOT 'http' in '@http://' as username", '@http://twitter.com', []],
  ['mentions before newline', '@username\n@mention', ['username', 'mention']],
  ["mentions after 'RT'", 'RT@username RT:@mention RT @test', ['username', 'mention', 'test']],
  ["mentions after 'rt'", 'rt@username rt:@mention rt @test', ['username', 'mention', 'test']],
  ["mentions after 'Rt'", 'Rt@username Rt:@mention Rt @test', ['username', 'mention', 'test']],
  ["mentions after 'rT'", 'rT@username rT:@mention rT @test', ['username', 'mention', 'test']],
  ['NOT a username preceded by !', 'f!@kn', []],
  ['NOT a username preceded by @', 'f@@kn', []],
  ['NOT a username preceded by #', 'f#@kn', []],
  ['NOT a username preceded by $', 'f$@kn', []],
  ['NOT a username preceded by %', 'f%@kn', []],
  ['NOT a username preceded by &', 'f&@kn', []],
  ['NOT a username preceded by *', 'f*@kn', []],
  // mentions_with_indices and mentions_or_lists_with_indices: lists are not mentions.
  ['mention at the start', '@username yo!', ['username']],
  ['same thing mentioned at the start', 'username @username', ['username']],
  ['a list', '@username/list-name is a great list!', []],
  ['a mention and a list', 'Hey @username, check out out @otheruser/list_name-01!', ['username']],
  ['a list in the middle of a Japanese tweet', 'の@username/list_name-01に到着を待っている', []],
  ['NOT a list with slug that starts with a number', '@username/7list-name is a great list!', ['username']],
];

const cashtags: Case[] = [
  ['cashtags', 'Example cashtags: $TEST $Stock   $symbol', ['TEST', 'Stock', 'symbol']],
  [
    'cashtags with . or _',
    'Example cashtags: $TEST.T $test.tt $Stock_X $symbol_ab',
    ['TEST.T', 'test.tt', 'Stock_X', 'symbol_ab'],
  ],
  ['NOT cashtags containing numbers', '$123 $test123 $TE123ST', []],
  ['NOT cashtags with non-ASCII characters', '$ストック $株', []],
  ['NOT cashtags with punctuations', '$ $. $- $@ $! $() $+', []],
  ['NOT including trailing . or _', '$TEST. $TEST_', ['TEST', 'TEST']],
  ['NOT cashtags without a space before $', '$OK$NG$BAD text$NO .$NG $$NG', ['OK']],
  ['NOT too long cashtags', '$CashtagMustBeLessThanSixCharacter', []],
  // cashtags_with_indices
  ['cashtags (indexed)', 'Example: $TEST $symbol test', ['TEST', 'symbol']],
  ['cashtags with . or _ (indexed)', 'Example: $TEST.T test $symbol_ab end', ['TEST.T', 'symbol_ab']],
];

function table(name: string, cases: Case[], extract: (text: string) => string[], reference: typeof extract) {
  describe(name, () => {
    it.each(cases)('%s', (_description, text, expected) => {
      expect(extract(text)).toEqual(expected);
      expect(reference(text)).toEqual(expected);
    });
  });
}

table('conformance: hashtags', hashtags, extractHashtags, oracle.extractHashtags);
table('conformance: mentions', mentions, extractMentions, oracle.extractMentions);
table('conformance: cashtags', cashtags, extractCashtags, oracle.extractCashtags);

describe('conformance: hashtags with indices', () => {
  it.each(hashtagsWithIndices)('%s', (_description, text, expected) => {
    expect(extractHashtags(text)).toEqual(expected.map(([tag]) => tag));
    expect(hashtagSpans(text)).toEqual(expected.flatMap(([, start, end]) => [start, end]));
  });
});
