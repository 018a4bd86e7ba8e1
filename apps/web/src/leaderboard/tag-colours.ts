/**
 * Tag colours: a tag's colour is a function of its key alone, so #ETH is the same colour in every tab,
 * every session and every export. 30 colours (15 hues at two depths), each with a light-theme and a
 * dark-theme form; every form has at least 3:1 contrast (WCAG's figure for graphics) against its theme's
 * card and page backgrounds (checked in the test). Labels sit beside every bar and in every legend, so two
 * tags that share a colour stay told apart; 30 colours keep that rare at top 10 and uncommon at top 25.
 */
export const TAG_PALETTE: ReadonlyArray<readonly [light: string, dark: string]> = [
  ['#a62f5f', '#ff8eb4'], // 0°
  ['#ac3033', '#ff908a'], // 24°
  ['#a73c00', '#ff9961'], // 48°
  ['#984d00', '#efa73e'], // 72°
  ['#7f5f00', '#d3b635'], // 96°
  ['#596e00', '#acc451'], // 120°
  ['#057918', '#7acf7a'], // 144°
  ['#007e51', '#38d4a6'], // 168°
  ['#007d7b', '#00d4cf'], // 192°
  ['#00769c', '#00cdf2'], // 216°
  ['#006ab4', '#51c2ff'], // 240°
  ['#325cbd', '#88b5ff'], // 264°
  ['#624eb7', '#b3a7ff'], // 288°
  ['#8141a4', '#d69bfa'], // 312°
  ['#983685', '#f092da'], // 336°
  ['#85253a', '#d67885'], // 12°
  ['#852a0f', '#d67d65'], // 36°
  ['#7d3500', '#cd8648'], // 60°
  ['#6e4300', '#ba9137'], // 84°
  ['#555000', '#9f9d3e'], // 108°
  ['#305a00', '#7da759'], // 132°
  ['#00602c', '#54ae79'], // 156°
  ['#006250', '#21af9b'], // 180°
  ['#005f6d', '#00adb9'], // 204°
  ['#005784', '#33a6d1'], // 228°
  ['#004d91', '#609cde'], // 252°
  ['#3c4292', '#8591e0'], // 276°
  ['#593888', '#a387d6'], // 300°
  ['#6e2f74', '#bc7ec1'], // 324°
  ['#7d2759', '#cd79a5'], // 348°
];

/** FNV-1a over UTF-16 code units: cheap, and the same in every browser. */
export function hashTag(tag: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < tag.length; i++) {
    hash ^= tag.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A tag's palette slot. */
export function colourIndex(tag: string): number {
  return hashTag(tag) % TAG_PALETTE.length;
}

/** The CSS colour of a tag: a custom property that follows the page's theme (see `paletteCss`). */
export function tagColour(tag: string): string {
  return `var(--tag-${colourIndex(tag)})`;
}

/** The colour of a tag as a value, for drawing outside CSS (the PNG export). */
export function tagColourValue(tag: string, theme: 'light' | 'dark'): string {
  const [light, dark] = TAG_PALETTE[colourIndex(tag)]!;
  return theme === 'dark' ? dark : light;
}

/** The palette as custom properties, each resolving to its light or dark form with the page's colour scheme. */
export function paletteCss(): string {
  const properties = TAG_PALETTE.map(([light, dark], i) => `--tag-${i}: light-dark(${light}, ${dark});`);
  return `:root { ${properties.join(' ')} }`;
}
