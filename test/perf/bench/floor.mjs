// The framework floor: bare Nest on HTTP_PLATFORM (express or fastify) answering every request
// with one constant JSON body: no database, no middleware, no validation. What a request costs
// Nest and its platform before any of our code runs; the report sets it beside the app and the
// baseline. Not part of the product.
//
// env: PORT, HTTP_PLATFORM (express).
import 'reflect-metadata';
import { All, Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

// A post's worth of JSON, so the body's size is near the app's.
const BODY = {
  id: '00000000-0000-4000-8000-000000000000',
  title: 'A constant post',
  content: 'The same body for every request, so only the framework is measured.',
  published: true,
  authorId: '00000000-0000-4000-8000-000000000001',
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const platform = process.env.HTTP_PLATFORM ?? 'express';

// Decorators applied by hand: this file is plain JavaScript.
class FloorController {
  answer() {
    return BODY;
  }
}
Controller()(FloorController);
const answer = Object.getOwnPropertyDescriptor(FloorController.prototype, 'answer');
// Every path: find-my-way's wildcard on Fastify, path-to-regexp's on Express.
All(platform === 'fastify' ? '*' : '*path')(FloorController.prototype, 'answer', answer);
Object.defineProperty(FloorController.prototype, 'answer', answer);

class FloorModule {}
Module({ controllers: [FloorController] })(FloorModule);

const adapter =
  platform === 'fastify'
    ? new (await import('@nestjs/platform-fastify')).FastifyAdapter()
    : new (await import('@nestjs/platform-express')).ExpressAdapter();
const app = await NestFactory.create(FloorModule, adapter, { logger: ['error', 'warn'] });
// As configureApp sets Express up: no ETag hashing, no X-Powered-By (Fastify does neither).
if (platform === 'express') app.getHttpAdapter().getInstance().set('etag', false).disable('x-powered-by');
await app.listen(Number(process.env.PORT), '127.0.0.1');
