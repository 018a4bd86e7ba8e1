#!/usr/bin/env node
// The workspace bin: runs the TypeScript sources through tsx, so `npx tagstream`
// works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
