// Written as a user of the generated client would, against the served OpenAPI document:
// test/api/client/generated-client.e2e-spec.ts generates the client beside it, type-checks this
// file (strict, no casts) and runs it against the service.
import { createClient, type Client } from './client/client';
import { createPost, getPost, getPostHistory, listPosts, signUpEmail, updatePost, type Post, type Problem } from './client';

function fail(problem: Problem | undefined): never {
  throw new Error(`unexpected answer: ${problem?.status} ${problem?.detail}`);
}

export async function main(baseUrl: string): Promise<string[]> {
  const client = createClient({ baseUrl });
  const seen: string[] = [];

  // Better Auth checks the Origin of browser-like calls; a server-side client states it.
  const email = `client-${Date.now()}@example.com`;
  const signedUp = await signUpEmail({
    client,
    headers: { origin: baseUrl },
    body: { name: 'Client', email, password: 'correct horse battery staple' },
  });
  if (!signedUp.data?.token) throw new Error('sign-up gave no token');
  const auth = { Authorization: `Bearer ${signedUp.data.token}` };

  // Create, with a key that makes the retry safe.
  const created = await createPost({
    client,
    headers: { ...auth, 'Idempotency-Key': `usage-${Date.now()}` },
    body: { title: 'From a generated client', content: 'Typed end to end', published: true },
  });
  if (!created.data) fail(created.error);
  const post: Post = created.data;
  seen.push(`created ${post.title}`);

  // Page through the feed with nextCursor.
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listPosts({ client, query: { limit: 1, cursor } });
    if (!page.data) fail(page.error);
    pages += 1;
    cursor = page.data.nextCursor ?? undefined;
  } while (cursor && pages < 3);
  seen.push(`paged ${pages}`);

  // Update with If-Match, then see a stale ETag refused with a typed problem.
  const etag = created.response.headers.get('ETag') ?? '';
  const updated = await updatePost({ client, path: { id: post.id }, headers: { ...auth, 'If-Match': etag }, body: { title: 'Edited' } });
  if (!updated.data) fail(updated.error);
  const stale = await updatePost({ client, path: { id: post.id }, headers: { ...auth, 'If-Match': etag }, body: { title: 'Lost' } });
  if (stale.error) seen.push(`stale ${stale.error.status} ${stale.error.title}`);

  // The audit trail, typed per field: a title's [old, new] are strings (old null on create).
  const history = await getPostHistory({ client, path: { id: post.id }, headers: auth });
  if (!history.data) fail(history.error);
  const titles: [string | null, string][] = history.data.flatMap((entry) => (entry.changes.title ? [entry.changes.title] : []));
  seen.push(`titles ${titles.map(([old, now]) => `${old} → ${now}`).join(', ')}`);

  // Problems read as typed bodies: 400 with field errors, 401, 404.
  const invalid = await createPost({ client, headers: auth, body: { title: '', content: 'Long enough content' } });
  if (invalid.error && 'errors' in invalid.error) seen.push(`invalid ${invalid.error.status} ${invalid.error.errors?.[0]?.path}`);
  const anonymous = await createPost({ client, body: { title: 'Anonymous', content: 'Long enough content' } });
  if (anonymous.error) seen.push(`anonymous ${anonymous.error.status}`);
  const missing = await getPost({ client, path: { id: '00000000-0000-4000-8000-000000000000' } });
  if (missing.error) seen.push(`missing ${missing.error.status}`);
  seen.push(`retry after ${(await retryAfter(client)) ?? 'no wait'}`);
  return seen;
}

/** Seconds to wait when the service answers 429, as the client types its problem and headers. */
export async function retryAfter(client: Client): Promise<number | undefined> {
  const result = await listPosts({ client });
  if (result.error?.status !== 429) return undefined;
  return Number(result.response.headers.get('Retry-After'));
}
