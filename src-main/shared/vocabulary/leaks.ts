import { VOCABULARIES, type Vocabulary } from '../../contract/entities.ts';
import { EXCLUSIVE_TERMS, PROPER_NAMES } from './terms.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The other vendors' words found in a text shown in `vocab` (the leak check of the tests, usable on
 * any text: a page, a toast, a table). Proper names of products, protocols and APIs are not words of
 * the vocabulary and are left out first.
 */
export function leakedTerms(text: string, vocab: Vocabulary): string[] {
  let rest = text;
  for (const name of PROPER_NAMES) rest = rest.replace(new RegExp(escape(name), 'gi'), ' ');
  const found: string[] = [];
  for (const other of VOCABULARIES) {
    if (other === vocab) continue;
    for (const term of EXCLUSIVE_TERMS[other]) {
      const re = new RegExp(`(?<![\\p{L}\\p{N}_])${escape(term).replace(/ /g, '\\s+')}s?(?![\\p{L}\\p{N}_])`, 'iu');
      const m = re.exec(rest);
      if (m) {
        const at = m.index;
        found.push(`${other}: "${term}" in …${rest.slice(Math.max(0, at - 40), at + term.length + 40).replace(/\s+/g, ' ')}…`);
      }
    }
  }
  return found;
}
