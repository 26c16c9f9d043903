// Shared inputs of the configuration tests: a real RSA key and the smallest
// valid environments per Okta mode.
import { generateKeyPairSync } from "node:crypto";
import type { Env } from "../../src/config.js";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
export const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
export const jwk = JSON.stringify({ ...privateKey.export({ format: "jwk" }), kid: "key-1" });

export const oauthEnv: Env = { OKTA_ORG_URL: "https://acme.okta.com", OKTA_CLIENT_ID: "0oa1client", OKTA_PRIVATE_KEY: pem };
export const sswsEnv: Env = { OKTA_ORG_URL: "https://acme.okta.com", OKTA_API_TOKEN: "00sswsTokenValue" };
