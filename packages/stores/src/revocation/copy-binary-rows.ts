/**
 * Reads the rows of a Postgres `COPY … TO STDOUT (FORMAT binary)` of two columns, a text and a
 * bigint, as they stream in: no row object, one string per row (the text), and chunks that end in
 * the middle of a row are carried over. Answers how many rows it read.
 *
 * The format: an 11-byte signature, 32-bit flags and a header extension of a given length; then per
 * row a 16-bit field count (-1 ends the data) and per field a 32-bit length (-1 for NULL) and its
 * bytes, all numbers big-endian.
 */
export async function readTextBigintRows(stream: ReadableStream<Uint8Array>, onRow: (text: string, value: number) => void): Promise<number> {
  let carried: Uint8Array = new Uint8Array(0);
  let headerRead = false;
  let rows = 0;
  let ended = false;
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    const chunk = next.value;
    const bytes = carried.length === 0 ? chunk : concat(carried, chunk);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    if (!headerRead) {
      if (bytes.length < HEADER_FIXED) {
        carried = bytes;
        continue;
      }
      for (let index = 0; index < SIGNATURE.length; index++) if (bytes[index] !== SIGNATURE[index]) throw new Error("not a binary COPY stream");
      const extension = view.getUint32(SIGNATURE.length + 4);
      if (bytes.length < HEADER_FIXED + extension) {
        carried = bytes;
        continue;
      }
      at = HEADER_FIXED + extension;
      headerRead = true;
    }
    while (!ended && at + 2 <= bytes.length) {
      const fields = view.getInt16(at);
      if (fields === -1) {
        ended = true;
        at += 2;
        break;
      }
      if (fields !== 2) throw new Error(`expected 2 columns in each COPY row, got ${fields}`);
      if (at + 6 > bytes.length) break;
      const textLength = view.getInt32(at + 2);
      if (textLength < 0) throw new Error("a NULL id in a COPY row");
      const valueAt = at + 6 + textLength;
      if (valueAt + 4 > bytes.length) break;
      const valueLength = view.getInt32(valueAt);
      if (valueLength !== 8) throw new Error("expected a bigint in each COPY row");
      if (valueAt + 12 > bytes.length) break;
      onRow(decodeText(text, at + 6, valueAt), Number(view.getBigInt64(valueAt + 4)));
      rows++;
      at = valueAt + 12;
    }
    carried = bytes.subarray(at);
  }
  if (!ended) throw new Error("the COPY stream ended before its trailer");
  return rows;
}

/** "PGCOPY\n\xff\r\n\0" */
const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
/** Signature, flags and the extension's length. */
const HEADER_FIXED = SIGNATURE.length + 8;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** ASCII (the usual id) as Latin-1, which is the same string and cheaper; anything else as UTF-8. */
function decodeText(bytes: Buffer, start: number, end: number): string {
  for (let index = start; index < end; index++) {
    if (bytes[index]! >= 0x80) return utf8.decode(bytes.subarray(start, end));
  }
  return bytes.toString("latin1", start, end);
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}
