// Conformance: Microsoft's JavaScript SDK (@azure/storage-file-share) against `azfh emulator`,
// beside the Python SDK's (../python_sdk.py): a second Microsoft client, written apart from the
// first, must agree with the emulator's own state field by field.
//
// Run by `.ci/run` after `npm ci` in this directory:
//     node tests/conformance/js_sdk/conformance.mjs target/debug/azfh
//
// It checks listShares (prefix, pages, snapshots, metadata, quota, protocols); exists() on a
// share, a directory and a file, present and missing; listHandles over many pages on the root,
// a directory, a file and a snapshot; forceCloseHandle and forceCloseAllHandles over many
// marker rounds; listFilesAndDirectories with every include option; downloads whole and
// ranged; SAS from the SDK's own generators, with and without each permission and resource
// type.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  ShareSASPermissions,
  ShareServiceClient,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
  generateFileSASQueryParameters,
} from "@azure/storage-file-share";

const ACCOUNT = "devstoreaccount1";
const KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const SNAPSHOT = "2026-11-01T00:00:00.0000000Z";
let checks = 0;

function check(condition, message) {
  checks += 1;
  if (!condition) {
    console.error(`FAIL: ${message}`);
    process.exit(1);
  }
}

async function refused(what, call, status, code) {
  try {
    await call();
    check(false, `${what}: accepted`);
  } catch (err) {
    check(err.statusCode === status, `${what}: status ${err.statusCode}, want ${status} (${err.message})`);
    if (code) {
      const got = err.details?.errorCode ?? err.code;
      check(got === code, `${what}: code ${got}, want ${code}`);
    }
  }
}

const STATE = {
  shares: [
    {
      name: "props",
      quota: 5120,
      access_tier: "Hot",
      metadata: { owner: "ops" },
      files: [{ path: "d/f.txt", size: 3 }],
      snapshots: [{ id: SNAPSHOT }],
    },
    { name: "nfsshare", protocols: "NFS" },
  ],
};

