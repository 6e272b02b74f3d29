/**
 * Seals short secrets (TOTP seeds) for storage with AES-256-GCM, under a key derived (HKDF-SHA-256)
 * from the configured key material. Each sealing has its own random 96-bit IV; the owner's id is
 * bound in as associated data, so a sealed secret copied onto another user's row does not open.
 */
export interface SecretBox {
  seal(plain: string, owner: string): Promise<string>;
  /** Throws when the sealed text was altered, belongs to another owner or another key. */
  open(sealed: string, owner: string): Promise<string>;
}

/** The format's version, first in every sealed text, so a later format can be told apart. */
const VERSION = "v1";
const HKDF_INFO = new TextEncoder().encode("jot mfa totp secret v1");

export function secretBox(keyMaterial: () => Uint8Array): SecretBox {
  let key: Promise<CryptoKey> | undefined;
  const aesKey = () =>
    (key ??= (async () => {
      // A copy on a plain ArrayBuffer, as WebCrypto's types ask.
      const material = await crypto.subtle.importKey("raw", new Uint8Array(keyMaterial()), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32), info: HKDF_INFO },
        material,
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"],
      );
    })());
  const associated = (owner: string) => new TextEncoder().encode(owner);
  return {
    async seal(plain, owner) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: associated(owner) }, await aesKey(), new TextEncoder().encode(plain));
      return `${VERSION}.${Buffer.from(iv).toString("base64url")}.${Buffer.from(sealed).toString("base64url")}`;
    },
    async open(sealed, owner) {
      const [version, iv, data] = sealed.split(".");
      if (version !== VERSION || !iv || !data) throw new Error("not a sealed secret of this version");
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: Buffer.from(iv, "base64url"), additionalData: associated(owner) },
        await aesKey(),
        Buffer.from(data, "base64url"),
      );
      return new TextDecoder().decode(plain);
    },
  };
}
