import { safeEqual as equalSecrets } from "../../board/safe-equal";
import { rejected, type Verification, verified } from "./verification";

/** Jira Automation "Send web request" cannot sign, so it sends a shared secret in a header. */
export function verifySharedSecret(
  value: string | undefined,
  secret: string,
  headerName: string,
): Verification {
  if (value === undefined || value === "") return rejected(`missing ${headerName}`);
  return equalSecrets(value, secret) ? verified : rejected(`${headerName} is wrong`);
}

/** `Authorization: Basic …` against configured credentials; both halves always compared. */
export function verifyBasicAuth(
  authorization: string | undefined,
  username: string,
  password: string,
): Verification {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) return rejected("missing Basic credentials");
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return rejected("malformed Basic credentials");
  const okUser = equalSecrets(decoded.slice(0, colon), username);
  const okPass = equalSecrets(decoded.slice(colon + 1), password);
  return okUser && okPass ? verified : rejected("wrong Basic credentials");
}
