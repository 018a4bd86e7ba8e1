/**
 * Building tweet texts together with their entities. X gives entity `start`/`end` as
 * Unicode code-point offsets into the text, so this module counts code points, not UTF-16
 * units.
 */

export interface HashtagEntity {
  start: number;
  end: number;
  tag: string;
}

export interface MentionEntity {
  start: number;
  end: number;
  username: string;
  id: string;
}

export interface UrlEntity {
  start: number;
  end: number;
  url: string;
  expanded_url: string;
  display_url: string;
}

export interface BuiltText {
  text: string;
  hashtags: HashtagEntity[];
  mentions: MentionEntity[];
  urls: UrlEntity[];
}

export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++; // count every unit but the first half of a surrogate pair
  }
  return n;
}

/** The first `n` code points of `s`. */
export function codePointPrefix(s: string, n: number): string {
  let out = '';
  let count = 0;
  for (const ch of s) {
    if (count === n) break;
    out += ch;
    count++;
  }
  return out;
}

/** Appends text pieces and records where hashtags, mentions and links land. */
export class TextBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private last = '';
  readonly hashtags: HashtagEntity[] = [];
  readonly mentions: MentionEntity[] = [];
  readonly urls: UrlEntity[] = [];

  get codePoints(): number {
    return this.length;
  }

  get isEmpty(): boolean {
    return this.length === 0;
  }

  /** Plain text (must not contain a hashtag the caller does not mean to be one). */
  add(s: string): this {
    if (s.length === 0) return this;
    this.parts.push(s);
    this.length += codePointLength(s);
    this.last = s;
    return this;
  }

  /** A single space unless the text is empty or already ends in whitespace. */
  space(): this {
    if (this.length > 0 && !/\s$/u.test(this.last)) this.add(' ');
    return this;
  }

  /** A hashtag: `sign` + `tag`, recorded as an entity with the tag as written. */
  hashtag(tag: string, sign = '#'): this {
    const start = this.length;
    this.add(sign + tag);
    this.hashtags.push({ start, end: this.length, tag });
    return this;
  }

  mention(username: string, id: string): this {
    const start = this.length;
    this.add('@' + username);
    this.mentions.push({ start, end: this.length, username, id });
    return this;
  }

  url(shortUrl: string, expanded: string): this {
    const start = this.length;
    this.add(shortUrl);
    this.urls.push({
      start,
      end: this.length,
      url: shortUrl,
      expanded_url: expanded,
      display_url: expanded.replace(/^https?:\/\//, ''),
    });
    return this;
  }

  build(): BuiltText {
    return {
      text: this.parts.join(''),
      hashtags: [...this.hashtags],
      mentions: [...this.mentions],
      urls: [...this.urls],
    };
  }
}

/**
 * The text X shows for a classic retweet: `RT @user: ` + the original, cut to 140 code points
 * with `…` when longer. The cut falls on a word boundary (so no hashtag is cut in half), which
 * means a hashtag near the end of a long original is simply missing from the retweet's text.
 */
export function retweetText(username: string, userId: string, original: BuiltText, limit = 140): BuiltText {
  const prefix = `RT @${username}: `;
  const prefixLen = codePointLength(prefix);
  const originalLen = codePointLength(original.text);
  let body = original.text;
  let bodyLen = originalLen;
  let truncated = false;
  if (prefixLen + originalLen > limit) {
    const room = limit - prefixLen - 1; // leave one for the ellipsis
    const cut = codePointPrefix(original.text, Math.max(0, room));
    const lastSpace = cut.search(/\s\S*$/u);
    body = (lastSpace > 0 ? cut.slice(0, lastSpace) : cut).trimEnd();
    bodyLen = codePointLength(body);
    truncated = true;
  }
  const text = prefix + body + (truncated ? '…' : '');
  const shift = (e: { start: number; end: number }) => ({
    start: e.start + prefixLen,
    end: e.end + prefixLen,
  });
  return {
    text,
    hashtags: original.hashtags.filter((h) => h.end <= bodyLen).map((h) => ({ ...h, ...shift(h) })),
    mentions: [
      { start: 3, end: 4 + codePointLength(username), username, id: userId },
      ...original.mentions.filter((m) => m.end <= bodyLen).map((m) => ({ ...m, ...shift(m) })),
    ],
    urls: original.urls.filter((u) => u.end <= bodyLen).map((u) => ({ ...u, ...shift(u) })),
  };
}

/** Entities of `full` that lie wholly within its first `n` code points. */
export function entitiesWithin(full: BuiltText, n: number): BuiltText {
  return {
    text: codePointPrefix(full.text, n),
    hashtags: full.hashtags.filter((h) => h.end <= n),
    mentions: full.mentions.filter((m) => m.end <= n),
    urls: full.urls.filter((u) => u.end <= n),
  };
}
