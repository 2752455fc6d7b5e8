import { useQuery } from '@tanstack/react-query';

interface OpenApiDoc {
  paths?: Record<string, Record<string, unknown>>;
}

async function loadPaths(): Promise<Set<string>> {
  const res = await fetch('/api/openapi.json', { headers: { Accept: 'application/json' } });
  if (!res.ok) return new Set();
  const doc = (await res.json()) as OpenApiDoc;
  const out = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const method of Object.keys(ops)) out.add(`${method.toUpperCase()} ${path}`);
  }
  return out;
}

/**
 * What the running API offers, read once from its OpenAPI document. The console shows a panel or an
 * action only when its endpoint exists, so it works against any subset of the features.
 */
export function useApiPaths() {
  return useQuery({ queryKey: ['openapi-paths'], queryFn: loadPaths, staleTime: Number.POSITIVE_INFINITY });
}

/** `useApiHas('GET /api/dispatches')`: undefined while loading, then true or false. */
export function useApiHas(op: string): boolean | undefined {
  const { data } = useApiPaths();
  return data ? data.has(op) : undefined;
}
