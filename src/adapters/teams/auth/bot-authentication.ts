/**
 * Bot Framework authentication: botbuilder's own, from the Microsoft*
 * settings, wrapped so that a failure to validate is always a refusal.
 * botbuilder answers a bad signature or an unreachable key server
 * (`login.botframework.com`) with a bare 500; here every failure becomes
 * 401 (the token is bad) or 503 (the keys cannot be fetched now), and the
 * activity is never processed.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { ConfigurationBotFrameworkAuthentication } from "botbuilder";
import {
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthenticationFactory,
  BotFrameworkAuthentication,
  ServiceClientCredentialsFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type ServiceClientCredentials,
  type UserTokenClient,
} from "botframework-connector";
import { CallerIdConstants, type Activity } from "botbuilder";
import type { TeamsAdapterConfig } from "../config.js";

/** Why a request was refused before any processing. */
export type AuthRefusal = { kind: "unauthorized"; reason: string } | { kind: "unavailable"; reason: string };

/** Per request: where the guard records a refusal for the HTTP endpoint to answer. */
export const authOutcome = new AsyncLocalStorage<{ refusal?: AuthRefusal }>();

const STATUS_UNAUTHORIZED = 401;

/** Errors of fetching keys or metadata (network, DNS, non-2xx from the key server). */
function isKeyServerFailure(err: unknown): boolean {
  if (err instanceof AuthenticationError) {
    return err.statusCode >= 500 || /Failed to load (openID config|Keys)/i.test(err.message);
  }
  const e = err as { name?: unknown; type?: unknown; code?: unknown } | null;
  if (e?.name === "FetchError" || e?.type === "system") return true;
  return typeof e?.code === "string" && /^(ECONN|ENOTFOUND|EAI_|ETIMEDOUT|EHOST|ENET|UND_ERR)/.test(e.code);
}

function classify(err: unknown): AuthRefusal {
  const message = err instanceof Error ? err.message : String(err);
  if (isKeyServerFailure(err)) return { kind: "unavailable", reason: message };
  return { kind: "unauthorized", reason: message };
}

/**
 * Delegates to `inner`; a failed `authenticateRequest` is recorded in
 * `authOutcome` and rethrown as an AuthenticationError, which botbuilder
 * answers without running the turn.
 */
export class GuardedBotFrameworkAuthentication extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateRequest(activity, authHeader);
    } catch (err) {
      const refusal = classify(err);
      const state = authOutcome.getStore();
      if (state) state.refusal = refusal;
      throw new AuthenticationError(refusal.kind === "unavailable" ? "Bot Framework keys are unavailable" : "Unauthorized", STATUS_UNAUTHORIZED);
    }
  }

  override authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
}

/** botbuilder's authentication for the configured credentials (none in local mode: no validation, no outbound token). */
export function botFrameworkAuthenticationFor(config: TeamsAdapterConfig): BotFrameworkAuthentication {
  if (config.mode === "local") return new ConfigurationBotFrameworkAuthentication({});
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.appId,
    MicrosoftAppType: config.appType,
    ...(config.appPassword !== undefined && { MicrosoftAppPassword: config.appPassword }),
    ...(config.tenantId !== undefined && { MicrosoftAppTenantId: config.tenantId }),
  });
}

class FixedTokenCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    private readonly token: string,
  ) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(): Promise<ServiceClientCredentials> {
    const token = this.token;
    return {
      async signRequest(resource) {
        resource.headers.set("authorization", `Bearer ${token}`);
        return resource;
      },
    };
  }
}

/**
 * Authentication against a Bot Framework cloud of your own: inbound tokens
 * are checked (issuer `https://api.botframework.com`, audience `appId`,
 * endorsements, `serviceurl`) with the keys named by `openIdMetadataUrl`,
 * and outbound calls carry `outboundToken`. For private clouds, proxies and
 * offline tests; Teams in the public cloud uses `botFrameworkAuthenticationFor`.
 */
export function customCloudAuthentication(options: { appId: string; openIdMetadataUrl: string; outboundToken: string }): BotFrameworkAuthentication {
  // Once any endpoint is given, botbuilder expects them all: the public cloud's, but both key sources replaced.
  return BotFrameworkAuthenticationFactory.create(
    "",
    true,
    AuthenticationConstants.ToChannelFromBotLoginUrl,
    AuthenticationConstants.ToChannelFromBotOAuthScope,
    AuthenticationConstants.ToBotFromChannelTokenIssuer,
    AuthenticationConstants.OAuthUrl,
    options.openIdMetadataUrl,
    options.openIdMetadataUrl,
    CallerIdConstants.PublicAzureChannel,
    new FixedTokenCredentialsFactory(options.appId, options.outboundToken),
    { requiredEndorsements: [] },
  );
}
