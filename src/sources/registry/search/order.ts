/** The best few of many candidates in result order, without sorting them all. */

/**
 * The best `count` of `candidates` in the order `before` defines (a strict total order: true when `a`
 * comes first). A few candidates are sorted; many go through a bounded heap, so a broad search costs a
 * comparison or two per candidate rather than a full sort.
 */
export function topSorted(
  candidates: number[],
  count: number,
  before: (a: number, b: number) => boolean,
): number[] {
  const order = (a: number, b: number): number => (before(a, b) ? -1 : before(b, a) ? 1 : 0);
  if (candidates.length <= count * 4 + 64) return candidates.sort(order).slice(0, count);

  // A bounded heap whose root is the worst of the best `count` so far.
  const heap: number[] = [];
  const siftDown = (from: number): void => {
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && before(heap[worst] ?? 0, heap[left] ?? 0)) worst = left;
      if (right < heap.length && before(heap[worst] ?? 0, heap[right] ?? 0)) worst = right;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst] ?? 0, heap[i] ?? 0];
      i = worst;
    }
  };
  for (const id of candidates) {
    if (heap.length < count) {
      heap.push(id);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!before(heap[parent] ?? 0, heap[i] ?? 0)) break;
        [heap[i], heap[parent]] = [heap[parent] ?? 0, heap[i] ?? 0];
        i = parent;
      }
    } else if (count > 0 && before(id, heap[0] ?? 0)) {
      heap[0] = id;
      siftDown(0);
    }
  }
  return heap.sort(order);
}
