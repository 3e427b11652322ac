/* eslint-disable no-console */
/**
 * Benchmark: a root and 16 intermediates with lib/pki (native RSA keygen, concurrent)
 * against the openssl CLI doing the Makefile.selfsigned.mk steps (genrsa, req, x509)
 * with the same profile, 16 intermediates run two at a time.
 *
 *   npm run bench:pki
 */
import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { ensurePki } from '../lib/pki';

const run = promisify(execFile);
const CLUSTERS = Array.from({ length: 16 }, (_, i) => `cluster${i + 1}`);
const CONCURRENCY = 2;
const KEY_SIZE = Number(process.env.BENCH_KEY_SIZE ?? 4096);

/** The [ req ] section both configurations share (Istio's tools/certs/common.mk). */
const REQ = `[ req ]
encrypt_key = no
prompt = no
utf8 = yes
default_md = sha256
default_bits = ${KEY_SIZE}
req_extensions = req_ext
x509_extensions = req_ext
distinguished_name = req_dn
`;

const ROOT_CONF = `${REQ}[ req_ext ]
subjectKeyIdentifier = hash
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
[ req_dn ]
O = Istio
CN = Root CA
`;

const intermediateConf = (cluster: string): string => `${REQ}[ req_ext ]
subjectKeyIdentifier = hash
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, digitalSignature, nonRepudiation, keyEncipherment, keyCertSign, cRLSign
subjectAltName = @san
[ x509_ext ]
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, digitalSignature, nonRepudiation, keyEncipherment, keyCertSign, cRLSign
subjectAltName = @san
[ san ]
DNS.1 = istiod.istio-system.svc
[ req_dn ]
O = Istio
CN = Intermediate CA
L = ${cluster}
`;

async function openssl(args: string[], cwd: string): Promise<void> {
  await run('openssl', args, { cwd });
}

async function withOpenssl(dir: string): Promise<void> {
  fs.writeFileSync(path.join(dir, 'root-ca.conf'), ROOT_CONF);
  await openssl(['genrsa', '-out', 'root-key.pem', String(KEY_SIZE)], dir);
  await openssl(['req', '-new', '-key', 'root-key.pem', '-config', 'root-ca.conf', '-out', 'root-cert.csr'], dir);
  await openssl(['x509', '-req', '-sha256', '-days', '3650', '-signkey', 'root-key.pem', '-extensions', 'req_ext', '-extfile', 'root-ca.conf', '-in', 'root-cert.csr', '-out', 'root-cert.pem'], dir);
  const queue = [...CLUSTERS];
  const worker = async (): Promise<void> => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const d = path.join(dir, c);
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, 'intermediate.conf'), intermediateConf(c));
      await openssl(['genrsa', '-out', `${c}/ca-key.pem`, String(KEY_SIZE)], dir);
      await openssl(['req', '-new', '-config', `${c}/intermediate.conf`, '-key', `${c}/ca-key.pem`, '-out', `${c}/cluster-ca.csr`], dir);
      await openssl(['x509', '-req', '-sha256', '-days', '730', '-CA', 'root-cert.pem', '-CAkey', 'root-key.pem', '-set_serial', `0x${crypto.randomBytes(16).toString('hex').replace(/^[89a-f]/, '1')}`,
        '-extensions', 'x509_ext', '-extfile', `${c}/intermediate.conf`, '-in', `${c}/cluster-ca.csr`, '-out', `${c}/ca-cert.pem`], dir);
      fs.writeFileSync(path.join(d, 'cert-chain.pem'), fs.readFileSync(path.join(d, 'ca-cert.pem'), 'utf8') + fs.readFileSync(path.join(dir, 'root-cert.pem'), 'utf8'));
      fs.copyFileSync(path.join(dir, 'root-cert.pem'), path.join(d, 'root-cert.pem'));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function time(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function main(): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'meshgen-bench-pki-'));
  try {
    console.log(`root + ${CLUSTERS.length} intermediates, RSA ${KEY_SIZE}, ${os.cpus().length} CPU(s), node ${process.version}`);
    const lib = await time(async () => { await ensurePki({ dir: path.join(base, 'lib'), clusters: CLUSTERS, keySize: KEY_SIZE }); });
    console.log(`meshgen lib/pki : ${lib.toFixed(2)} s`);
    const { stdout } = await run('openssl', ['version']);
    fs.mkdirSync(path.join(base, 'openssl'));
    const cli = await time(() => withOpenssl(path.join(base, 'openssl')));
    console.log(`openssl CLI     : ${cli.toFixed(2)} s (${stdout.trim()}, ${CONCURRENCY} at a time)`);
    console.log(`ratio lib/openssl: ${(lib / cli).toFixed(2)}`);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
