// Runs in each function's process before its code (NODE_OPTIONS=--import
// /opt/load-secrets.mjs), during the Lambda init: for every variable
// <NAME>_SECRET_ARN it reads that secret from AWS Secrets Manager through the
// AWS Parameters and Secrets Lambda Extension (a layer serving localhost:2773,
// with the function role's credentials) and sets <NAME> to its value, or to
// the field <NAME>_SECRET_FIELD of a JSON secret. The application then reads
// DATABASE_URL, DB_PASS and SECRET_KEY from its environment as anywhere else;
// the values never appear in the template or the function's configuration.
// A secret that cannot be read stops the init with one line naming it.

const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773';
const suffix = '_SECRET_ARN';
// The extension answers 400 "not ready to serve traffic" for a moment after
// it starts; the init waits for it this long at most.
const readyWithinMs = 5_000;

async function readSecret(arn) {
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    const response = await fetch(`http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(arn)}`, {
      headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' },
    }).catch((error) => ({ ok: false, status: 0, text: () => Promise.resolve(String(error)) }));
    if (response.ok) return (await response.json()).SecretString;
    const detail = await response.text();
    if (Date.now() > deadline) throw new Error(`${response.status} ${detail}`.trim());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const [key, arn] of Object.entries(process.env)) {
  if (!key.endsWith(suffix) || !arn) continue;
  const name = key.slice(0, -suffix.length);
  const field = process.env[`${name}_SECRET_FIELD`];
  try {
    const secret = await readSecret(arn);
    const value = field ? JSON.parse(secret)[field] : secret;
    if (typeof value !== 'string') throw new Error(`no text field "${field}" in the secret`);
    process.env[name] = value;
  } catch (error) {
    process.stderr.write(`${JSON.stringify({ level: 'error', msg: `cannot read ${name} from Secrets Manager (${key})`, error: String(error) })}\n`);
    process.exit(1);
  }
}
