import { expect, test } from "bun:test";
import { measureSdkSize, OWN_CODE_LIMIT_BYTES, SIZE_LIMIT_BYTES } from "../scripts/size.ts";

test(
  "the browser bundle of the SDK with ky stays under the size limit (ky is in it, TypeBox is not)",
  async () => {
    const { withKy, kyAlone, sdkAlone } = await measureSdkSize();

    expect(withKy.gzipped).toBeLessThanOrEqual(SIZE_LIMIT_BYTES);
    // ky really is bundled in the measured figure, and the SDK's share is its own code only: TypeBox
    // alone would add more than 10 KiB.
    expect(withKy.minified).toBeGreaterThan(kyAlone.minified);
    expect(sdkAlone.gzipped).toBeLessThan(OWN_CODE_LIMIT_BYTES);
  },
  60_000,
);
