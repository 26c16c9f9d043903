/**
 * `npm run okta:keygen`: a key pair for the bot's Okta service app
 * (private_key_jwt, RS256, 2048 bits). The private JWK goes to a file with
 * mode 0600 and never to the terminal; the public JWK and the settings to
 * use are printed. Usage:
 *
 *   npm run okta:keygen -- [--out <file>] [--force]
 *
 * The file defaults to OKTA_PRIVATE_KEY_FILE (environment or `.env`), else
 * `./okta-private-key.json`. An existing file is never replaced without
 * `--force`.
 */
import { chmod, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import { ConfigError, readDotEnv } from "../src/config.js";

const usage = "Usage: npm run okta:keygen -- [--out <file>] [--force]";
const defaultPath = "./okta-private-key.json";
const ALG = "RS256";

/** Members of a JWK that are public; anything else (d, p, q, dp, dq, qi, oth) is private. */
const PUBLIC_MEMBERS = ["kty", "n", "e"] as const;

interface Options {
  out: string;
  force: boolean;
}

function readOptions(argv: string[], cwd: string): Options | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: "string" },
      force: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return "help";
  if (values.out !== undefined && values.out.trim() === "") throw new RangeError("--out needs a file path");
  const fromEnv = readDotEnv(cwd).OKTA_PRIVATE_KEY_FILE?.trim();
  return { out: values.out ?? (fromEnv === undefined || fromEnv === "" ? defaultPath : fromEnv), force: values.force };
}

interface KeyPair {
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

async function makeKeyPair(): Promise<KeyPair> {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true, modulusLength: 2048 });
  const exported = await exportJWK(publicKey);
  const base: JWK = {};
  for (const member of PUBLIC_MEMBERS) if (exported[member] !== undefined) base[member] = exported[member];
  // The thumbprint (RFC 7638) names the key without any registry of ids.
  const kid = await calculateJwkThumbprint(base, "sha256");
  const meta = { kid, alg: ALG, use: "sig" };
  return { kid, publicJwk: { ...base, ...meta }, privateJwk: { ...(await exportJWK(privateKey)), ...meta } };
}

/** Writes `text` readable by the owner only; refuses to replace an existing file unless `force`. */
async function writeSecretFile(path: string, text: string, force: boolean): Promise<void> {
  if (!force) {
    // `wx` fails with EEXIST instead of truncating a key someone may still use.
    await writeFile(path, text, { mode: 0o600, flag: "wx" });
    await chmod(path, 0o600);
    return;
  }
  // A replaced file keeps its old mode, so write a fresh one beside it and move it over.
  const temporary = join(dirname(path), `.okta-keygen-${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: "wx" });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function instructions(pair: KeyPair, shownPath: string, absolutePath: string): string {
  return [
    `Wrote the private key (JWK) to ${absolutePath} with mode 0600. Keep it secret and out of version control.`,
    "",
    "Register this public key (one line) in Okta: Admin Console > Applications > Applications > the bot's",
    "API Services app > General > Client Credentials > Edit > Public key / Private key > Add key > paste it > Done > Save:",
    "",
    JSON.stringify(pair.publicJwk),
    "",
    "Then set (in .env or the environment):",
    "",
    `OKTA_KEY_ID=${pair.kid}`,
    `OKTA_PRIVATE_KEY_FILE=${shownPath}`,
    "",
    "Check the whole setup with: npm run doctor",
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const cwd = process.cwd();
  let options: Options | "help";
  try {
    options = readOptions(process.argv.slice(2), cwd);
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `${error instanceof Error ? error.message : String(error)}\n${usage}`;
    console.error(message);
    process.exitCode = 2;
    return;
  }
  if (options === "help") {
    console.log(usage);
    return;
  }
  const path = resolve(cwd, options.out);
  const pair = await makeKeyPair();
  try {
    await writeSecretFile(path, `${JSON.stringify(pair.privateJwk, null, 2)}\n`, options.force);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      code === "EEXIST"
        ? `${path} already exists; it was left unchanged. Use --force to replace it (the key registered in Okta for it stops working), or --out to choose another file.`
        : `Cannot write ${path}: ${code ?? (error instanceof Error ? error.message : String(error))}`,
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(instructions(pair, options.out, path));
}

await main();
