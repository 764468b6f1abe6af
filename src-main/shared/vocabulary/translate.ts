import type { Vocabulary } from '../../contract/entities.ts';
import { PROPER_NAMES, TERM_RULES } from './terms.ts';

/**
 * Turns the console's text (its own wording, which the API and the server's messages share) into
 * one vendor's vocabulary. Pure and deterministic: the renderer runs every text it shows through
 * it, and the tests run the same function.
 *
 * Two things happen, in this order:
 *  1. Glossary notes that name another vendor's word — "(Citrix: delivery group · AVD: host pool)",
 *     or a hint made of such segments — keep only the segment of the chosen vendor, without its
 *     label, and lose the rest: the vocabulary setting replaced the glossary. Kept text is the
 *     vendor's own word and is not translated again.
 *  2. The term rules replace whole words in one pass (longest phrase first), so text a rule wrote
 *     is never matched again.
 * A note in parentheses that only repeats what the translated text before it already says is
 * dropped: "their app group assignments to host pools (application group assignments)" reads
 * "their app group assignments to host pools" in AVD terms, as the note is the glossary's word for
 * an admin who reads another vendor's terms.
 */

// A note's label is the vendor's name, or the name of one of its tools: "Citrix Director: Sessions".
const VENDOR_LABELS: readonly [RegExp, Vocabulary][] = [
  [/^Horizon( Help Desk| Console)?$/, 'horizon'],
  [/^Citrix( Director| Studio| Web Studio| Autoscale)?$/, 'citrix'],
  [/^(AVD|Azure Virtual Desktop)( Insights)?$/, 'avd'],
];

/**
 * "Citrix Director: Sessions" → ['citrix', 'Sessions']; in a list of two or more notes also the
 * form without a colon, "Citrix multi-session OS" → ['citrix', 'multi-session OS']; a segment that
 * is not a vendor note → null.
 */
function vendorSegment(segment: string, inList: boolean): [Vocabulary, string] | null {
  const s = segment.trim();
  const colon = s.indexOf(':');
  if (colon > 0 && colon <= 40) {
    const label = s.slice(0, colon).trim();
    for (const [re, v] of VENDOR_LABELS) if (re.test(label)) return [v, s.slice(colon + 1).trim()];
  }
  // Without a colon only a short phrase counts: not a sentence, not a parenthesis.
  if (!inList || s.length > 60 || /[():.;]/.test(s)) return null;
  const m = /^(Horizon|Citrix|AVD)\s+(.+)$/.exec(s);
  if (!m) return null;
  const v: Vocabulary = m[1] === 'Horizon' ? 'horizon' : m[1] === 'Citrix' ? 'citrix' : 'avd';
  return [v, m[2] ?? ''];
}

/** A list of vendor notes separated by "·": what the chosen vendor's note says, '' when it has none; null when the text is not such a list. */
function glossaryList(text: string, vocab: Vocabulary): string | null {
  const parts = text.split('·');
  const notes = parts.map((p) => vendorSegment(p, parts.length > 1));
  if (notes.some((n) => n === null)) return null;
  const mine = notes.find((n) => n?.[0] === vocab);
  return mine ? mine[1] : '';
}

interface Piece {
  text: string;
  /** Already the vendor's own words: not translated. */
  literal: boolean;
  /** A note in parentheses: what it says, without them (dropped when the text before says it already). */
  note?: string;
}

const PAREN = /(\s*)\(([^()]*)\)/g;

/** Sentences: a glossary note may close a sentence of its own ("Fresh at every logoff. Citrix: MCS · AVD: pooled"). */
const SENTENCE_END = /(?<=[.;!?])\s+(?=[A-Z])/;

function splitGlossary(text: string, vocab: Vocabulary): Piece[] {
  const whole = glossaryList(text, vocab);
  if (whole !== null) return [{ text: whole, literal: true }];
  const sentences = text.split(SENTENCE_END);
  if (sentences.length > 1) {
    const notes = sentences.map((s) => glossaryList(s, vocab));
    if (notes.some((n) => n !== null)) {
      const pieces: Piece[] = [];
      sentences.forEach((s, i) => {
        const note = notes[i];
        const sep = i > 0 ? ' ' : '';
        if (note === null || note === undefined) pieces.push(...splitParens(sep + s, vocab));
        else if (note) pieces.push({ text: sep + note.charAt(0).toUpperCase() + note.slice(1), literal: true });
      });
      return pieces;
    }
  }
  return splitParens(text, vocab);
}

