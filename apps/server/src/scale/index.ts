export { startWork, type Work, type WorkOptions } from './work.ts';
