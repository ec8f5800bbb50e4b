// sentc's own-storage model in Node.js: the app keeps file parts in its own storage (here an
// HTTP server in this process, standing in for the app's backend and bucket). The SDK sends each
// encrypted part to `file_part_url`; the backend stores it under the part id the sentc server
// gives when the backend registers the part with its secret token; readers fetch parts from the
// app's storage; after a deletion the backend removes the parts the server lists.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import Sentc from "sentc";

const config = JSON.parse(process.argv[2]);
const { base_url, public_token, secret_token, tag } = config;
const api = (path, init = {}) =>
  fetch(`${base_url}${path}`, { ...init, headers: { "x-sentc-app-token": secret_token, ...init.headers } });

/** The app's backend and storage: POST /parts/<session>/<sequence>/<end>, GET /parts/<part_id>. */
function appStorage() {
  const parts = new Map();
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const [, , ...rest] = request.url.split("/");
    if (request.method === "POST") {
      const [session, sequence, end] = rest;
      // Register the part with sentc as the user; the answer names the part.
      const answer = await api(`/api/v1/file/part/${session}/${sequence}/${end}`, {
        method: "POST",
        headers: { authorization: request.headers.authorization },
      });
      const text = await answer.text();
      const registered = JSON.parse(text);
      if (registered.status) parts.set(registered.result.part_id, Buffer.concat(chunks));
      response.writeHead(answer.status, { "content-type": "application/json" }).end(text);
      return;
    }
    const stored = parts.get(decodeURIComponent(rest[0]));
    if (!stored) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/octet-stream" }).end(stored);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, parts, url: `http://127.0.0.1:${server.address().port}/parts` })),
  );
}

async function setStorage(storage) {
  const response = await api("/api/v1/file_options", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ storage, quota_bytes: null }),
  });
  assert.equal(response.status, 200, await response.text());
}

const storage = await appStorage();
await setStorage("own");
try {
  await Sentc.init({ base_url, app_token: public_token, file_part_url: storage.url });
  const name = `own-${tag}`;
  await Sentc.register(name, "a password");
  const user = await Sentc.login(name, "a password", true);
  const group = await user.getGroup(await user.createGroup());
  const data = new Uint8Array(5 * 1024 * 1024).map((_, index) => index % 253);
  const created = await group.createFile(new File([data], "own.bin"));
  assert.equal(storage.parts.size, 2, "two parts in the app's storage");
  const { blob, meta } = await group.downloadFileBlob(created.file_id);
  assert.ok(meta.part_list.every((part) => part.extern_storage));
  assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), data);

  await group.deleteFile(created.file_id);
  let listed = [];
  for (let attempt = 0; attempt < 100 && listed.length < 2; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    listed = (await (await api("/api/v1/file_deleted_parts")).json()).result.part_ids;
  }
  assert.deepEqual([...listed].sort(), [...storage.parts.keys()].sort(), "the server lists the parts to remove");
  for (const id of listed) storage.parts.delete(id);
  await api("/api/v1/file_deleted_parts", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ part_ids: listed }),
  });
  assert.deepEqual((await (await api("/api/v1/file_deleted_parts")).json()).result.part_ids, []);
  console.log(`${tag}: the app's own storage held`);
} finally {
  await setStorage("server");
  storage.server.close();
}
