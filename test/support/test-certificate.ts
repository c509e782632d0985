import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificate {
  /** PEM certificate: what a client process trusts through NODE_EXTRA_CA_CERTS. */
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
}

/**
 * A throwaway self-signed certificate for 127.0.0.1 and localhost, made with `openssl` (node:crypto
 * cannot issue X.509 certificates). Valid for a day; written into `dir`.
 */
export async function createTestCertificate(dir: string): Promise<TestCertificate> {
  const certPath = path.join(dir, 'emulator-cert.pem');
  const keyPath = path.join(dir, 'emulator-key.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '1',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  return { certPath, keyPath, cert: await fs.readFile(certPath, 'utf8'), key: await fs.readFile(keyPath, 'utf8') };
}
