import { sql } from 'drizzle-orm';
import { expectProblem } from '../support/problem';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';

const MATCHING = 10_050;

describe('limits on searches and counts', () => {
  let t: TestApp;
  let author: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    author = await t.signUp();
    // More posts than a count reports exactly, all matching "kernel"; 20 also match "zeppelin".
    await t.db.execute(sql`
      INSERT INTO posts (title, content, published, author_id, created_at)
      SELECT 'Post ' || g, CASE WHEN g <= 20 THEN 'kernel zeppelin notes' ELSE 'kernel notes ' || g END, true,
             ${author.id}::uuid, now() - g * interval '1 second'
      FROM generate_series(1, ${MATCHING}) AS g`);
  });
  afterAll(() => t.close());

  const search = (q: string, extra = '') => t.http().get(`/api/posts?q=${encodeURIComponent(q)}${extra}`);

  it('refuses more than 20 words with a 400 naming the limit', async () => {
    const words = Array.from({ length: 21 }, (_, i) => `word${i}`).join(' ');
    const response = await search(words);
    expectProblem(response, 400, '/api/posts', 'q');
    expect(response.body.errors[0].message).toBe('q may contain at most 20 words');
    expect((await search(words.split(' ').slice(0, 20).join(' '))).status).toBe(200);
  });

  it('refuses the attack as it was sent: 100 negated words and withTotal', async () => {
    const negations = Array.from({ length: 100 }, (_, i) => `-word${i}`).join(' ');
    expectProblem(await search(negations, '&withTotal=true'), 400, '/api/posts', 'q');
  });

  it.each([
    ['negations only', '-kernel -zeppelin'],
    ['a negated phrase', '-"kernel notes"'],
    ['a negation and a stop word', '-kernel the'],
  ])('refuses a search of negations alone (%s): it would read every post', async (_case, q) => {
    const response = await search(q);
    expectProblem(response, 400, '/api/posts', 'q');
    expect(response.body.errors[0].message).toMatch(/a word to search for besides the ones negated/);
  });

  it('answers a search of stop words alone with nothing, as PostgreSQL reads it', async () => {
    const response = await search('the of and', '&withTotal=true');
    expect(response.body).toEqual({ data: [], nextCursor: null, total: 0 });
  });

  it('still takes negations beside a word to look up', async () => {
    const response = await search('zeppelin -missing', '&withTotal=true&limit=5');
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(20);
    expect(response.body.totalCapped).toBeUndefined();
  });

  it('counts up to 10,000 and says when it stopped there', async () => {
    const response = await search('kernel', '&withTotal=true&limit=1');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ total: 10_000, totalCapped: true });
    const feed = await t.http().get('/api/posts?withTotal=true&limit=1');
    expect(feed.body).toMatchObject({ total: 10_000, totalCapped: true });
  });

  it('gives an exact total without totalCapped below the cap', async () => {
    const response = await t.http().get(`/api/posts?authorId=${author.id}&q=zeppelin&withTotal=true`);
    expect(response.body.total).toBe(20);
    expect(Object.keys(response.body).sort()).toEqual(['data', 'nextCursor', 'total']);
  });
});
