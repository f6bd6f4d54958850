import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { createTestApp, listenForClients, type TestApp } from '../support/test-app';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
const SIGN_UP = '#operations-auth-signUpEmail';
const CREATE_POST = '#operations-posts-createPost';
const UPDATE_POST = '#operations-posts-updatePost';

type Schema = { $ref?: string; properties?: Record<string, { example?: unknown }> };
type MediaType = { schema?: Schema; example?: unknown };
type Operation = { operationId: string; summary?: string; tags?: string[]; requestBody?: { content: Record<string, MediaType> } };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

interface LiveResponse {
  status: string;
  headers: string;
  body: string;
}

/** What the UI should prefill for a JSON body: the media type's example, else the properties' examples. */
function documentedExample(document: Document, media: MediaType | undefined): Record<string, unknown> {
  if (media?.example !== undefined) return media.example as Record<string, unknown>;
  const ref = media?.schema?.$ref?.replace('#/components/schemas/', '');
  const schema = ref ? document.components.schemas[ref] : media?.schema;
  return Object.fromEntries(
    Object.entries(schema?.properties ?? {})
      .filter(([, property]) => property.example !== undefined)
      .map(([name, property]) => [name, property.example]),
  );
}

// Swagger UI in headless Chromium, driven as a user would: sign up, Authorize, create a post.
describe('Swagger UI in a real browser', () => {
  let t: TestApp;
  let baseURL: string;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
    baseURL = await listenForClients(t);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openDocs(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    await page.goto(`${baseURL}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    return page;
  }

  async function expand(page: Page, selector: string): Promise<Locator> {
    const operation = page.locator(selector);
    await operation.locator('.opblock-summary-control').click();
    await operation.locator('.opblock-body').waitFor();
    return operation;
  }

  async function tryItOut(page: Page, selector: string): Promise<Locator> {
    const operation = await expand(page, selector);
    await operation.getByRole('button', { name: 'Try it out' }).click();
    return operation;
  }

  /** Types `body` into the operation's editor, clicks Execute and reads the live response panel. */
  async function execute(operation: Locator, body: object): Promise<LiveResponse> {
    await operation.locator('textarea.body-param__text').fill(JSON.stringify(body, null, 2));
    await operation.getByRole('button', { name: 'Execute' }).click();
    const row = operation.locator('.responses-wrapper .live-responses-table tbody .response').first();
    await row.waitFor();
    const details = row.locator('.response-col_description');
    return {
      status: (await row.locator('.response-col_status').innerText()).trim(),
      headers: (await details.locator('.headerline').allInnerTexts()).map((line) => line.trim()).join('\n'),
      body: await details.locator('.highlight-code pre').innerText(),
    };
  }

  it('shows every documented operation with its summary, and an example for every request body', async () => {
    const page = await openDocs();
    try {
      const document = (await (await page.request.get(`${baseURL}/docs-json`)).json()) as Document;
      const operations = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          name: `${method.toUpperCase()} ${path}`,
          selector: `#operations-${operation.tags?.[0] ?? 'default'}-${operation.operationId}`,
          ...operation,
        })),
      );

      expect(operations.filter((operation) => !operation.summary?.trim()).map((operation) => operation.name)).toEqual([]);
      const [methods, paths, summaries] = await Promise.all(
        ['method', 'path', 'description'].map((part) => page.locator(`.opblock .opblock-summary-${part}`).allInnerTexts()),
      );
      const shown = methods.map((method, i) => `${method} ${paths[i]}: ${summaries[i].trim()}`);
      expect(shown.sort()).toEqual(operations.map((operation) => `${operation.name}: ${operation.summary}`).sort());

      for (const operation of operations.filter((o) => o.requestBody)) {
        const block = await expand(page, operation.selector);
        const text = await block.locator('.opblock-section-request-body .body-param__example').innerText();
        const expected = documentedExample(document, operation.requestBody!.content['application/json']);
        expect({ operation: operation.name, example: JSON.parse(text) }).toEqual({
          operation: operation.name,
          example: expect.objectContaining(expected),
        });
      }
    } finally {
      await page.close();
    }
  }, 30_000);

  it('signs up, authorizes with the token, creates a post and shows a validation problem', async () => {
    const page = await openDocs();
    try {
      const user = { name: 'Swagger User', email: `swagger-${randomUUID()}@example.com`, password: 'a long enough password' };
      const signedUp = await execute(await tryItOut(page, SIGN_UP), user);
      expect(signedUp.status).toBe('200');
      const { token, user: created } = JSON.parse(signedUp.body);
      expect(created).toMatchObject({ email: user.email, name: user.name });
      expect(token).toEqual(expect.any(String));

      // Sign-up also set a session cookie; without it, the 201 below can only come from Authorize.
      await page.context().clearCookies();

      await page.locator('.auth-wrapper .authorize').click();
      const dialog = page.locator('.dialog-ux .modal-ux');
      // The bearer scheme's form; the session cookie's sits beside it.
      const bearer = dialog.locator('.auth-container').filter({ hasText: 'bearer' });
      await bearer.locator('input[type=text]').fill(token);
      await bearer.locator('.auth-btn-wrapper .authorize').click();
      await bearer.getByRole('heading', { name: 'Authorized', exact: true }).waitFor();
      await bearer.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.locator('.auth-wrapper .authorize.locked').waitFor();

      const createPost = await tryItOut(page, CREATE_POST);
      const title = `Posted from Swagger UI ${randomUUID()}`;
      const posted = await execute(createPost, { title, content: 'Written by a browser, through the docs page.', published: true });
      expect(posted.status).toBe('201');
      const post = JSON.parse(posted.body);
      expect(post).toMatchObject({ title, published: true, authorId: created.id, author: { id: created.id, name: user.name } });
      expect(posted.headers).toContain(`location: /api/posts/${post.id}`);
      expect(await createPost.locator('.curl-command').innerText()).toContain(`Authorization: Bearer ${token}`);

      const updatePost = await tryItOut(page, UPDATE_POST);
      await updatePost.locator('tr[data-param-name="id"] input').fill(post.id);
      const rejected = await execute(updatePost, { title: '   ' });
      expect(rejected.status).toBe('400');
      expect(rejected.headers).toMatch(/^content-type: application\/problem\+json/m);
      const problem = JSON.parse(rejected.body);
      expect(problem).toMatchObject({
        type: 'about:blank',
        status: 400,
        instance: `/api/posts/${post.id}`,
        errors: [expect.objectContaining({ path: 'title' })],
      });
      expect(rejected.headers).toContain(`x-request-id: ${problem.requestId}`);

      await page.screenshot({ path: join(ARTIFACTS, 'swagger-ui.png'), fullPage: true });
    } catch (error) {
      await page.screenshot({ path: join(ARTIFACTS, 'swagger-ui-failure.png'), fullPage: true });
      throw error;
    } finally {
      await page.close();
    }
  }, 45_000);
});
