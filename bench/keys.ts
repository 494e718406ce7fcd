// The keys the benchmark presses: j/k, PgDn, G/g and typing into the filter, the same for
// every tool (k9s binds the same letters). Each key changes the screen when it is handled.
export const PGDN = '\u001B[6~';
export const ESC = '\u001B';

/** `n` keys (200 by default): moves, pages, ends, and rounds of `/` + a word + Esc */
export function keySequence(n = 200, words = ['worker-1', 'cache-2', 'api-3', 'ingest-4', 'scraper-5']): string[] {
  const keys: string[] = [];
  const moves = (count: number) => {
    for (let i = 0; i < count; i++) keys.push(i % 2 === 0 ? 'j' : 'k');
  };
  for (let i = 0; i < 30; i++) keys.push('j');
  for (let i = 0; i < 30; i++) keys.push('k');
  for (let r = 0; r < 5; r++) keys.push(PGDN, PGDN, PGDN, 'G', 'g');
  moves(40);
  for (const w of words) keys.push('/', ...w, ESC);
  while (keys.length < n) moves(2);
  if (n < keys.length) {
    // a short run (--quick) keeps a part of each kind
    const pick = [...keys.slice(0, Math.ceil(n / 4)), PGDN, 'G', 'g', '/', ...words[0], ESC];
    // after Esc the cursor is on the top row, where a k changes nothing: j first
    const first = pick.length;
    while (pick.length < n) pick.push((pick.length - first) % 2 ? 'k' : 'j');
    return pick.slice(0, n);
  }
  return keys.slice(0, n);
}

/** a key as the table shows it */
export function keyName(k: string): string {
  return k === PGDN ? 'PgDn' : k === ESC ? 'Esc' : k;
}
