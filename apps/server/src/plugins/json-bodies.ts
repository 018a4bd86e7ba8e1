import { contentTypeRefusal } from '@tagstream/access';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import secureJson from 'secure-json-parse';
import { appendOnRequest, isChanging } from './route-hooks.ts';

/** A body refused while parsing, with a message that says what is wrong. */
class BodyError extends Error {
  readonly statusCode = 400;
}

/**
 * JSON only on the changing routes (DESIGN.md §8): a route takes the media types its schema
 * says it `consumes` (uploads: multipart/form-data), every other one application/json, and
 * anything else is a 415 before the body is read. That closes the "simple request" road by
 * which any page may send text/plain, form-encoded or multipart bodies to any site. fastify's
 * text/plain parser goes; its JSON parser is replaced by one that says what is wrong: a
 * `__proto__` or `constructor.prototype` key (secure-json-parse, as fastify's own, refuses
 * them) or the JSON error itself, where fastify said only "Body is not valid JSON".
 */
export default fp(
  async function jsonBodies(app: FastifyInstance) {
    app.removeContentTypeParser(['application/json', 'text/plain']);
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      // Nothing sent: the same as no body (curl -X POST with a JSON content type).
      if ((body as string).trim() === '') return done(null, undefined);
      try {
        done(null, secureJson.parse(body as string, { protoAction: 'error', constructorAction: 'error' }));
      } catch (err) {
        done(new BodyError(describe(err as Error)), undefined);
      }
    });

    app.addHook('onRoute', (route) => {
      if (!isChanging(route)) return;
      const accepted = (route.schema as { consumes?: string[] } | undefined)?.consumes ?? [
        'application/json',
      ];
      const check = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
        const refusal = contentTypeRefusal(req.headers, accepted);
        if (refusal === null) return undefined;
        return reply.code(415).send({ statusCode: 415, error: 'Unsupported Media Type', message: refusal });
      };
      appendOnRequest(route, check as onRequestHookHandler);
    });
  },
  { name: 'tagstream-json-bodies' },
);

function describe(err: Error): string {
  if (/prototype property/.test(err.message)) {
    return 'the body has a "__proto__" or "constructor.prototype" key, which is refused because it could change the server\'s objects; remove it';
  }
  return `the body is not valid JSON: ${err.message}`;
}
