// The `image` field of an upload, refused in DRF's words (its FileField and
// ImageField), so a client written for the original reads the same errors.
import type { Body } from './body.ts';
import { type HttpError, validationError } from './errors.ts';

function imageError(message: string): HttpError {
  return validationError({ image: [message] });
}

export function invalidImage(): HttpError {
  return imageError('Upload a valid image. The file you uploaded was either not an image or a corrupted image.');
}

/** The uploaded file in `image`, or DRF's 400 when there is none, it is empty, or the value is not a file. */
export function imageField(body: Body): File {
  // A repeated field counts by its last value, as Django's QueryDict reads it.
  const value: unknown = Array.isArray(body.image) ? body.image.at(-1) : body.image;
  // Django skips a file part without a filename: a form sent with no file chosen.
  if (value === undefined || (value instanceof File && value.name === '' && value.size === 0)) {
    throw imageError('No file was submitted.');
  }
  if (!(value instanceof File)) throw imageError('The submitted data was not a file. Check the encoding type on the form.');
  if (value.size === 0) throw imageError('The submitted file is empty.');
  return value;
}
