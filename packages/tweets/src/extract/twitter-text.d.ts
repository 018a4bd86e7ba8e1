// Just enough typing for the tests, which use twitter-text as their oracle (it ships no types).
declare module 'twitter-text' {
  export interface UrlEntity {
    url: string;
    indices: [number, number];
  }
  export function extractHashtags(text: string): string[];
  export function extractMentions(text: string): string[];
  export function extractCashtags(text: string): string[];
  export function extractUrlsWithIndices(text: string): UrlEntity[];
}
