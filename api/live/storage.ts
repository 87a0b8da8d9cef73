/** Keys per storage call: the Durable Object key-value API takes at most 128 at once. */
const BATCH = 128;

/** Writes any number of entries, 128 keys per call (a sharded close stores up to 10,000 votes at once). */
export async function putEntries(storage: DurableObjectStorage, entries: Record<string, unknown>) {
  const keys = Object.keys(entries);
  for (let i = 0; i < keys.length; i += BATCH)
    await storage.put(Object.fromEntries(keys.slice(i, i + BATCH).map((key) => [key, entries[key]])));
}

/** Deletes any number of keys, 128 per call. */
export async function deleteKeys(storage: DurableObjectStorage, keys: string[]) {
  for (let i = 0; i < keys.length; i += BATCH) await storage.delete(keys.slice(i, i + BATCH));
}
