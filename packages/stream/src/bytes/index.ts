// The byte-level counting prototype of issue 19, beside the core: not yet part of the package's
// public surface (phase 2 wires it into WindowedCounter and feedLine), reachable for benchmarks.
export { ScanCounter } from './scan-counter.ts';
export { feedBytes, MAX_LINE_BYTES } from './feed-bytes.ts';
export { ByteLineReader } from './byte-line-reader.ts';
