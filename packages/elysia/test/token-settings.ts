import { createHmacKey } from "../src/tokens/signing-key.ts";
import type { TokenSettings } from "../src/tokens/token-settings.ts";

/** Token settings on the test key: HS256, no leeway, 15-minute access and 1-day refresh tokens. */
export function testTokenSettings(secret: string): TokenSettings {
  return { key: createHmacKey("HS256", new TextEncoder().encode(secret)), leewaySeconds: 0, accessTtlSeconds: 900, refreshTtlSeconds: 86400 };
}
