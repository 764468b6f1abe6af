import type { Vocabulary } from '../../../src-main/contract/index.ts';
import { translateText } from '../../../src-main/shared/vocabulary/index.ts';

/**
 * Shows every text of the console in the chosen vendor's vocabulary.
 *
 * Why at the DOM and not in each component: the words come from three places — the console's own
 * labels, the server's messages (events, task errors, refusals: the API keeps one set of names) and
 * data that carries them (a pool called "Developers (linked clones)"). One translator over what is
 * rendered covers the three the same way, toasts, dialogs, tooltips and the page title included,
 * and a page added later needs nothing to be right. React keeps owning its nodes: it writes a text
 * node, this writes its translation into the same node, and the next React write is translated in
 * turn. Each node remembers its original, so switching vocabulary re-translates from it.
 *
 * Not translated: what a user types (input values), code (code, pre, kbd) and anything inside
 * `[data-vocab="literal"]` (names shown verbatim: an API method, a JSON body).
 */

const ATTRIBUTES = ['title', 'aria-label', 'placeholder', 'aria-description'] as const;
const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'CODE', 'PRE', 'KBD', 'SAMP', 'TEXTAREA', 'NOSCRIPT']);

interface Written {
  original: string;
  written: string;
}

let vocab: Vocabulary = 'horizon';
let observer: MutationObserver | null = null;
const textState = new WeakMap<Text, Written>();
const attrState = new WeakMap<Element, Map<string, Written>>();

function skipped(el: Element | null): boolean {
  for (let e = el; e; e = e.parentElement) {
    if (SKIP_TAGS.has(e.tagName)) return true;
    if (e.getAttribute('data-vocab') === 'literal') return true;
  }
  return false;
}

function textNode(n: Text, force: boolean): void {
  const current = n.nodeValue ?? '';
  const seen = textState.get(n);
  // Our own write coming back through the observer: nothing to do unless the vocabulary changed.
  if (seen && seen.written === current && !force) return;
  const original = seen && seen.written === current ? seen.original : current;
  if (skipped(n.parentElement)) return;
  const written = translateText(original, vocab);
  textState.set(n, { original, written });
  if (written !== current) n.nodeValue = written;
}

function attribute(el: Element, name: string, force: boolean): void {
  const current = el.getAttribute(name);
  if (current === null) return;
  let map = attrState.get(el);
  const seen = map?.get(name);
  if (seen && seen.written === current && !force) return;
  const original = seen && seen.written === current ? seen.original : current;
  if (skipped(el)) return;
  const written = translateText(original, vocab);
  if (!map) {
    map = new Map();
    attrState.set(el, map);
  }
  map.set(name, { original, written });
  if (written !== current) el.setAttribute(name, written);
}

function element(el: Element, force: boolean): void {
  for (const a of ATTRIBUTES) if (el.hasAttribute(a)) attribute(el, a, force);
}

/** Translates a subtree (everything under it, itself included). */
function subtree(root: Node, force: boolean): void {
  if (root.nodeType === Node.TEXT_NODE) {
    textNode(root as Text, force);
    return;
  }
  if (root.nodeType !== Node.ELEMENT_NODE && root.nodeType !== Node.DOCUMENT_NODE) return;
  if (root.nodeType === Node.ELEMENT_NODE) {
    if (SKIP_TAGS.has((root as Element).tagName)) return;
    element(root as Element, force);
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) textNode(n as Text, force);
    else element(n as Element, force);
  }
}

function onMutations(records: MutationRecord[]): void {
  for (const r of records) {
    if (r.type === 'characterData') textNode(r.target as Text, false);
    else if (r.type === 'attributes' && r.attributeName) attribute(r.target as Element, r.attributeName, false);
    else for (const n of r.addedNodes) subtree(n, false);
  }
}

/** Starts translating the document (idempotent); the vocabulary can change at any time. */
export function startDomVocabulary(initial: Vocabulary): void {
  vocab = initial;
  document.documentElement.dataset['vocabulary'] = initial;
  if (observer) return;
  observer = new MutationObserver(onMutations);
  observer.observe(document.documentElement, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: [...ATTRIBUTES],
  });
  subtree(document.documentElement, true);
}

/** Re-translates everything on screen from its original text. */
export function setDomVocabulary(next: Vocabulary): void {
  if (next === vocab) return;
  vocab = next;
  document.documentElement.dataset['vocabulary'] = next;
  if (observer) subtree(document.documentElement, true);
}

export function domVocabulary(): Vocabulary {
  return vocab;
}
