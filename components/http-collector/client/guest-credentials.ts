/**
 * Short-lived AWS credentials for a guest of the collector's Cognito identity pool, by Cognito's
 * basic flow: GetId (once per browser; the id is kept in localStorage), GetOpenIdToken, then STS
 * AssumeRoleWithWebIdentity for the collector's guest role, 15 minutes at a time. All three are
 * unsigned public calls; the role can only POST to the collector. (The enhanced flow's session
 * policy leaves API Gateway out, so its credentials could not call the collector.)
 */
import type { AwsCredentials } from "./sigv4";

/** What the client needs of the Web Storage API (the project compiles without the DOM library). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The page's localStorage, when there is one and it is usable (private modes may throw). */
export function pageStorage(): KeyValueStorage | undefined {
  try {
    return (globalThis as { localStorage?: KeyValueStorage }).localStorage;
  } catch {
    return undefined;
  }
}

export interface GuestCredentialsOptions {
  readonly region: string;
  /** The collector's `identityPoolId` output, e.g. `eu-west-1:0f8f…`. */
  readonly identityPoolId: string;
  /** The collector's `guestRoleArn` output. */
  readonly roleArn: string;
  /** @default https://cognito-identity.<region>.amazonaws.com/ */
  readonly cognitoEndpoint?: string;
  /** @default https://sts.<region>.amazonaws.com/ */
  readonly stsEndpoint?: string;
  /** Where the identity id is kept between visits. @default localStorage when there is one */
  readonly storage?: KeyValueStorage;
}

export interface CredentialSource {
  /** Credentials valid for at least another minute, fetching new ones when needed. */
  get(): Promise<AwsCredentials>;
  /** The cached credentials if still valid for a minute, without waiting (for page hide). */
  current(): AwsCredentials | undefined;
  /** Forget the cached credentials (after the gateway refused them). */
  invalidate(): void;
}

const IDENTITY_KEY = "reco-collector-identity";
/** STS's shortest session: a leaked set is useless a quarter of an hour later. */
const SESSION_SECONDS = 900;
const MARGIN_MS = 60_000;

export function guestCredentials(options: GuestCredentialsOptions): CredentialSource {
  const cognito =
    options.cognitoEndpoint ?? `https://cognito-identity.${options.region}.amazonaws.com/`;
  const sts = options.stsEndpoint ?? `https://sts.${options.region}.amazonaws.com/`;
  const storage = options.storage ?? pageStorage();
  let cached: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;

  const cognitoCall = async (target: string, body: object): Promise<Record<string, string>> => {
    const response = await fetch(cognito, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `AWSCognitoIdentityService.${target}`,
      },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, string>;
    if (!response.ok)
      throw new Error(`Cognito ${target} failed: ${json.__type ?? response.status}`);
    return json;
  };

  const openIdToken = async (): Promise<string> => {
    let identityId = storage?.getItem(IDENTITY_KEY) ?? undefined;
    if (!identityId) {
      identityId = (await cognitoCall("GetId", { IdentityPoolId: options.identityPoolId }))
        .IdentityId;
      storage?.setItem(IDENTITY_KEY, identityId);
    }
    try {
      return (await cognitoCall("GetOpenIdToken", { IdentityId: identityId })).Token;
    } catch (error) {
      // A stored id from another pool, or one Cognito has since deleted: start over once.
      storage?.removeItem(IDENTITY_KEY);
      throw error;
    }
  };

  const assumeRole = async (): Promise<AwsCredentials> => {
    const token = await openIdToken();
    const form = new URLSearchParams({
      Action: "AssumeRoleWithWebIdentity",
      Version: "2011-06-15",
      RoleArn: options.roleArn,
      RoleSessionName: "collector-guest",
      WebIdentityToken: token,
      DurationSeconds: String(SESSION_SECONDS),
    });
    const response = await fetch(sts, { method: "POST", body: form });
    const xml = await response.text();
    const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
    const accessKeyId = field("AccessKeyId");
    const secretAccessKey = field("SecretAccessKey");
    const sessionToken = field("SessionToken");
    const expiration = field("Expiration");
    if (!response.ok || !accessKeyId || !secretAccessKey || !sessionToken || !expiration) {
      throw new Error(`STS AssumeRoleWithWebIdentity failed: ${field("Code") ?? response.status}`);
    }
    return { accessKeyId, secretAccessKey, sessionToken, expiresAt: Date.parse(expiration) };
  };

  const current = () =>
    cached && (cached.expiresAt ?? Infinity) - MARGIN_MS > Date.now() ? cached : undefined;

  return {
    current,
    get() {
      const valid = current();
      if (valid) return Promise.resolve(valid);
      pending ??= assumeRole()
        .then((fresh) => (cached = fresh))
        .finally(() => (pending = undefined));
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
