// The three-province federation of the browser tests: real alertbusd brokers (Bắc Giang, Hải
// Dương, Quảng Ninh, linked as deploy/<node>.toml says, security on with keys made for the
// run) and one alertbus-dashboard per province (deploy/dashboard/local.sh: one officer per
// unit, password "matkhau-demo"), all in a temporary folder removed at the end.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const build = resolve(root, process.env.ALERTBUS_BUILD || 'build');
export const binaries = {
  alertbusd: join(build, 'broker/alertbusd'),
  alertctl: join(build, 'clients/alertctl'),
  dashboard: join(build, 'dashboard/server/alertbus-dashboard'),
};
export const nodes = ['bac-giang', 'hai-duong', 'quang-ninh'];
export const password = 'matkhau-demo';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function waitFor(what, check, timeoutMs = 20000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export class Federation {
  constructor() {
    this.run = mkdtempSync(join(tmpdir(), 'alertbus-browser-'));
    this.brokers = {};
    this.dashboards = {};
    this.urls = {};
    this.serverKeys = {};
  }

  async start() {
    execFileSync('bash', [join(root, 'deploy/make-keys.sh'), join(this.run, 'security'),
      binaries.alertctl], { stdio: ['ignore', 'ignore', 'inherit'] });
    for (const node of nodes) {
      const shown = execFileSync(binaries.alertctl, ['--json', 'keys', 'show',
        join(this.run, 'security/keys', `${node}.key`)]).toString();
      this.serverKeys[node] = JSON.parse(shown).curve_public_key;
    }
    for (const node of nodes) this.startBroker(node);
    for (const node of nodes) {
      await waitFor(`broker ${node}`, () => existsSync(this.endpointFile(node)) &&
        readFileSync(this.endpointFile(node), 'utf8').length > 0);
    }
    for (const node of nodes) {
      execFileSync('bash', [join(root, 'deploy/dashboard/local.sh'), this.run, node, '0',
        this.serverKeys[node], binaries.dashboard], { stdio: ['ignore', 'ignore', 'inherit'] });
      await this.startDashboard(node);
    }
  }

  endpointFile(node) { return join(this.run, `${node}.endpoint`); }

  startBroker(node) {
    rmSync(this.endpointFile(node), { force: true });
    const config = readFileSync(join(root, 'deploy', `${node}.toml`), 'utf8');
    const port = /^listen = \["tcp:\/\/127\.0\.0\.1:(\d+)"/m.exec(config)[1];
    const log = openSync(join(this.run, `${node}.log`), 'a');
    this.brokers[node] = spawn(binaries.alertbusd, [
      '--config', join(root, 'deploy', `${node}.toml`),
      '--listen', `tcp://127.0.0.1:${port}`, '--listen', `ipc://${this.run}/${node}.sock`,
      '--data-dir', join(this.run, node), '--endpoint-file', this.endpointFile(node),
      '--security-mode', 'curve', '--registry', join(this.run, 'security/registry.toml'),
      '--key-file', join(this.run, 'security/keys', `${node}.key`),
      '--areas-file', join(root, 'deploy/areas/provinces.csv')],
    { stdio: ['ignore', 'ignore', log] });
  }

  async startDashboard(node) {
    const urlFile = join(this.run, `${node}-dashboard.url`);
    rmSync(urlFile, { force: true });
    const log = openSync(join(this.run, `${node}-dashboard.log`), 'a');
    this.dashboards[node] = spawn(binaries.dashboard, ['serve', '--config',
      join(this.run, `${node}-dashboard.toml`), '--url-file', urlFile],
    { stdio: ['ignore', 'ignore', log] });
    this.urls[node] = (await waitFor(`dashboard ${node}`, () => existsSync(urlFile) &&
      readFileSync(urlFile, 'utf8').trim())).replace(/\/$/, '');
    // Started on any free port: keep that port, so that a restart comes back at the same
    // address and the open pages reconnect.
    const config = join(this.run, `${node}-dashboard.toml`);
    const port = new URL(this.urls[node]).port;
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^listen = ".*"$/m,
      `listen = "127.0.0.1:${port}"`));
    return this.urls[node];
  }

  // Stops a dashboard the hard way (SIGKILL), as a crash would.
  async killDashboard(node) {
    const child = this.dashboards[node];
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  }

  // The broker stops answering (SIGSTOP) and carries on (SIGCONT): its links look cut.
  pauseBroker(node) { this.brokers[node].kill('SIGSTOP'); }
  resumeBroker(node) { this.brokers[node].kill('SIGCONT'); }

  // alertctl at a node with a principal's keys ("bac-giang/cnty").
  alertctl(node, principal, args, input) {
    return execFileSync(binaries.alertctl, args, {
      input,
      env: { ...process.env, ALERTBUS_BROKER: `ipc://${this.run}/${node}.sock`,
        ALERTBUS_SERVER_KEY: this.serverKeys[node],
        ALERTBUS_KEY_FILE: join(this.run, 'security/keys', `${principal.replace('/', '_')}.key`),
        ALERTBUS_SENDER: principal },
    }).toString();
  }

  async stop() {
    const all = [...Object.values(this.dashboards), ...Object.values(this.brokers)];
    for (const child of all) {
      if (child.exitCode === null) {
        try { child.kill('SIGCONT'); } catch { /* already gone */ }
        child.kill('SIGTERM');
      }
    }
    await Promise.all(all.map((child) => child.exitCode !== null ? null
      : new Promise((done) => { child.once('exit', done); setTimeout(done, 5000); })));
    // Whatever did not stop in time is killed, so that nothing outlives the test.
    for (const child of all) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    if (!process.env.ALERTBUS_KEEP_RUN) rmSync(this.run, { recursive: true, force: true });
    else console.error(`run kept: ${this.run}`);
  }
}

export { sleep, waitFor };
