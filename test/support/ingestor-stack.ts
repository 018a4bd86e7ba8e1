/**
 * Test support that starts our ingestor beside a server: the two apps meet only here, on the
 * wire (TCP lines and the control API), as they do in production.
 */
import type net from 'node:net';
import { buildControlApi, Ingestor } from '@tagstream/ingestor';
import pino from 'pino';
import type { Cleanup } from '../../apps/server/src/testing/harness.ts';

/** Our own ingestor with its control API, in this process; closed by `cleanup`. */
export async function ingestorStack(
  cleanup: Cleanup,
  recordingsDir: string,
  adminToken?: string,
): Promise<{ ingestor: Ingestor; port: number; controlUrl: string }> {
  const logger = pino({ level: 'silent' });
  const ingestor = new Ingestor({ host: '127.0.0.1', port: 0, format: 'json', logger });
  const { port } = await ingestor.listen();
  const control = buildControlApi({ ingestor, recordingsDir, adminToken, logger });
  await control.listen({ host: '127.0.0.1', port: 0 });
  const addr = control.server.address() as net.AddressInfo;
  cleanup.add(async () => {
    await control.close();
    await ingestor.close();
  });
  return { ingestor, port, controlUrl: `http://127.0.0.1:${addr.port}/` };
}