async function startEmulator(binary) {
  const dir = mkdtempSync(join(tmpdir(), "azfh-js-"));
  const state = join(dir, "state.json");
  writeFileSync(state, JSON.stringify(STATE));
  const child = spawn(
    binary,
    [
      "emulator", "--demo", "--generate", "paged:1234:100", "--listen", "127.0.0.1:0",
      "--close-batch", "100", "--tree", "walk:23:6", "--state", state,
      "--file", "downloads/big.bin:9000001:md5", "--file", "downloads/small.txt:11:md5",
      "--file", "downloads/empty.bin:0",
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  const lines = createInterface({ input: child.stdout });
  const connectionString = (await lines[Symbol.asyncIterator]().next()).value.trim();
  check(connectionString.startsWith("DefaultEndpointsProtocol=http;"), `connection string: ${connectionString}`);
  const endpoint = Object.fromEntries(
    connectionString.split(";").filter(Boolean).map((part) => [part.slice(0, part.indexOf("=")), part.slice(part.indexOf("=") + 1)]),
  ).FileEndpoint;
  return { child, connectionString, endpoint, origin: endpoint.slice(0, endpoint.lastIndexOf("/")) };
}

async function admin(origin, path) {
  const answer = await fetch(`${origin}/_emulator/${path}`);
  return answer.json();
}

function when(date) {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : null;
}

function sdkFields(handle) {
  const at = handle.clientIp.lastIndexOf(":");
  return {
    handle_id: handle.handleId,
    path: handle.path ?? "",
    file_id: handle.fileId,
    parent_id: handle.parentId,
    session_id: handle.sessionId,
    client_ip: handle.clientIp.slice(0, at),
    client_port: Number(handle.clientIp.slice(at + 1)),
    client_name: handle.clientName || null,
    open_time: when(handle.openTime),
    last_reconnect_time: when(handle.lastReconnectTime),
    access_rights: (handle.accessRightList ?? []).map((r) => r.toLowerCase()).sort(),
  };
}

function emulatorFields(record) {
  const fields = {};
  for (const key of ["handle_id", "path", "file_id", "parent_id", "session_id", "client_ip", "client_port",
    "client_name", "open_time", "last_reconnect_time"]) {
    fields[key] = record[key];
  }
  fields.access_rights = [...record.access_rights].sort();
  return fields;
}

function compare(listed, expected, what) {
  const byId = (a, b) => (BigInt(a.handle_id) < BigInt(b.handle_id) ? -1 : 1);
  const got = listed.map(sdkFields).sort(byId);
  const want = expected.map(emulatorFields).sort(byId);
  check(got.length === want.length, `${what}: SDK listed ${got.length} handles, emulator holds ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    check(JSON.stringify(got[i]) === JSON.stringify(want[i]),
      `${what}: handle differs\n  SDK:      ${JSON.stringify(got[i])}\n  emulator: ${JSON.stringify(want[i])}`);
  }
}

async function pagesOf(iterator, maxPageSize) {
  const pages = [];
  for await (const page of iterator.byPage({ maxPageSize })) {
    pages.push(page);
  }
  return pages;
}

async function handlesOf(client, options, maxPageSize) {
  const pages = await pagesOf(client.listHandles(options), maxPageSize);
  return { pages, handles: pages.flatMap((page) => page.handleList ?? []) };
}

async function checkShares(service) {
  const pages = await pagesOf(service.listShares({ includeSnapshots: true, includeMetadata: true }), 2);
  const shares = pages.flatMap((page) => page.shareItems ?? []);
  check(pages.length >= 3, `listShares in pages of 2: ${pages.length} pages`);
  const names = shares.map((s) => (s.snapshot ? `${s.name}@${s.snapshot}` : s.name));
  for (const name of ["demo", "downloads", "paged", "props", `props@${SNAPSHOT}`, "nfsshare", "walk"]) {
    check(names.includes(name), `listShares lists ${name}: ${names}`);
  }
  check(names.indexOf(`props@${SNAPSHOT}`) === names.indexOf("props") - 1, `the snapshot just before its share: ${names}`);
  const props = shares.find((s) => s.name === "props" && !s.snapshot);
  check(props.properties.quota === 5120, `quota ${props.properties.quota}`);
  check(props.properties.accessTier === "Hot", `access tier ${props.properties.accessTier}`);
  check(props.metadata?.owner === "ops", `metadata ${JSON.stringify(props.metadata)}`);
  check(props.properties.etag && props.properties.lastModified instanceof Date, "etag and last-modified");
  const nfs = shares.find((s) => s.name === "nfsshare");
  check(nfs.properties.protocols === "NFS" || nfs.properties.enabledProtocols === "NFS",
    `NFS protocol: ${JSON.stringify(nfs.properties)}`);
  const prefixed = [];
  for await (const share of service.listShares({ prefix: "p" })) prefixed.push(share.name);
  check(JSON.stringify(prefixed) === JSON.stringify(["paged", "props"]), `prefix p: ${prefixed}`);

  const share = service.getShareClient("props");
  const properties = await share.getProperties();
  check(properties.quota === 5120 && properties.metadata?.owner === "ops", `getProperties: ${properties.quota}`);
  check(await share.withSnapshot(SNAPSHOT).exists(), "a snapshot exists");
  await refused("handles on an NFS share", () => handlesOf(service.getShareClient("nfsshare").rootDirectoryClient, {}, 10),
    400, "FeatureNotSupportedOnProtocol");
}

async function checkExists(service) {
  const demo = service.getShareClient("demo");
  check(await demo.exists(), "the demo share exists");
  check(!(await service.getShareClient("nosuchshare").exists()), "a missing share does not");
  check(await demo.rootDirectoryClient.exists(), "the root directory exists");
  check(await demo.getDirectoryClient("projects/apollo").exists(), "a directory exists");
  check(!(await demo.getDirectoryClient("projects/nope").exists()), "a missing directory does not");
  check(!(await demo.getDirectoryClient("nope/deeper").exists()), "a directory under a missing one does not");
  check(await demo.getDirectoryClient("shared").getFileClient("Open Questions.docx").exists(), "a file exists");
  check(!(await demo.getDirectoryClient("shared").getFileClient("nope.docx").exists()), "a missing file does not");
  const properties = await demo.getDirectoryClient("projects").getProperties();
  check(properties.fileAttributes === "Directory" && properties.fileId, `directory properties: ${properties.fileAttributes}`);
}

async function checkHandles(service, origin) {
  const everything = await admin(origin, "handles");
  const live = everything.filter((r) => r.snapshot === null);
  const demo = service.getShareClient("demo");

  const root = await handlesOf(demo.rootDirectoryClient, { recursive: true }, 7);
  check(root.pages.length >= 3, `several pages (${root.pages.length})`);
  compare(root.handles, live.filter((r) => r.share === "demo"), "demo share, recursive");
  check(root.handles.some((h) => (h.path ?? "").includes("\ufffe")), "the U+FFFE path decoded");

  const directory = await handlesOf(demo.getDirectoryClient("projects/apollo"), { recursive: true }, 3);
  compare(directory.handles, live.filter((r) => r.share === "demo" && r.path.startsWith("projects/apollo")),
    "projects/apollo, recursive");
  const file = demo.getDirectoryClient("shared").getFileClient("Open Questions.docx");
  compare((await handlesOf(file, {}, 2)).handles,
    live.filter((r) => r.share === "demo" && r.path === "shared/Open Questions.docx"), "a file");

  const paged = await handlesOf(service.getShareClient("paged").rootDirectoryClient, { recursive: true }, 500);
  check(paged.pages.length === 3, `1,234 handles in 3 pages, got ${paged.pages.length}`);
  compare(paged.handles, live.filter((r) => r.share === "paged"), "generated share");

  const snapshots = everything.filter((r) => r.snapshot !== null);
  const snapshot = snapshots[0].snapshot;
  const snap = await handlesOf(demo.withSnapshot(snapshot).rootDirectoryClient, { recursive: true }, 2);
  compare(snap.handles, snapshots.filter((r) => r.share === "demo" && r.snapshot === snapshot), "snapshot");

  // Closing one handle by id: a file's, then a directory's; again closes nothing.
  const liveIds = async () =>
    new Set((await admin(origin, "handles")).filter((r) => r.snapshot === null && r.share === "demo").map((r) => r.handle_id));
  for (const client of [file, demo.getDirectoryClient("projects")]) {
    const [handle] = (await handlesOf(client, {}, 10)).handles;
    const before = await liveIds();
    const closed = await client.forceCloseHandle(handle.handleId);
    check(closed.closedHandlesCount === 1, `forceCloseHandle closed ${closed.closedHandlesCount}`);
    const after = await liveIds();
    check(before.size - after.size === 1 && !after.has(handle.handleId), "exactly that handle closed");
    const again = await client.forceCloseHandle(handle.handleId);
    check(again.closedHandlesCount === 0, "closing it again closes nothing");
  }

  // Everything below the generated share's root, in marker rounds of 100.
  const statsBefore = (await admin(origin, "stats")).operations.ForceCloseHandles ?? 0;
  const total = await service.getShareClient("paged").rootDirectoryClient.forceCloseAllHandles({ recursive: true });
  check(total.closedHandlesCount === 1234, `forceCloseAllHandles closed ${total.closedHandlesCount}`);
  check((total.closeFailureCount ?? 0) === 0, `forceCloseAllHandles failed ${total.closeFailureCount}`);
  check(!(await admin(origin, "handles")).some((r) => r.share === "paged"), "no handle left in the generated share");
  const rounds = (await admin(origin, "stats")).operations.ForceCloseHandles - statsBefore;
  check(rounds >= 13, `several marker rounds: ${rounds}`);
}

async function walk(directory, prefix, options) {
  const found = {};
  for await (const page of directory.listFilesAndDirectories(options).byPage({ maxPageSize: 4 })) {
    for (const item of page.segment.fileItems) {
      found[`${prefix}${item.name}`] = ["file", item.properties.contentLength, item];
    }
    for (const item of page.segment.directoryItems) {
      const path = `${prefix}${item.name}`;
      found[path] = ["directory", null, item];
      Object.assign(found, await walk(directory.getDirectoryClient(item.name), `${path}/`, options));
    }
  }
  return found;
}

async function checkListing(service, origin) {
  const files = await admin(origin, "files?share=walk");
  const expected = Object.fromEntries(files.map((e) => [e.path, [e.type, e.size]]));
  const root = service.getShareClient("walk").rootDirectoryClient;
  const plain = await walk(root, "", {});
  const simplified = Object.fromEntries(Object.entries(plain).map(([path, [type, size]]) => [path, [type, size]]));
  check(Object.keys(expected).length > 150, "a tree worth walking");
  check(JSON.stringify(Object.entries(simplified).sort()) === JSON.stringify(Object.entries(expected).sort()),
    "the SDK's walk is the emulator's tree");

  const ids = Object.fromEntries(files.map((e) => [e.path, e.file_id]));
  const options = {
    includeTimestamps: true, includeEtag: true, includeAttributes: true, includePermissionKey: true,
    includeExtendedInfo: true,
  };
  const detailed = await walk(root.getDirectoryClient("g03"), "g03/", options);
  check(Object.keys(detailed).length > 1, "g03 has entries");
  for (const [path, [, , item]] of Object.entries(detailed)) {
    check(item.fileId === ids[path], `file id of ${path}: ${item.fileId} vs ${ids[path]}`);
    check(item.properties.lastWriteTime instanceof Date && item.properties.etag, `timestamps and ETag of ${path}`);
    check(item.attributes && item.permissionKey, `attributes and permission key of ${path}`);
  }
  const first = Object.keys(detailed)[0].slice("g03/".length);
  const prefixed = Object.keys(await walk(root.getDirectoryClient("g03"), "", { prefix: first.slice(0, 4) }))
    .filter((path) => !path.includes("/"));
  const want = Object.keys(detailed).map((p) => p.slice(4)).filter((n) => !n.includes("/") && n.toLowerCase().startsWith(first.slice(0, 4).toLowerCase()));
  check(JSON.stringify(prefixed.sort()) === JSON.stringify(want.sort()), `prefix ${first.slice(0, 4)}: ${prefixed}`);
}

async function checkDownloads(service, origin) {
  const files = (await admin(origin, "files?share=downloads&md5=true")).filter((e) => e.type === "file");
  const share = service.getShareClient("downloads");
  for (const entry of files) {
    const client = share.rootDirectoryClient.getFileClient(entry.path);
    const whole = await client.downloadToBuffer(0, undefined, { concurrency: 4, rangeSize: 1 << 20 });
    check(whole.length === entry.size, `${entry.path}: ${whole.length} bytes, want ${entry.size}`);
    check(createHash("md5").update(whole).digest("hex") === entry.content_md5, `${entry.path}: bytes differ`);
    const properties = await client.getProperties();
    const stored = properties.contentMD5 ? Buffer.from(properties.contentMD5).toString("hex") : null;
    check(stored === entry.md5, `${entry.path}: stored MD5 ${stored}`);
  }
  const big = share.rootDirectoryClient.getFileClient("big.bin");
  const whole = await big.downloadToBuffer();
  const part = await big.downloadToBuffer(5_000_000, 123_457);
  check(part.equals(whole.subarray(5_000_000, 5_123_457)), "a ranged downloadToBuffer");
  const response = await big.download(100, 1000);
  const chunks = [];
  for await (const chunk of response.readableStreamBody) chunks.push(chunk);
  check(Buffer.concat(chunks).equals(whole.subarray(100, 1100)), "a ranged download stream");
  await refused("a range past the end", () => big.download(9_000_001, 10), 416);
}

async function checkSas(endpoint) {
  const credential = new StorageSharedKeyCredential(ACCOUNT, KEY);
  const expiresOn = new Date(Date.now() + 3600_000);
  const viaToken = (token) => new ShareServiceClient(`${endpoint}?${token}`);
  const account = (permissions, resourceTypes) =>
    generateAccountSASQueryParameters({
      expiresOn,
      permissions: AccountSASPermissions.parse(permissions),
      resourceTypes: AccountSASResourceTypes.parse(resourceTypes).toString(),
      services: AccountSASServices.parse("f").toString(),
    }, credential).toString();
  const share = (permissions) =>
    generateFileSASQueryParameters({ shareName: "demo", permissions: ShareSASPermissions.parse(permissions), expiresOn },
      credential).toString();

  const calls = {
    "list shares": (service) => pagesOf(service.listShares(), 100),
    "share properties": (service) => service.getShareClient("demo").getProperties(),
    "list directory": (service) => pagesOf(service.getShareClient("demo").rootDirectoryClient.listFilesAndDirectories(), 100),
    "list handles": (service) => handlesOf(service.getShareClient("demo").getDirectoryClient("projects"), { recursive: true }, 100),
    "read a file": (service) => service.getShareClient("demo").getDirectoryClient("shared").getFileClient("Open Questions.docx").downloadToBuffer(),
  };
  const resourceTypeOf = {
    "list shares": "s", "share properties": "c", "list directory": "c", "list handles": "o", "read a file": "o",
  };
  const permissionOf = {
    "list shares": "l", "share properties": "r", "list directory": "l", "list handles": "l", "read a file": "r",
  };
  for (const [what, call] of Object.entries(calls)) {
    await call(viaToken(account("rl", "sco")));
    checks += 1;
    for (const types of ["s", "c", "o"]) {
      const service = viaToken(account("rl", types));
      if (types === resourceTypeOf[what]) {
        await call(service);
        checks += 1;
      } else {
        await refused(`${what} with srt=${types}`, () => call(service), 403, "AuthorizationResourceTypeMismatch");
      }
    }
    const without = permissionOf[what] === "r" ? "l" : "r";
    await refused(`${what} with sp=${without}`, () => call(viaToken(account(without, "sco"))), 403,
      "AuthorizationPermissionMismatch");
  }
  for (const what of ["list directory", "list handles", "read a file"]) {
    await call_with(calls[what], viaToken(share("rl")));
    const without = permissionOf[what] === "r" ? "l" : "r";
    await refused(`${what} with a share SAS of sp=${without}`, () => calls[what](viaToken(share(without))), 403,
      "AuthorizationPermissionMismatch");
  }
  const file = viaToken(share("rl")).getShareClient("demo").getDirectoryClient("shared").getFileClient("Open Questions.docx");
  const [handle] = (await handlesOf(file, {}, 10)).handles;
  await refused("a close without w", () => file.forceCloseHandle(handle.handleId), 403, "AuthorizationPermissionMismatch");
  const closer = viaToken(share("rlw")).getShareClient("demo").getDirectoryClient("shared").getFileClient("Open Questions.docx");
  check((await closer.forceCloseHandle(handle.handleId)).closedHandlesCount === 1, "a close with w");
}

async function call_with(call, service) {
  await call(service);
  checks += 1;
}

async function main() {
  const binary = process.argv[2];
  const { child, connectionString, endpoint, origin } = await startEmulator(binary);
  try {
    const service = ShareServiceClient.fromConnectionString(connectionString);
    await checkShares(service);
    await checkExists(service);
    await checkListing(service, origin);
    await checkDownloads(service, origin);
    await checkSas(endpoint);
    await checkHandles(service, origin);
  } finally {
    child.kill();
  }
  console.log(`conformance: ${checks} checks passed against Microsoft's @azure/storage-file-share`);
}

main().catch((err) => {
  console.error(`FAIL: ${err.stack ?? err}`);
  process.exit(1);
});
