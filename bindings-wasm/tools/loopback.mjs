// Pieces shared by the browser end-to-end test, the browser benchmark and examples/browser:
// a static file server on loopback and sentc-server --dev on SQLite. Node built-ins only.
import { spawn } from "node:child_process";
import { createServer, request as httpRequest } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, extname, normalize, resolve as resolvePath, sep } from "node:path";

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ts": "text/plain; charset=utf-8",
};

/**
 * Serves files on 127.0.0.1 (port 0 picks a free one). `mounts` maps a URL prefix ("/" or
 * "/sentc/") to a folder; `routes` maps exact paths to functions returning a response body
 * (served as JSON). Resolves to { server, url }.
 */
export function serveFiles(mounts, { port = 0, routes = {} } = {}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    if (routes[path]) {
      response.writeHead(200, { "content-type": types[".json"], "cache-control": "no-store" });
      response.end(JSON.stringify(routes[path]()));
      return;
    }
    const prefix = prefixes.find((candidate) => path.startsWith(candidate));
    const folder = prefix && resolvePath(mounts[prefix]);
    let file = folder && join(folder, path.slice(prefix.length));
    if (file && existsSync(file) && statSync(file).isDirectory()) {
      file = join(file, "index.html");
    }
    // Refuse anything outside the mounted folder (normalize already removed "..").
    if (!file || !(file === folder || file.startsWith(folder + sep)) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    response.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(port, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${server.address().port}` }),
    );
  });
}

/**
 * Spawns a long-running process and resolves to { child, ...found } once `find(output)` returns
 * an object for what it printed so far (stdout and stderr); rejects if it exits before.
 */
export function spawnUntil(command, args, options, find) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let printed = "";
    child.on("exit", (code) => reject(new Error(`${command} exited with ${code}: ${printed}`)));
    const read = (chunk) => {
      printed += chunk;
      const found = find(printed);
      if (found) {
        resolve({ child, ...found });
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
  });
}

/** Stops a process started by spawnUntil without treating the exit as a failure. */
export function stopProcess(started) {
  if (started) {
    started.child.removeAllListeners("exit");
    started.child.kill();
  }
}

/**
 * Starts `binary --dev` on SQLite in `folder` on a free loopback port; resolves to
 * { child, url, token, secret } once it printed its address and the dev app's tokens.
 */
export function startDevServer(binary, folder) {
  const database = `sqlite://${join(folder, "sentc.db")}?mode=rwc`;
  return spawnUntil(
    binary,
    ["--dev", "--listen", "127.0.0.1:0", "--database-url", database],
    { cwd: folder },
    (printed) => {
      const token = printed.match(/public token:\s+(\S+)/)?.[1];
      const secret = printed.match(/secret token:\s+(\S+)/)?.[1];
      const url = printed.match(/listening on (http:\/\/\S+)/)?.[1];
      return token && secret && url ? { url, token, secret } : undefined;
    },
  );
}

/**
 * A recording proxy on loopback in front of `target` (the sentc server): forwards every request
 * as it is and keeps `{ method, url, body }` of each in `requests`, so a test can assert on what
 * reached the server. Resolves to { server, url, requests }.
 */
export function recordingProxy(target) {
  const requests = [];
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const chunks = [];
    incoming.on("data", (chunk) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      // File parts are kept as their size: bytes, and many megabytes of them.
      const binary = incoming.headers["content-type"] === "application/octet-stream";
      requests.push({ method: incoming.method, url: incoming.url, body: binary ? `<${body.length} bytes>` : body.toString("utf8") });
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forward.on("error", () => outgoing.writeHead(502).end());
      forward.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${server.address().port}`, requests }),
    );
  });
}
