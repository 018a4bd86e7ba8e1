export { startWork, type Work, type WorkOptions } from './work.ts';
export { startWebNode, type WebNodeOptions } from './web-node.ts';
export { CountingModeError, type CountingMode } from './counting-mode.ts';
