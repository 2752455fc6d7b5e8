import { type ComponentType, lazy, Suspense } from 'react';
import { Loading } from 'react-admin';

/**
 * A page loaded on first use, so the agent's call workspace does not wait for charts or admin forms.
 * Named exports stay named: the loader returns the component.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Lazy = lazy(() => load().then((component) => ({ default: component })));
  // biome-ignore lint/correctness/noComponentHookFactories: called once per page at module load, never during a render.
  function LazyPage(props: P) {
    return (
      <Suspense fallback={<Loading />}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return LazyPage;
}
