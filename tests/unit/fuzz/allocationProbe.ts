/**
 * Allocation probe for the fuzz harness. Imported before anything that loads fflate (first import of
 * a fuzz test file): it swaps the global ArrayBuffer / typed-array constructors for pass-through
 * proxies for the whole test file, so libraries that keep a reference to a constructor at load time
 * (fflate's `u8 = Uint8Array`) allocate through the proxy too, and wraps Buffer.alloc,
 * Buffer.allocUnsafe and Buffer.allocUnsafeSlow (Node makes those without the global constructors).
 * Requests are only recorded while `measureAllocations` runs; requests above REFUSED_ALLOCATION are
 * refused with a RangeError instead of made, so a finding never takes gigabytes from a shared machine.
 */

/** Requests above this many bytes are recorded, then refused with a RangeError instead of allocated. */
export const REFUSED_ALLOCATION = 512 * 2 ** 20;

const TYPED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'Uint8Array',
  'Int8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

/** The measurement in progress, null outside measureAllocations. */
let current: { largest: number } | null = null;

function record(bytes: number): void {
  if (!current) return;
  current.largest = Math.max(current.largest, bytes);
  if (bytes > REFUSED_ALLOCATION) throw new RangeError(`test harness refused a ${bytes}-byte allocation`);
}

const g = globalThis as unknown as Record<string, unknown>;
for (const name of TYPED) {
  const ctor = g[name] as new (...a: unknown[]) => unknown;
  const bytesPer = name.endsWith('Buffer') ? 1 : (ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  const proxy: typeof ctor = new Proxy(ctor, {
    construct(target, args, newTarget) {
      // Recorded before construction, so an absurd request is caught even if the engine would refuse it.
      if (typeof args[0] === 'number') record(args[0] * bytesPer);
      // A plain `new` (not a subclass) constructs directly: Reflect.construct with the proxy as
      // new.target is V8's slow path, and fflate builds small tables per deflate block.
      return newTarget === proxy ? new target(...args) : Reflect.construct(target, args, newTarget);
    },
  });
  g[name] = proxy;
}
for (const name of ['alloc', 'allocUnsafe', 'allocUnsafeSlow'] as const) {
  const original = Buffer[name] as (size: number, ...rest: unknown[]) => Buffer;
  (Buffer as unknown as Record<string, unknown>)[name] = (size: number, ...rest: unknown[]): Buffer => {
    record(size);
    return original.call(Buffer, size, ...rest);
  };
}

/** Largest buffer (bytes) requested while `fn` runs, and how `fn` settled. Calls do not nest. */
export async function measureAllocations<T>(fn: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; largest: number }> {
  const measuring = { largest: 0 };
  current = measuring;
  try {
    const result = await fn().then(
      (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
      (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
    );
    return { result, largest: measuring.largest };
  } finally {
    current = null;
  }
}
