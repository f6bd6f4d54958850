import { relations } from 'drizzle-orm';
import { accounts, sessions, users } from './auth.schema';
import { postHistory, posts } from './posts.schema';

export const usersRelations = relations(users, ({ many }) => ({
  posts: many(posts),
  sessions: many(sessions),
  accounts: many(accounts),
}));

export const postsRelations = relations(posts, ({ one, many }) => ({
  author: one(users, { fields: [posts.authorId], references: [users.id] }),
  history: many(postHistory),
}));

export const postHistoryRelations = relations(postHistory, ({ one }) => ({
  post: one(posts, { fields: [postHistory.postId], references: [posts.id] }),
  actor: one(users, { fields: [postHistory.actorId], references: [users.id] }),
}));
