/**
 * Revoked ids (jti, sid) with the time each entry may be dropped, held as 64-bit fingerprints in
 * one typed array: 16 bytes a slot, no string and no object per entry. A million revocations take
 * about 32 MB instead of ~190 MB in a `Map`, load faster, and give the garbage collector nothing
 * to walk, so a big list does not slow every request down.
 *
 * Two different ids share a fingerprint with a chance of about n / 2^64 (5e-14 a lookup with a
 * million entries); when they do, the live one is refused as revoked. It can only ever refuse, never
 * admit, and the fingerprints are keyed with a random seed per process, so no one can aim for it.
 */
export class ExpiringIdSet {
  /** {@link STRIDE} numbers a slot: fingerprint high, fingerprint low, until; one cache line holds four slots. */
  #slots: Uint32Array;
  #count = 0;
  readonly #seedHigh = randomSeed();
  readonly #seedLow = randomSeed();

  constructor(capacity = 1024) {
    this.#slots = new Uint32Array(slotsFor(capacity) * STRIDE);
  }

  get size(): number {
    return this.#count;
  }

  has(id: string): boolean {
    fingerprint(id, this.#seedHigh, this.#seedLow);
    return this.#find(hashed.high, hashed.low) >= 0;
  }

  /**
   * Adds `id` until `until` (seconds since the epoch, rounded up), or keeps the later time when it
   * is already held. A time of 0 or less has passed already and is not kept.
   */
  add(id: string, until: number): void {
    if (!(until > 0)) return;
    const seconds = Math.min(Math.ceil(until), MAX_UNTIL);
    fingerprint(id, this.#seedHigh, this.#seedLow);
    const { high, low } = hashed;
    const found = this.#find(high, low);
    if (found >= 0) {
      this.#slots[found + 2] = Math.max(this.#slots[found + 2]!, seconds);
      return;
    }
    if ((this.#count + 1) * 2 * STRIDE > this.#slots.length) this.#rebuild((this.#slots.length / STRIDE) * 2, 0);
    this.#place(high, low, seconds);
    this.#count++;
  }

  /** Drops every entry whose `until` has passed; answers how many went. */
  prune(nowSeconds: number): number {
    const before = this.#count;
    this.#rebuild(slotsFor(this.#count), nowSeconds);
    return before - this.#count;
  }

  clear(): void {
    this.#slots = new Uint32Array(this.#slots.length);
    this.#count = 0;
  }

  /** Where the slot of the id with this fingerprint starts, or -1. Linear probing from the slot the high half picks. */
  #find(high: number, low: number): number {
    const slots = this.#slots;
    const mask = slots.length / STRIDE - 1;
    for (let slot = high & mask; slots[slot * STRIDE + 2] !== 0; slot = (slot + 1) & mask) {
      const at = slot * STRIDE;
      if (slots[at] === high && slots[at + 1] === low) return at;
    }
    return -1;
  }

  #place(high: number, low: number, until: number): void {
    const slots = this.#slots;
    const mask = slots.length / STRIDE - 1;
    let slot = high & mask;
    while (slots[slot * STRIDE + 2] !== 0) slot = (slot + 1) & mask;
    slots[slot * STRIDE] = high;
    slots[slot * STRIDE + 1] = low;
    slots[slot * STRIDE + 2] = until;
  }

  /** Copies the entries still live after `nowSeconds` into a table of `count` slots. */
  #rebuild(count: number, nowSeconds: number): void {
    const old = this.#slots;
    this.#slots = new Uint32Array(count * STRIDE);
    this.#count = 0;
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at + 2]! > nowSeconds) {
        this.#place(old[at]!, old[at + 1]!, old[at + 2]!);
        this.#count++;
      }
    }
  }
}

const STRIDE = 4;
/** Until-times are whole seconds in 32 bits: enough to the year 2106. */
const MAX_UNTIL = 0xffffffff;

/** A power of two with room for `count` entries at most half full, and at least 1024 slots. */
function slotsFor(count: number): number {
  let slots = 1024;
  while (slots < count * 2) slots *= 2;
  return slots;
}

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/** The last {@link fingerprint}: two numbers without an object per call. */
const hashed = { high: 0, low: 0 };

/** 64 bits of `id` into {@link hashed}: two multiplicative hashes over its characters, each with a murmur3 finish. */
function fingerprint(id: string, seedHigh: number, seedLow: number): void {
  let high = seedHigh;
  let low = seedLow;
  for (let index = 0; index < id.length; index++) {
    const code = id.charCodeAt(index);
    high = Math.imul(high ^ code, 0x01000193);
    low = Math.imul(low ^ code, 0x5bd1e995);
  }
  hashed.high = finish(high);
  hashed.low = finish(low);
}

function finish(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
