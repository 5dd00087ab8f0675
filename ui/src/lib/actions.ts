/**
 * Focuses the element once it is in the document: a screen's heading, or a
 * form's first field, so keyboard and screen-reader users follow navigation.
 */
export function focusOnMount(node: HTMLElement, enabled: boolean = true) {
  if (enabled) queueMicrotask(() => node.focus({ preventScroll: true }));
}
