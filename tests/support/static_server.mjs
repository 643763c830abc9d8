// The dashboard's static server (scripts/serve.mjs) run for a browser
// test on a free port of 127.0.0.1: {child, url, origin}.
import {spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const serveScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/serve.mjs');

export async function startServer(dir, extraArgs = []) {
  const child = spawn(process.execPath, [serveScript, '--port', '0', '--host', '127.0.0.1', ...extraArgs, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
    child.stdout.on('data', (data) => {
      output += data;
      const m = /serving .* at (http:\/\/\S+\/)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on('data', (data) => { output += data; });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
  return {child, url, origin: new URL(url).origin};
}

// Stops it (SIGTERM, then SIGKILL after 5 s); a server already gone is fine.
export async function stopServer(server) {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