function splitParens(text: string, vocab: Vocabulary): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const m of text.matchAll(PAREN)) {
    const inner = glossaryList(m[2] ?? '', vocab);
    if (inner === null) continue;
    const start = m.index ?? 0;
    pieces.push({ text: text.slice(at, start), literal: false });
    if (inner) pieces.push({ text: `${m[1] ?? ''}(${inner})`, literal: true, note: inner });
    at = start + m[0].length;
  }
  pieces.push({ text: text.slice(at), literal: false });
  return pieces;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Compiled {
  re: RegExp;
  out: Map<string, string>;
}

const compiled = new Map<Vocabulary, Compiled>();

function compile(vocab: Vocabulary): Compiled {
  const hit = compiled.get(vocab);
  if (hit) return hit;
  const out = new Map<string, string>();
  for (const name of PROPER_NAMES) out.set(name.toLowerCase(), name);
  for (const rule of TERM_RULES) for (const f of rule.from) if (!out.has(f)) out.set(f, rule.to[vocab]);
  const phrases = [...out.keys()].sort((a, b) => b.length - a.length);
  // Whole words only: not inside a name (sales-pool, pool_2), a path (/pools), a method (pool-create) or a file (x.pool).
  const re = new RegExp(`(?<![\\p{L}\\p{N}_\\-/.#])(?:${phrases.map((p) => escape(p).replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}_\\-/])`, 'giu');
  const c = { re, out };
  compiled.set(vocab, c);
  return c;
}

/** The replacement in the case of the text it replaces: "Pools" → "Delivery groups", "AGENT_UNREACHABLE" → "UNREGISTERED". */
function inCaseOf(match: string, word: string): string {
  // A state code (AGENT_UNREACHABLE) stays a code; an acronym (RDSH) is replaced by the word as written.
  if (match.includes('_') && match === match.toUpperCase()) return word.toUpperCase();
  if (match.length > 1 && match === match.toUpperCase() && match !== match.toLowerCase()) return word;
  const first = match.charAt(0);
  if (first !== first.toLowerCase()) return word.charAt(0).toUpperCase() + word.slice(1);
  // A proper noun or an acronym keeps its capitals wherever it stands (Citrix, VDA).
  return word;
}

function translateTerms(text: string, vocab: Vocabulary): string {
  const { re, out } = compile(vocab);
  return text.replace(re, (m) => {
    const word = out.get(m.toLowerCase().replace(/\s+/g, ' '));
    return word === undefined ? m : inCaseOf(m, word);
  });
}

/** One vendor's word in a short and a long form (Microsoft writes app group and application group): one word when comparing. */
const SHORT_FORMS: readonly [RegExp, string][] = [[/\bapplication group/g, 'app group']];

function comparable(text: string): string {
  let t = text.toLowerCase().replace(/\s+/g, ' ');
  for (const [re, short] of SHORT_FORMS) t = t.replace(re, short);
  return t;
}

/** The note's words stand, whole, in the text before it ("… app group assignments to host pools" for "application group assignments"). */
function repeats(before: string, note: string): boolean {
  const n = comparable(note).trim();
  if (!n) return false;
  return new RegExp(`(?<![\\p{L}\\p{N}])${escape(n)}(?![\\p{L}\\p{N}])`, 'u').test(comparable(before));
}

/** The text in the chosen vendor's vocabulary. */
export function translateText(text: string, vocab: Vocabulary): string {
  if (!/[A-Za-z]/.test(text)) return text;
  const out: string[] = [];
  for (const p of splitGlossary(text, vocab)) {
    if (p.note !== undefined && repeats(out.join(''), p.note)) continue;
    out.push(p.literal ? p.text : translateTerms(p.text, vocab));
  }
  return out.join('');
}
