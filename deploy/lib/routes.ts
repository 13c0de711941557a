// A function's route paths, as API Gateway (HTTP API) routes.
//
// API Gateway refuses route keys that end in "/", and matches a route both
// with and without a trailing slash (rawPath keeps what the client sent): one
// route per path serves `/api/user/me/` and `/api/user/me`, and the function
// itself applies the trailing-slash rule (301 for GET/HEAD) as in the emulator.

/** `/api/recipe/recipes/:id/` → `/api/recipe/recipes/{id}`; `/static/media/*` → `/static/media/{proxy+}`. */
export function apiGatewayPath(honoPath: string): string {
  const segments = honoPath.split('/').slice(1);
  if (segments.at(-1) === '') segments.pop();
  const converted = segments.map((segment, index) => {
    if (segment === '*') {
      if (index !== segments.length - 1) throw new Error(`${honoPath}: a wildcard is only possible at the end of a path`);
      return '{proxy+}';
    }
    // `:id` or `:id{[0-9]+}`: API Gateway has no patterns; the function checks its parameters.
    const parameter = /^:(\w+)(\{.*\})?$/.exec(segment);
    if (parameter !== null) return `{${parameter[1]}}`;
    if (!/^[\w.-]+$/.test(segment)) throw new Error(`${honoPath}: "${segment}" cannot be an API Gateway path segment`);
    return segment;
  });
  return `/${converted.join('/')}`;
}

/** Every function's routes, each path once; two functions claiming one route is an error. */
export function routeTable(functions: readonly { name: string; paths: readonly string[] }[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const { name, paths } of functions) {
    for (const routePath of new Set(paths.map(apiGatewayPath))) {
      const owner = owners.get(routePath);
      if (owner !== undefined && owner !== name) throw new Error(`${routePath} is declared by both ${owner} and ${name}`);
      owners.set(routePath, name);
    }
  }
  return owners;
}
