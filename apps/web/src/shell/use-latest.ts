// The latest value of something rendered, for callbacks made once (a subscription's handlers, a
// long-lived object's hooks) that must see the current one: updated after each commit, never
// written during render.
import { useLayoutEffect, useRef, type RefObject } from 'react';

export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
