/**
 * A throw-away certificate authority for TLS tests, made with the openssl CLI
 * in a temp folder at test time (nothing is kept in git): a root CA, and
 * server certificates it signs for this machine (127.0.0.1 / localhost), for
 * another host name, and one that expired in 2020. EC P-256 keys: fast to make.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServerCert {
  key: string;
  cert: string;
}

export interface TestPki {
  /** The root CA's certificate file (PEM): what NODE_EXTRA_CA_CERTS points at to trust it. */
  caPath: string;
  /** Valid now, for 127.0.0.1, ::1 and localhost. */
  loopback: ServerCert;
  /** Valid now, but made out to wrong-host.test only. */
  wrongHost: ServerCert;
  /** For 127.0.0.1 and localhost, valid only in January 2020. */
  expired: ServerCert;
  dispose(): void;
}

const LOOPBACK_SAN = 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost';

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'wxm-pki-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ecKey = (name: string) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', at(name));

  ecKey('ca.key');
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=WXM Vault Test Root CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );

  const extFile = (name: string, san: string) => {
    writeFileSync(at(name), `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n${san}\n`);
    return at(name);
  };
  const request = (name: string, cn: string) => {
    ecKey(`${name}.key`);
    openssl('req', '-new', '-key', at(`${name}.key`), '-out', at(`${name}.csr`), '-subj', `/CN=${cn}`);
  };
  const signNow = (name: string, cn: string, san: string): ServerCert => {
    request(name, cn);
    openssl(
      'x509',
      '-req',
      '-in',
      at(`${name}.csr`),
      '-CA',
      at('ca.pem'),
      '-CAkey',
      at('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      extFile(`${name}.ext`, san),
      '-out',
      at(`${name}.pem`),
    );
    return { key: readFileSync(at(`${name}.key`), 'utf8'), cert: readFileSync(at(`${name}.pem`), 'utf8') };
  };

  const loopback = signNow('loopback', '127.0.0.1', LOOPBACK_SAN);
  const wrongHost = signNow('wrong-host', 'wrong-host.test', 'subjectAltName=DNS:wrong-host.test');

  // `openssl x509` (3.0) cannot backdate a certificate; `openssl ca` can, given a minimal CA database.
  request('expired', '127.0.0.1');
  writeFileSync(at('index.txt'), '');
  writeFileSync(at('serial'), '1000\n');
  writeFileSync(
    at('ca.cnf'),
    `[ca]\ndefault_ca=test\n[test]\ndatabase=${at('index.txt')}\nnew_certs_dir=${dir}\nserial=${at('serial')}\n` +
      'default_md=sha256\npolicy=any\nunique_subject=no\n[any]\ncommonName=supplied\n',
  );
  openssl(
    'ca',
    '-batch',
    '-config',
    at('ca.cnf'),
    '-cert',
    at('ca.pem'),
    '-keyfile',
    at('ca.key'),
    '-in',
    at('expired.csr'),
    '-out',
    at('expired.pem'),
    '-notext',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200201000000Z',
    '-extfile',
    extFile('expired.ext', LOOPBACK_SAN),
  );
  const expired = { key: readFileSync(at('expired.key'), 'utf8'), cert: readFileSync(at('expired.pem'), 'utf8') };

  return { caPath: at('ca.pem'), loopback, wrongHost, expired, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
