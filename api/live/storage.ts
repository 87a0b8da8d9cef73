/** Keys per storage call: the Durable Object key-value API takes at most 128 at once. */
const BATCH = 128;

// Neither function awaits its writes (Rules of Durable Objects, and the storage API's "automatic write coalescing"):
// writes made with no `await` between them are committed together, atomically, and the output gate holds every
// message the object sends after them until they are durable (a failed write resets the object and drops those
// messages). So "stored before announced" still holds without a round trip per write, and a burst of votes between
// two awaits costs one commit.

/** Writes any number of entries, 128 keys per call (a sharded close stores up to 10,000 votes at once). */
export function putEntries(storage: DurableObjectStorage, entries: Record<string, unknown>) {
  const keys = Object.keys(entries);
  for (let i = 0; i < keys.length; i += BATCH)
    void storage.put(Object.fromEntries(keys.slice(i, i + BATCH).map((key) => [key, entries[key]])));
}

/** Deletes any number of keys, 128 per call. */
export function deleteKeys(storage: DurableObjectStorage, keys: string[]) {
  for (let i = 0; i < keys.length; i += BATCH) void storage.delete(keys.slice(i, i + BATCH));
}
