export * from './batch-result.ts';
export * from './settings.ts';
export * from './source-status.ts';
export * from './wire.ts';
export * from './events.ts';
export * from './rest.ts';
export * from './trackers.ts';
export * from './ingestor-control.ts';
