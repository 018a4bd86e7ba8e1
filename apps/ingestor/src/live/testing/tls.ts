import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificate {
  /** PEM private key of the server. */
  key: string;
  /** PEM self-signed certificate for 127.0.0.1 / localhost; also the CA a client must trust. */
  cert: string;
  /** Folder holding key.pem and cert.pem (e.g. for NODE_EXTRA_CA_CERTS in a child process). */
  dir: string;
  certPath: string;
  /** Removes the folder. */
  cleanup(): Promise<void>;
}

/**
 * Makes a throw-away self-signed certificate with `openssl req -x509` in a temp folder. The
 * certificate is its own CA, valid for IP 127.0.0.1 and DNS localhost, for one day.
 */
export async function makeTestCertificate(): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'tagstream-tls-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  try {
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
      ],
      { timeout: 15_000 },
    );
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`could not create a test certificate with openssl (is openssl installed?): ${why}`);
  }
  const [key, cert] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
  return { key, cert, dir, certPath, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
