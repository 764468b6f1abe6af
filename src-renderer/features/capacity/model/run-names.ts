/**
 * A run's name split where it parts from the names of the other runs: runs of one example or of
 * one family of tests share a long start and differ at the end ("Branch office over a 30 Mbit/s
 * link: BLAST" / "…: RDP"), which is the part the Runs table must show whatever the width.
 */
export interface NameParts {
  /** The start it shares with another run ('' when it shares none worth a line). */
  head: string;
  /** The rest: what tells this run apart (the whole name when head is ''). */
  tail: string;
}

/** A shared start shorter than this is not worth a line of its own. */
const MIN_SHARED = 12;

function sharedLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Each distinct name's parts: cut after the last space within the longest start it shares with another name. */
export function splitRunNames(names: readonly string[]): Map<string, NameParts> {
  const distinct = [...new Set(names)];
  const out = new Map<string, NameParts>();
  for (const name of distinct) {
    let shared = 0;
    for (const other of distinct) if (other !== name) shared = Math.max(shared, sharedLength(name, other));
    // Back to a word boundary, so "…link: BLAST" / "…link: RDP" part at "link:" and not inside a word.
    const cut = name.lastIndexOf(' ', shared) + 1;
    const head = name.slice(0, cut).trimEnd();
    const tail = name.slice(cut);
    out.set(name, head.length >= MIN_SHARED && tail.trim() !== '' ? { head, tail } : { head: '', tail: name });
  }
  return out;
}
