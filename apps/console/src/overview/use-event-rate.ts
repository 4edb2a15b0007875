import { useEffect, useRef, useState } from 'react';
import { useCategories } from '../api/queries';

const WINDOW = 60;

/**
 * Events per second over the whole store: the change of the categories' event counts between two
 * polls of GET /admin/categories (positions are not counts, so $all positions cannot say it).
 */
export function useEventRate(): { rate: number | null; samples: number[]; total: number | null } {
  const { data, dataUpdatedAt } = useCategories(2_000);
  const previous = useRef<{ at: number; total: number } | null>(null);
  const [samples, setSamples] = useState<number[]>([]);
  const total = data ? data.reduce((sum, category) => sum + category.events, 0) : null;
  useEffect(() => {
    if (total === null) return;
    const before = previous.current;
    previous.current = { at: dataUpdatedAt, total };
    if (!before || dataUpdatedAt <= before.at) return;
    const rate = Math.max(0, ((total - before.total) * 1000) / (dataUpdatedAt - before.at));
    setSamples((kept) => [...kept.slice(-(WINDOW - 1)), rate]);
  }, [total, dataUpdatedAt]);
  return { rate: samples.at(-1) ?? null, samples, total };
}
