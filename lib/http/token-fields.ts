// A token as its owner manages it (GET/POST /api/user/tokens/): never the key,
// except in the answer that makes one.
import { z } from '@hono/zod-openapi';
import { charField, integerField } from './fields.ts';

export const TokenInput = z
  .object({
    name: charField({ maxLength: 255 }).openapi({ example: 'backup script' }),
    expires_in_days: integerField({ min: 1, max: 3650 })
      .nullable()
      .optional()
      .openapi({ type: 'integer', description: 'Days until it stops working; null: never (absent: TOKEN_TTL_DAYS, else never)' }),
  })
  .openapi('TokenInput');

export const TokenInfo = z
  .object({
    id: z.number().int(),
    name: z.string().openapi({ description: "'' for a login's token" }),
    created: z.iso.datetime(),
    last_used: z.iso.datetime().nullable().openapi({ description: 'Updated at most once a minute' }),
    expires: z.iso.datetime().nullable(),
    current: z.boolean().openapi({ description: 'The token this request was sent with' }),
  })
  .openapi('Token');
