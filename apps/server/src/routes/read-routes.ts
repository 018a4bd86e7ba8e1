import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TrackedCount } from '../pipeline/trackers/tracked-count.ts';
import {
  BatchResultSchema,
  ErrorSchema,
  HealthSchema,
  HistoryQuerySchema,
  SettingsSchema,
  SourceStatusSchema,
  TagDetailSchema,
  TrackerQuerySchema,
  type TrackerQuery,
} from '@tagstream/protocol';
import { DEFAULT_COUNTER_OPTIONS, tagKey } from '@tagstream/stream';
import { latestOr404 } from './latest-result.ts';

const CAPS = DEFAULT_COUNTER_OPTIONS;

/** How exact and how bounded the drill-down's figures are, for the API docs (`/docs`). */
const TAG_DETAIL_RULES = [
  "`count`, `related`, `authors`, `languages` and `unrecorded` are about the latest result's window and the tag's counted tweets in it (each tweet once per tag, as for the top list).",
  `\`related\`: the keys most often in the same counted tweets, count = tweets holding both; count descending, then key ascending by code point; as many as the \`related\` setting (0: none). Exact: the window adds and subtracts the per-batch pair counts. Each batch counts at most ${CAPS.maxPairsPerBatch.toLocaleString('en')} distinct pairs; pairs past it are dropped and counted in the result stats as \`relatedOverflow\`.`,
  `\`authors\`: the ten handles with the most of the tag's tweets; \`languages\`: every language the source reported. A tweet without an author or a language counts as \`unknown\`. Exact: summed from per-batch tallies per tag. Each batch keeps at most ${CAPS.maxProfileEntriesPerBatch.toLocaleString('en')} (tag, author, language) entries and 1,024 languages; a tweet that would pass either is not recorded for that tag, and \`unrecorded\` says how many were not (the languages then sum to \`count\` − \`unrecorded\`).`,
  'These per-batch tallies are kept only while a window may still read the batch, so memory follows the window, not the retention. When the window holds a batch counted without them (related tags just turned on, the window just widened, a restart from a checkpoint without them), the fields are absent, never partial, until the window has slid past that batch.',
].join('\n\n');

/** The read side of the REST API (DESIGN.md §6): open to every viewer. */
export async function readRoutes(app: FastifyInstance): Promise<void> {
  const { core, settings, source } = app;
  const startedAt = Date.now();
  /** The tracker `?tracker=NAME` asks for (the default one without it), or a 404 saying there is none. */
  const trackerOf = (query: unknown, reply: FastifyReply): TrackedCount | null => {
    const name = (query as TrackerQuery).tracker;
    const count = core.tracker(name);
    if (count === null)
      void reply.code(404).send({
        statusCode: 404,
        error: 'Not Found',
        message: `no tracker named "${name}": GET /api/trackers lists them`,
      });
    return count;
  };

  // Cheap and synchronous on purpose: load balancers and `docker compose` poll it.
  app.get(
    '/api/health',
    // Answers even when the server sheds load (under-pressure): a pressure handler that lets it through.
    {
      schema: { summary: 'Liveness', response: { 200: HealthSchema } },
      config: { pressureHandler: () => undefined },
    },
    async () => {
      const s = core.sourceStatus();
      return {
        status: 'ok' as const,
        uptimeSec: Math.round((Date.now() - startedAt) / 1000),
        source: { connected: s.connected, address: s.address },
        lastBatchAt: core.history.latest()?.batch.end ?? null,
      };
    },
  );

  app.get(
    '/api/top',
    {
      schema: {
        summary: "The latest batch result (a tracker's with ?tracker=NAME)",
        querystring: TrackerQuerySchema,
        response: { 200: BatchResultSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const count = trackerOf(req.query, reply);
      if (count === null) return reply;
      return latestOr404(count.history.latest(), reply);
    },
  );

  app.get(
    '/api/history',
    {
      schema: {
        summary: "Recent results, oldest first (a tracker's with ?tracker=NAME)",
        querystring: HistoryQuerySchema,
        response: { 200: Type.Array(BatchResultSchema), 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const count = trackerOf(req.query, reply);
      if (count === null) return reply;
      return count.history.recent((req.query as { limit?: number }).limit ?? 100);
    },
  );

  app.get(
    '/api/settings',
    { schema: { summary: 'Counting settings', response: { 200: SettingsSchema } } },
    async () => settings.get(),
  );

  app.get(
    '/api/source',
    { schema: { summary: 'Source status', response: { 200: SourceStatusSchema } } },
    async () => source.status(),
  );

  app.get(
    '/api/tags/:tag',
    {
      schema: {
        summary:
          "A tag's sample tweets and its count per batch over the retained history (in a tracker with ?tracker=NAME)",
        description: TAG_DETAIL_RULES,
        params: Type.Object({ tag: Type.String({ minLength: 1, maxLength: 1000 }) }),
        querystring: TrackerQuerySchema,
        response: { 200: TagDetailSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const count = trackerOf(req.query, reply);
      if (count === null) return reply;
      const raw = (req.params as { tag: string }).tag.replace(/^[#＃]/, '');
      // A tag never seen is shown as asked for.
      return count.tagDetail(tagKey(raw), '#' + raw, 20);
    },
  );
}
