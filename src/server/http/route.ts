// One declared route: what differs from route to route (method, URL, who may call it, summary, the
// zod schemas, the success status and its response schema, the handler), built into the Fastify
// route every routes file used to spell out in full: `config` (the guard, rate limit) and `schema`
// (tags, security, summary, consumes, params, querystring, headers, body, response: { status: ... }).
// The handler returns the answer: without a status Fastify sends it (200) as it is; with 201 or 202
// it is sent with that status; with 204 nothing is sent. A handler that answers itself (a file, a
// cookie and a body of its own) keeps the reply.
import type {
  ContextConfigDefault,
  FastifyContextConfig,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteOptions,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Permission } from '../../shared/roles.js';

type Schema = z.ZodType | undefined;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** A success other than 200: the handler's answer is sent with it (204: nothing is sent). */
export type SuccessStatus = 201 | 202 | 204;

/** What a route validates, and so what its handler's request is typed from. */
interface Validated<P extends Schema, Q extends Schema, H extends Schema, B extends Schema> {
  params: P;
  querystring: Q;
  headers: H;
  body: B;
}

export type RouteRequest<P extends Schema, Q extends Schema, H extends Schema, B extends Schema> = FastifyRequest<
  RouteGenericInterface,
  RawServerDefault,
  RawRequestDefaultExpression,
  Validated<P, Q, H, B>,
  ZodTypeProvider
>;
export type RouteReply<P extends Schema, Q extends Schema, H extends Schema, B extends Schema> = FastifyReply<
  RouteGenericInterface,
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  ContextConfigDefault,
  Validated<P, Q, H, B>,
  ZodTypeProvider
>;

/** What the handler answers: what the response schema takes, or anything where there is none (or 204). */
type Answer<R extends Schema, S extends SuccessStatus | undefined> = S extends 204 ? unknown : R extends z.ZodType ? z.input<R> : unknown;

export interface RouteSpec<P extends Schema, Q extends Schema, H extends Schema, B extends Schema, R extends Schema, S extends SuccessStatus | undefined> {
  /** Who may call it: a permission the active role must grant, or the route's config (public, portal, allowPendingMfa, allowDuringEnrollment, rateLimit). None: any signed-in staff session. */
  access?: Permission | FastifyContextConfig;
  summary: string;
  /** Instead of the group's tags. */
  tags?: readonly string[];
  /** OpenAPI security requirements (e.g. the operator bearer). */
  security?: Record<string, string[]>[];
  /** Content types of a body that is not JSON. */
  consumes?: readonly string[];
  params?: P;
  querystring?: Q;
  headers?: H;
  body?: B;
  /** The success status when it is not 200. */
  status?: S;
  /** The schema of the success answer (under `status`, or 200). */
  response?: R;
  preValidation?: (req: FastifyRequest) => Promise<void>;
  preHandler?: (req: FastifyRequest) => Promise<void>;
  /** Runs on the serialized answer before it is compressed (e.g. http/etag.ts's conditional GET). */
  onSend?: (req: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown>;
  bodyLimit?: number;
  errorHandler?: (err: FastifyError) => never;
}

export type RouteHandler<P extends Schema, Q extends Schema, H extends Schema, B extends Schema, R extends Schema, S extends SuccessStatus | undefined> = (
  req: RouteRequest<P, Q, H, B>,
  reply: RouteReply<P, Q, H, B>,
) => Promise<Answer<R, S>>;

type Declare = <
  P extends Schema = undefined,
  Q extends Schema = undefined,
  H extends Schema = undefined,
  B extends Schema = undefined,
  R extends Schema = undefined,
  S extends SuccessStatus | undefined = undefined,
>(
  url: string,
  spec: RouteSpec<P, Q, H, B, R, S>,
  handler: RouteHandler<P, Q, H, B, R, S>,
) => void;

export type Routes = Record<'get' | 'post' | 'put' | 'patch' | 'delete', Declare>;

/** The routes of one group (one `tags` in the API document), declared on `app` (or an encapsulated scope). */
export function routesOf(app: FastifyInstance, tags: readonly string[]): Routes {
  const declare =
    (method: Method): Declare =>
    (url, spec, handler) => {
      const { access, tags: ownTags, summary, security, consumes, params, querystring, headers, body, status, response, ...options } = spec;
      const schema = defined({
        tags: ownTags ?? tags,
        security,
        summary,
        consumes,
        params,
        querystring,
        headers,
        body,
        response: response && { [status ?? 200]: response },
      });
      const config = typeof access === 'string' ? { permission: access } : access;
      app.route({ method, url, ...(config && { config }), ...defined(options), schema, handler: answering(status, handler) } as RouteOptions);
    };
  return { get: declare('GET'), post: declare('POST'), put: declare('PUT'), patch: declare('PATCH'), delete: declare('DELETE') };
}

/** The handler Fastify calls: the declared one, sending its answer with the declared status. */
function answering<P extends Schema, Q extends Schema, H extends Schema, B extends Schema, R extends Schema, S extends SuccessStatus | undefined>(
  status: SuccessStatus | undefined,
  handler: RouteHandler<P, Q, H, B, R, S>,
) {
  if (status === undefined) return handler;
  return async (req: RouteRequest<P, Q, H, B>, reply: RouteReply<P, Q, H, B>) => {
    const out = await handler(req, reply);
    // The handler's type already held its answer to the response schema; sending it needs no more.
    const send: FastifyReply = reply;
    return status === 204 ? send.code(204).send() : send.code(status).send(out);
  };
}

/** The same object without its undefined keys (a route's options name only what it sets). */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
