/**
 * Per-request batching (the DataLoader pattern): a list's field resolvers ask for one id each; the ids
 * asked for before the event loop turns are fetched together by one `loadMany`. Without it, a page
 * of 50 groups costs 50 transactions for their member counts.
 */
export function batched<V>(
  loadMany: (ids: string[]) => Promise<Map<string, V>>,
): (id: string) => Promise<V | undefined> {
  let batch: { ids: string[]; loaded: Promise<Map<string, V>> } | undefined;
  return (id) => {
    if (!batch) {
      const ids: string[] = [];
      const loaded = new Promise((resolve) => setImmediate(resolve)).then(() => {
        batch = undefined;
        return loadMany([...new Set(ids)]);
      });
      batch = { ids, loaded };
    }
    batch.ids.push(id);
    return batch.loaded.then((values) => values.get(id));
  };
}
