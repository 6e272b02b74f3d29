/**
 * The tokens whose signature, structure and claim types already verified, remembered as numbers
 * only: no token string and no payload object is kept, so 100,000 tokens take about 4 MB (typed
 * arrays allocated once, at construction, 42 bytes per token asked for). A token sent again is
 * recognised by three prints of its exact string and then skips the signature, header and claim-type checks; its payload is still
 * decoded from the token itself, and its time, type and revocation are checked on every request.
 * The whole cache is emptied when the key set it was verified with changes. It never decides
 * revocation.
 *
 * How a token is recognised, cheapest first, so a miss costs next to nothing:
 * - a 32-bit print of its last 8 characters (signature bytes, evenly spread) picks a set of
 *   {@link WAYS} slots and must match the slot's;
 * - then the CRC-32 of the whole string must match: it differs for any two strings of one length
 *   that differ in one byte, or in any run of up to 32 bits, so such a token never hits;
 * - then a 64-bit xxHash3 of the whole string, seeded with random bits drawn per cache, which no
 *   one outside the process can aim a forgery at.
 *
 * Built for the case where it cannot hold the working set (more tokens than slots): a token enters
 * only when seen a second time, the first sight writing its 32-bit print, so a stream of tokens
 * each seen once only overwrites prints and never computes the two whole-string hashes.
 */
export class VerifiedTokens {
  readonly #sets: number;
  readonly #seed = crypto.getRandomValues(new BigUint64Array(1))[0]!;
  /**
   * Per set, one 64-byte line of {@link LINE} numbers: the tail prints of its {@link WAYS} kept
   * tokens (0 for an empty slot), the prints of the last {@link WAYS} tokens seen once, and which
   * of each is replaced next (see {@link ROTORS}). A miss reads and writes this line and nothing
   * else: with more tokens than the cache holds, that one memory access is all it costs.
   */
  readonly #lines: Uint32Array;
  /** Per slot, read only when its print matched: the CRC-32 and the two halves of the xxHash3. */
  readonly #crcs: Uint32Array;
  readonly #checksLow: Uint32Array;
  readonly #checksHigh: Uint32Array;
  #generation = 0;

  constructor(capacity: number) {
    // Twice the slots asked for: tokens land in sets at random, and a set more than full loses hits.
    this.#sets = Math.ceil((2 * capacity) / WAYS);
    const slots = this.#sets * WAYS;
    this.#lines = new Uint32Array(this.#sets * LINE);
    this.#crcs = new Uint32Array(slots);
    this.#checksLow = new Uint32Array(slots);
    this.#checksHigh = new Uint32Array(slots);
  }

  /** Counts the times the cache was emptied: a token is kept only if it began verifying in this one. */
  get generation(): number {
    return this.#generation;
  }

  /** Forgets every token, and every token still verifying when this is called. */
  clear(): void {
    this.#lines.fill(0);
    this.#generation++;
  }

  /** Whether this exact token verified before; `print` is its {@link tailPrint}. */
  has(token: string, print: number): boolean {
    if (this.#sets === 0) return false;
    const set = print % this.#sets;
    const line = set * LINE;
    let crc: number | undefined;
    let check: bigint | undefined;
    for (let way = 0; way < WAYS; way++) {
      if (this.#lines[line + way] !== print) continue;
      const slot = set * WAYS + way;
      crc ??= Bun.hash.crc32(token);
      if (this.#crcs[slot] !== crc) continue;
      check ??= Bun.hash.xxHash3(token, this.#seed);
      if (this.#checksLow[slot] === Number(check & LOW_32) && this.#checksHigh[slot] === Number(check >> 32n)) return true;
    }
    return false;
  }

  /** Called with a token that passed every check: remembers its print, and keeps it the second time. */
  add(token: string, print: number, generation: number): void {
    if (this.#sets === 0 || generation !== this.#generation) return;
    const set = print % this.#sets;
    const line = set * LINE;
    let seen = false;
    for (let way = 0; way < WAYS; way++) seen ||= this.#lines[line + WAYS + way] === print;
    // The oldest of each list is replaced next: the rotors' low byte for entries, the next for prints.
    const rotors = this.#lines[line + ROTORS]!;
    if (!seen) {
      const next = rotors >>> 8;
      this.#lines[line + WAYS + next] = print;
      this.#lines[line + ROTORS] = (rotors & 0xff) | (((next + 1) % WAYS) << 8);
      return;
    }
    const way = rotors & 0xff;
    const slot = set * WAYS + way;
    const check = Bun.hash.xxHash3(token, this.#seed);
    this.#lines[line + way] = print;
    this.#crcs[slot] = Bun.hash.crc32(token);
    this.#checksLow[slot] = Number(check & LOW_32);
    this.#checksHigh[slot] = Number(check >> 32n);
    this.#lines[line + ROTORS] = (rotors & 0xff00) | ((way + 1) % WAYS);
  }
}

/**
 * Slots per set: with twice the slots asked for, a full cache averages 3.5 tokens a set, and 7
 * ways keep all but a few percent of them (a set sent more tokens than it has ways misses on them
 * in turn). Seven, so that a set's two lists of prints and its rotors fill one 64-byte line.
 */
const WAYS = 7;
/** Numbers in a set's line: the kept prints, the prints seen once, the rotors, one spare. */
const LINE = 16;
/** Where in a set's line the rotors are: the next entry to replace, and (times 256) the next print. */
const ROTORS = 2 * WAYS;
const LOW_32 = 0xffff_ffffn;

/**
 * FNV-1a over the last 8 characters: 48 bits of the signature, enough to spread and to recognise.
 * Never 0, which marks an empty slot.
 */
export function tailPrint(token: string): number {
  let hash = 0x811c9dc5;
  for (let index = Math.max(0, token.length - 8); index < token.length; index++) {
    hash = Math.imul(hash ^ token.charCodeAt(index), 0x01000193);
  }
  return hash >>> 0 || 1;
}
