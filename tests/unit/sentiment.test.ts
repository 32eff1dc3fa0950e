import { describe, expect, it } from 'vitest';
import { suggestSentiment } from '../../utils/sentiment';

describe('suggestSentiment', () => {
  it('finds praise positive', () => {
    const r = suggestSentiment('This is a wonderful, generous and brilliant plan.');
    expect(r.sentiment).toBe('positive');
    expect(r.score).toBeGreaterThan(0.5);
  });
  it('finds condemnation negative', () => {
    const r = suggestSentiment('It was a cruel, disgusting and shameful failure.');
    expect(r.sentiment).toBe('negative');
    expect(r.score).toBeLessThan(-0.5);
  });
  it('calls plain statements neutral', () => {
    expect(suggestSentiment('The committee meets on Tuesday in the east wing.')).toEqual({ sentiment: 'neutral', score: 0 });
    expect(suggestSentiment('   ').sentiment).toBe('neutral');
  });
  it('calls a quotation that praises and condemns mixed', () => {
    expect(suggestSentiment('We are proud of the brave rescue and devastated by the terrible loss.').sentiment).toBe('mixed');
  });
});
