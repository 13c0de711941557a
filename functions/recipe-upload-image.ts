// POST /api/recipe/recipes/{id}/upload-image/ — sets the image of one of the
// caller's recipes from the multipart field `image`; the file's content, not
// its name, decides that it is an image.
import { z } from '@hono/zod-openapi';
import { loadConfig } from '../lib/config.ts';
import { getDb } from '../lib/database/pool.ts';
import { createFunctionApp, defineRoute } from '../lib/http/app.ts';
import { authenticated, requireUser } from '../lib/http/auth.ts';
import { readBody } from '../lib/http/body.ts';
import { bodyTooLarge, notFound } from '../lib/http/errors.ts';
import { imageField, invalidImage } from '../lib/http/image-field.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';
import { mediaUrl } from '../lib/http/media-url.ts';
import { jsonResponse, notAuthenticated, responses, tokenAuth, validationFailed } from '../lib/http/openapi.ts';
import { idParams, pathParams } from '../lib/http/params.ts';
import { detectImage } from '../lib/media/images.ts';
import { replaceRecipeImage } from '../lib/media/recipe-images.ts';
import * as recipes from '../lib/repositories/recipes.ts';
import { mediaStorage } from '../lib/media/storage.ts';

const app = createFunctionApp();
app.use('/api/recipe/recipes/:id/upload-image/', requireUser);

// Room for the multipart envelope (boundary, part headers) around a file of the maximum size.
const envelopeBytes = 64 * 1024;

const ImageUpload = z.object({ image: z.string().openapi({ format: 'binary' }) }).openapi('RecipeImageUpload');
const RecipeImage = z.object({ id: z.number().int(), image: z.string().openapi({ format: 'uri' }) }).openapi('RecipeImage');

defineRoute(
  app,
  {
    method: 'post',
    path: '/api/recipe/recipes/{id}/upload-image/',
    tags: ['recipe'],
    operationId: 'recipe_recipes_upload_image_create',
    summary: 'Set the image of a recipe (JPEG, PNG, GIF or WebP)',
    security: tokenAuth,
    request: {
      params: idParams,
      body: { required: true, content: { 'multipart/form-data': { schema: ImageUpload } } },
    },
    responses: responses(
      {
        200: jsonResponse('The recipe id and the URL of its image', RecipeImage),
        400: validationFailed,
        401: notAuthenticated,
        404: jsonResponse('No such recipe of yours'),
      },
      { body: true, database: true },
    ),
  },
  async (c) => {
    const userId = authenticated(c).user.id;
    const id = pathParams(c).id;
    // DRF's order: the lookup (404) before the body (400/413).
    if (!(await recipes.recipeExists(getDb(), userId, id))) throw notFound();
    const { maxUploadBytes } = loadConfig();
    const file = imageField(await readBody(c, maxUploadBytes + envelopeBytes));
    if (file.size > maxUploadBytes) throw bodyTooLarge();
    const bytes = new Uint8Array(await file.arrayBuffer());
    const type = await detectImage(bytes);
    if (type === undefined) throw invalidImage();

    const saved = await replaceRecipeImage(getDb(), await mediaStorage(), userId, id, { type, bytes });
    if (saved === undefined) throw notFound(); // deleted meanwhile
    return c.json({ id, image: mediaUrl(c, saved) });
  },
);

export default app;
export const handler = lambdaHandler(app);
