// What the feature tests read back from files and processes: CSV as a spreadsheet reads it,
// a download's bytes, a self-signed certificate, a dashboard served over TLS (issue 14).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, chmodSync, existsSync, rmSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { binaries, waitFor } from './federation.mjs';

// RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks.
export function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field); records.push(record); record = []; field = ''; i++;
    } else field += c;
  }
  if (field !== '' || record.length > 0) { record.push(field); records.push(record); }
  return records;
}

// The bytes of the file a click on `link` downloads.
export async function download(page, link) {
  const [started] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { name: started.suggestedFilename(), bytes: readFileSync(await started.path()) };
}

// A self-signed certificate for 127.0.0.1, made with openssl in `dir`: {cert, key} paths.
export function selfSignedCertificate(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', key, '-out', cert], { stdio: ['ignore', 'ignore', 'pipe'] });
  chmodSync(key, 0o600);
  return { cert, key };
}

// A second dashboard of `node` served over HTTPS: the node's configuration with its own
// state folder, any free port and the certificate. Returns {url, stop}.
export async function startTlsDashboard(federation, node, certificate) {
  const config = join(federation.run, `${node}-dashboard-tls.toml`);
  const urlFile = join(federation.run, `${node}-dashboard-tls.url`);
  const plain = readFileSync(join(federation.run, `${node}-dashboard.toml`), 'utf8');
  writeFileSync(config, plain
    .replace(/^listen = ".*"$/m, 'listen = "127.0.0.1:0"')
    .replace(/^state_dir = "(.*)"$/m, 'state_dir = "$1-tls"')
    .replace(/^\[dashboard\]$/m,
      `[dashboard]\ntls_cert = "${certificate.cert}"\ntls_key = "${certificate.key}"`));
  rmSync(urlFile, { force: true });
  const log = openSync(join(federation.run, `${node}-dashboard-tls.log`), 'a');
  const child = spawn(binaries.dashboard, ['serve', '--config', config, '--url-file', urlFile],
    { stdio: ['ignore', 'ignore', log] });
  const url = (await waitFor('the TLS dashboard', () => existsSync(urlFile) &&
    readFileSync(urlFile, 'utf8').trim())).replace(/\/$/, '');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return { url, stop };
}
