/**
 * Tells an element when it comes near the viewport and leaves again, through
 * one IntersectionObserver for the whole page: rows off screen stop reading
 * the per-second clock, so 1,000 countdowns cost what the visible ones cost.
 */
import type { Attachment } from 'svelte/attachments';

/** How far beyond the viewport a row counts as on screen, so it is current before it scrolls in. */
const MARGIN = '200px 0px';

const listeners = new WeakMap<Element, (onScreen: boolean) => void>();
let observer: IntersectionObserver | null = null;

function shared(): IntersectionObserver {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) listeners.get(entry.target)?.(entry.isIntersecting);
    },
    { rootMargin: MARGIN },
  );
  return observer;
}

/** Tells `changed` each time `element` comes near the viewport or leaves; returns the way to stop. */
export function watchNear(element: Element, changed: (onScreen: boolean) => void): () => void {
  listeners.set(element, changed);
  shared().observe(element);
  return () => {
    shared().unobserve(element);
    listeners.delete(element);
  };
}

export function onScreen(changed: (onScreen: boolean) => void): Attachment<HTMLElement> {
  return (element) => watchNear(element, changed);
}
