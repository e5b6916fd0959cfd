/** Tests of the words for a link that does not work: plain, with what to do, and free of API jargon. */
import { describe, expect, it } from 'vitest';
import { linkProblem } from './link-words.ts';

describe('linkProblem', () => {
  it('says in plain words what is wrong with a seat or watch link, and what to do', () => {
    for (const code of ['BAD_TOKEN', 'SESSION_NOT_FOUND', 'BAD_REQUEST', 'SESSION_UNAVAILABLE'])
      for (const kind of ['seat', 'watch'] as const) {
        const words = linkProblem(code, kind) ?? '';
        expect(words.length, `${code} ${kind}`).toBeGreaterThan(40);
        // No codes, routes, tokens or HTTP in what a person reads.
        expect(words).not.toMatch(/[A-Z]{3,}_|\/api|POST|GET|token|HTTP|\b4\d\d\b/);
      }
    expect(linkProblem('BAD_TOKEN', 'seat')).toMatch(/seat at this table.*Ask whoever sent it/);
    expect(linkProblem('BAD_TOKEN', 'watch')).toMatch(/to watch/);
  });

  it('leaves other errors to be shown as they are', () => {
    expect(linkProblem('NETWORK', 'seat')).toBeNull();
    expect(linkProblem('RATE_LIMITED', 'watch')).toBeNull();
  });
});
