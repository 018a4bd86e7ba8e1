import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { validationMessage, type SchemaError } from './schema-messages.ts';

type Validate = (data: unknown) => boolean;
type Compile = (route: { schema: FastifySchema }) => Validate;

/**
 * Request bodies are validated as written (DESIGN.md §8): fastify's Ajv coerces types and
 * quietly drops unknown fields, so `{"keywords":"ether"}` became `["ether"]`, `[1,2]` became
 * `["1","2"]` and a misspelt field vanished. Bodies get an Ajv without coercion or removal,
 * so a wrong type or an unknown field of a closed schema is a 400; query strings and path
 * parameters keep fastify's coercion, which is what turns `?limit=10` into a number. Both
 * are fastify's own compiler (@fastify/ajv-compiler) with its defaults otherwise, in
 * `verbose` mode so that the message can say what a field takes and what it got.
 */
export default fp(
  async function strictBodies(app: FastifyInstance) {
    const build = AjvCompiler();
    // The pool's compilers take the route definition ({ schema, … }), as fastify calls them.
    const loose = build({}, { customOptions: { verbose: true } }) as unknown as Compile;
    const strict = build(
      {},
      { customOptions: { verbose: true, coerceTypes: false, removeAdditional: false } },
    ) as unknown as Compile;
    app.setValidatorCompiler((route) => (route.httpPart === 'body' ? strict : loose)(route));
    app.setSchemaErrorFormatter(
      (errors, part) => new Error(validationMessage(errors as unknown as SchemaError[], part)),
    );
  },
  { name: 'tagstream-strict-bodies' },
);
