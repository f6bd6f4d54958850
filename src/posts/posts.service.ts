import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth';
import { encodeCursor } from '../common/cursor';
import { HeavyReads } from '../infra/database/heavy-reads';
import { UnitOfWork } from '../infra/database/unit-of-work';
import type { PostChanges } from './dto/post-body.dto';
import { type Post, type PostHistoryEntry, type PostPage, TOTAL_CAP } from './dto/post-response.dto';
import type { PostListQuery } from './dto/list-posts.query.dto';
import { etagFor, ifMatchAllows } from './etag';
import { toHistoryEntry, toPost } from './post.mapper';
import { NotAuthor, PostNotFound, StaleVersion } from './posts.errors';
import { type PostChangeSet, PostHistoryRepository } from './post-history.repository';
import { EDITABLE, type PostFilter, type PostRecord, PostsRepository } from './posts.repository';

export interface TaggedPost {
  post: Post;
  etag: string;
}

@Injectable()
export class PostsService {
  constructor(
    private readonly posts: PostsRepository,
    private readonly postHistory: PostHistoryRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly heavyReads: HeavyReads,
  ) {}

  /** Creates the post and its `create` history entry. */
  create(author: AuthUser, input: Required<PostChanges>): Promise<TaggedPost> {
    return this.unitOfWork.run(async (tx) => {
      const changes = Object.fromEntries(EDITABLE.map((field) => [field, [null, input[field]]])) as PostChangeSet;
      const row = await this.posts.bind(tx).insert(author.id, input);
      await this.postHistory.bind(tx).add(row.id, author.id, 'create', changes);
      return { post: toPost({ ...input, ...row, authorId: author.id, authorName: author.name }), etag: etagFor(row.version) };
    });
  }

  async get(viewer: AuthUser | undefined, id: string): Promise<TaggedPost> {
    const record = this.visible(await this.posts.findById(id), viewer);
    return { post: toPost(record), etag: etagFor(record.version) };
  }

  list(query: PostListQuery): Promise<PostPage> {
    return this.page({ publishedOnly: true, authorId: query.authorId, search: query.q?.text }, query);
  }

  listOwn(owner: AuthUser, query: Omit<PostListQuery, 'authorId'>): Promise<PostPage> {
    return this.page({ publishedOnly: false, authorId: owner.id, search: query.q?.text }, query);
  }

  /**
   * PATCH and PUT: applies `input` if the caller is the author and `ifMatch` holds.
   * The row is locked while the rules are checked, so concurrent writers queue:
   * each sees the version the previous one left, and the audit's old values are exact.
   */
  update(editor: AuthUser, id: string, input: PostChanges, ifMatch?: string): Promise<TaggedPost> {
    return this.unitOfWork.run(async (tx) => {
      const posts = this.posts.bind(tx);
      const current = this.editable(await posts.findById(id, { lock: true }), editor, ifMatch);
      const changed = EDITABLE.filter((field) => input[field] !== undefined && input[field] !== current[field]);
      const changes = Object.fromEntries(changed.map((field) => [field, [current[field], input[field]]])) as PostChangeSet;
      // Values equal to the stored ones change nothing: no new version, no history entry.
      if (Object.keys(changes).length === 0) return { post: toPost(current), etag: etagFor(current.version) };
      // Conditional on the version just checked: the row lock makes this hold, the condition makes it certain.
      const updated = await posts.updateIfVersion(id, current.version, input);
      if (!updated) throw new StaleVersion();
      await this.postHistory.bind(tx).add(id, editor.id, 'update', changes);
      return { post: toPost({ ...current, ...input, ...updated }), etag: etagFor(updated.version) };
    });
  }

  remove(editor: AuthUser, id: string, ifMatch?: string): Promise<void> {
    return this.unitOfWork.run(async (tx) => {
      const posts = this.posts.bind(tx);
      const current = this.editable(await posts.findById(id, { lock: true }), editor, ifMatch);
      if (!(await posts.softDeleteIfVersion(id, current.version))) throw new StaleVersion();
      await this.postHistory.bind(tx).add(id, editor.id, 'delete', {});
    });
  }

  /** The audit trail: the author's alone, and still theirs after a delete. */
  async history(viewer: AuthUser, id: string): Promise<PostHistoryEntry[]> {
    const record = await this.posts.findById(id);
    const isAuthor = record?.authorId === viewer.id;
    if (!record || (!isAuthor && (record.deletedAt || !record.published))) throw new PostNotFound();
    if (!isAuthor) throw new NotAuthor('read the history of a post');
    const rows = await this.postHistory.list(id);
    return rows.map(toHistoryEntry);
  }

  private async page(filter: PostFilter, query: Omit<PostListQuery, 'authorId'>): Promise<PostPage> {
    const offset = query.page ? (query.page - 1) * query.limit : undefined;
    const read = () =>
      Promise.all([
        // One row more than asked tells whether another page follows.
        this.posts.page(filter, { order: query.order, limit: query.limit + 1, after: query.cursor, offset }),
        // One more than the cap tells a capped count from an exact one.
        query.withTotal ? this.posts.count(filter, TOTAL_CAP + 1) : undefined,
      ]);
    // Counts, negations and phrases cost what the client makes them cost: they take turns.
    const heavy = query.withTotal || !!query.q?.rechecked;
    const [rows, total] = heavy ? await this.heavyReads.run(read) : await read();
    const data = rows.slice(0, query.limit);
    const last = data.at(-1);
    const nextCursor = !query.page && rows.length > query.limit && last ? encodeCursor(last) : null;
    const counted = total === undefined ? {} : total > TOTAL_CAP ? { total: TOTAL_CAP, totalCapped: true as const } : { total };
    return { data: data.map(toPost), nextCursor, ...counted };
  }

  /** The post if `viewer` may see it: live, and published or theirs. Anything else is a 404, never a 403. */
  private visible(record: PostRecord | undefined, viewer: AuthUser | undefined): PostRecord {
    if (!record || record.deletedAt || (!record.published && record.authorId !== viewer?.id)) throw new PostNotFound();
    return record;
  }

  private editable(record: PostRecord | undefined, editor: AuthUser, ifMatch: string | undefined): PostRecord {
    const post = this.visible(record, editor);
    if (post.authorId !== editor.id) throw new NotAuthor('change this post');
    if (!ifMatchAllows(ifMatch, etagFor(post.version))) throw new StaleVersion();
    return post;
  }
}
