import { describe, expect, test } from "bun:test";
import { readTextBigintRows } from "./copy-binary-rows.ts";

/** A binary COPY stream of `rows` as Postgres writes it, with a header extension of `extension` bytes. */
function copyBytes(rows: Array<[string, bigint]>, extension = 0): Uint8Array {
  const parts: number[] = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, extension, ...new Array(extension).fill(7)];
  const int = (value: number, bytes: number) => Array.from({ length: bytes }, (_, index) => (value >>> (8 * (bytes - 1 - index))) & 0xff);
  for (const [text, value] of rows) {
    const encoded = [...new TextEncoder().encode(text)];
    const big = new Uint8Array(8);
    new DataView(big.buffer).setBigInt64(0, value);
    parts.push(...int(2, 2), ...int(encoded.length, 4), ...encoded, ...int(8, 4), ...big);
  }
  parts.push(0xff, 0xff);
  return new Uint8Array(parts);
}

/** The bytes as a stream of chunks of `size` bytes: rows, lengths and the header cut anywhere. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += size) controller.enqueue(bytes.slice(at, at + size));
      controller.close();
    },
  });
}

describe("reading a binary COPY of (text, bigint) rows", () => {
  const rows: Array<[string, bigint]> = [["a", 1n], ["with space\nand line", 2_000_000_000n], ["naïve 😀", 4_102_444_800n], ["", 0n], ["x".repeat(2_000), 9n]];

  test("every row arrives exactly, however the stream is cut into chunks", async () => {
    const bytes = copyBytes(rows, 3);
    for (const size of [1, 2, 3, 5, 7, 19, 64, 4096, bytes.length]) {
      const read: Array<[string, number]> = [];
      expect(await readTextBigintRows(chunked(bytes, size), (text, value) => read.push([text, value]))).toBe(rows.length);
      expect(read).toEqual(rows.map(([text, value]) => [text, Number(value)]));
    }
  });

  test("a stream that is not binary COPY, or stops before its trailer, is an error, never a short load", async () => {
    await expect(readTextBigintRows(chunked(new TextEncoder().encode("a\t1\nb\t2\n".repeat(3)), 8), () => {})).rejects.toThrow("not a binary COPY stream");
    const bytes = copyBytes(rows);
    await expect(readTextBigintRows(chunked(bytes.slice(0, bytes.length - 2), 16), () => {})).rejects.toThrow("ended before its trailer");
  });
});
