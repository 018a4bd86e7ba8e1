// Length of a host label once IDNA-encoded (RFC 3492 Punycode), which is all twitter-text needs to know
// to reject labels longer than 63 characters. Written from the RFC; the bookkeeping mirrors Node's
// built-in `punycode` module, which twitter-text calls, down to its overflow limit.

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const MAX_INT = 0x7fffffff;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function codePoints(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out.push(((c - 0xd800) << 10) + next - 0xdc00 + 0x10000);
      i++;
    } else out.push(c);
  }
  return out;
}

/** Length of the Punycode encoding of `text` (without `xn--`); Infinity where encoding would overflow. */
export function punycodeLength(text: string): number {
  const input = codePoints(text);
  let basic = 0;
  for (const c of input) if (c < 0x80) basic++;
  let length = basic > 0 ? basic + 1 : 0;
  let handled = basic;
  let n = 0x80;
  let delta = 0;
  let bias = 72;
  while (handled < input.length) {
    let m = MAX_INT;
    for (const c of input) if (c >= n && c < m) m = c;
    if (m - n > Math.floor((MAX_INT - delta) / (handled + 1))) return Infinity;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of input) {
      if (c < n && ++delta > MAX_INT) return Infinity;
      if (c !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
        if (q < t) break;
        length++;
        q = Math.floor((q - t) / (BASE - t));
      }
      length++;
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return length;
}

/**
 * Length of `label` as `punycode.toASCII` would return it: split at the IDNA full stops, each piece with
 * a non-ASCII character becomes `xn--` plus its encoding. (`@`, which toASCII also treats specially,
 * cannot occur in a host twitter-text matched.)
 */
export function asciiLabelLength(label: string): number {
  let ascii = true;
  for (let i = 0; i < label.length && ascii; i++) ascii = label.charCodeAt(i) < 0x80;
  if (ascii) return label.length; // the common case: nothing to encode, and no IDNA full stop either
  let total = 0;
  const pieces = label.split(/[.\u3002\uff0e\uff61]/);
  for (const piece of pieces) total += /[^\0-\x7f]/.test(piece) ? 4 + punycodeLength(piece) : piece.length;
  return total + pieces.length - 1;
}
