import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * The route schemas as the OpenAPI document shows them: zod turned into JSON Schema, and an
 * `operationId` for every operation, which client generators name their methods after (without
 * one each tool makes up its own, and a generated client's method names change between tools).
 * The id follows from the method and the path, so it is stable while the route is:
 * `POST /api/v1/sources/:id/rotate` → `postSourcesByIdRotate`.
 */
export const openApiTransform: SwaggerTransform = (document) => {
  const transformed = jsonSchemaTransform(document as Parameters<typeof jsonSchemaTransform>[0]);
  const schema = transformed.schema as Record<string, unknown>;
  if (schema.hide !== true && schema.operationId === undefined) {
    const method = [document.route.method].flat()[0] ?? 'GET';
    schema.operationId = operationIdOf(method, document.url);
  }
  return transformed;
};

export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1\//, '/')
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]?.toUpperCase() + w.slice(1))].join('');
}
