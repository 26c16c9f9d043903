/**
 * Builds the Teams app package (`dist/teams-app.zip`): the manifest from
 * `manifest/teams/` with the bot's Microsoft App ID put in place of the
 * all-zero placeholder, and both icons. Usage:
 *
 *   npm run teams:package -- [--app-id <guid>] [--domain <host>] [--out <file>]
 *
 * The app id defaults to `MicrosoftAppId` from the environment, the domain
 * to `BOT_DOMAIN`. No zip library is needed: entries are deflated with
 * node:zlib and written with their CRC-32 (the zip format is small).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { deflateRawSync } from "node:zlib";
import { packageRoot } from "../src/runtime/package-root.js";

export const PLACEHOLDER_APP_ID = "00000000-0000-0000-0000-000000000000";
export const PLACEHOLDER_DOMAIN = "oig-chatops.example.com";
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const HOST = /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+(:\d{1,5})?$/;

const repoRoot = packageRoot(import.meta.url);
export const MANIFEST_DIR = join(repoRoot, "manifest", "teams");

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive of `files` (deflated; fixed timestamps, so the same input gives the same bytes). */
export function zip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const DOS_TIME = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (const file of files) {
    const name = Buffer.from(file.name, "utf8");
    const compressed = deflateRawSync(file.data, { level: 9 });
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export interface PackageOptions {
  appId: string;
  /** The bot's public host, listed in `validDomains` instead of the placeholder. */
  domain?: string;
  manifestDir?: string;
}

type Manifest = Record<string, unknown> & {
  bots?: { botId?: string }[];
  composeExtensions?: { botId?: string }[];
  validDomains?: string[];
};

/** The manifest with the app id (and domain) in place of the placeholders. */
export function personalisedManifest(manifest: Manifest, options: PackageOptions): Manifest {
  if (!GUID.test(options.appId) || options.appId === PLACEHOLDER_APP_ID) {
    throw new Error(`the Microsoft App ID must be the bot's GUID (from the Azure Bot resource); got ${JSON.stringify(options.appId.slice(0, 60))}`);
  }
  if (options.domain !== undefined && !HOST.test(options.domain)) throw new Error(`--domain must be a host name such as bot.example.com; got ${JSON.stringify(options.domain.slice(0, 80))}`);
  const swap = (id: string | undefined) => (id === PLACEHOLDER_APP_ID ? options.appId : id);
  return {
    ...manifest,
    id: swap(manifest.id as string | undefined),
    ...(manifest.bots && { bots: manifest.bots.map((bot) => ({ ...bot, botId: swap(bot.botId) })) }),
    ...(manifest.composeExtensions && { composeExtensions: manifest.composeExtensions.map((ext) => ({ ...ext, botId: swap(ext.botId) })) }),
    ...(manifest.validDomains && {
      validDomains: manifest.validDomains.map((d) => (d === PLACEHOLDER_DOMAIN && options.domain !== undefined ? options.domain : d)),
    }),
  };
}

/** The app package's bytes. */
export function buildTeamsPackage(options: PackageOptions): Buffer {
  const dir = options.manifestDir ?? MANIFEST_DIR;
  const manifest = personalisedManifest(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest, options);
  return zip([
    { name: "manifest.json", data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8") },
    { name: "color.png", data: readFileSync(join(dir, "color.png")) },
    { name: "outline.png", data: readFileSync(join(dir, "outline.png")) },
  ]);
}

function argument(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at >= 0) return args[at + 1];
  const inline = args.find((a) => a.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

function main(args: string[]): number {
  const appId = argument(args, "--app-id") ?? process.env.MicrosoftAppId;
  const domain = argument(args, "--domain") ?? process.env.BOT_DOMAIN;
  const out = resolve(argument(args, "--out") ?? join(repoRoot, "dist", "teams-app.zip"));
  if (appId === undefined || appId === "") {
    console.error("teams-package: no app id: pass --app-id <guid> or set MicrosoftAppId (the Azure Bot resource's Microsoft App ID)");
    return 1;
  }
  try {
    const bytes = buildTeamsPackage({ appId, ...(domain !== undefined && domain !== "" && { domain }) });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, bytes);
    console.log(`teams-package: wrote ${out} (${bytes.length} bytes) for app ${appId}`);
    return 0;
  } catch (err) {
    console.error(`teams-package: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
