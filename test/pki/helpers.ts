import { execFileSync, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as forge from 'node-forge';

/** A fresh temp directory, removed by the returned cleanup. */
export function tempDir(prefix = 'meshgen-pki-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function rm(p: string): void {
  fs.rmSync(p, { recursive: true, force: true });
}

export const FIXTURES = path.join(__dirname, '..', 'fixtures');
export const ISTIO_CERTS = path.join(FIXTURES, 'istio-certs');
export const TEST_PKI = path.join(FIXTURES, 'pki');

/** Small keys keep the tests fast; only the default-profile test uses 4096. */
export const FAST = { keySize: 1024 } as const;

export const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;

/** `test` when openssl is on PATH, else a loudly announced skip. */
export function testWithOpenssl(name: string, fn: () => Promise<void> | void): void {
  const run = async (): Promise<void> => { await fn(); };
  if (HAS_OPENSSL) {
    test(name, run);
  } else {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED (openssl not found on PATH): ${name}`);
    test.skip(`[needs openssl] ${name}`, run);
  }
}

/** Runs `openssl verify`; returns its stdout (throws with stderr on failure). */
export function opensslVerify(args: string[]): string {
  return execFileSync('openssl', ['verify', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function x509(pem: string): crypto.X509Certificate {
  return new crypto.X509Certificate(pem);
}

export function forgeCert(pem: string): forge.pki.Certificate {
  return forge.pki.certificateFromPem(pem);
}

export function ext<T = Record<string, unknown>>(cert: forge.pki.Certificate, name: string): T {
  const e = cert.getExtension(name);
  if (!e) throw new Error(`extension ${name} missing`);
  return e as T;
}

export function mode(p: string): number {
  return fs.statSync(p).mode & 0o777;
}

export function snapshotTree(dir: string): Record<string, { bytes: string; mtimeMs: number; mode: number }> {
  const out: Record<string, { bytes: string; mtimeMs: number; mode: number }> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.statSync(p);
      if (e.isDirectory()) {
        out[path.relative(dir, p) + '/'] = { bytes: '', mtimeMs: st.mtimeMs, mode: st.mode & 0o777 };
        walk(p);
      } else {
        out[path.relative(dir, p)] = { bytes: fs.readFileSync(p, 'base64'), mtimeMs: st.mtimeMs, mode: st.mode & 0o777 };
      }
    }
  };
  walk(dir);
  return out;
}

export function listAll(dir: string): string[] {
  return Object.keys(snapshotTree(dir)).sort();
}
