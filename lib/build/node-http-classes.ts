// What a bundle's lib/http/general-rules.ts gets for 'node:http' (see
// lib/build/bundle.ts). Loading node:http costs ~2.4 ms of CPU at a cold
// start, and a deployed function never sees Node's request or response: it
// answers Lambda events. general-rules.ts needs the two classes only to tell
// whether the emulator's server handed it Node's objects (instanceof) and to
// define the emulator's response class (GeneralRulesResponse, which only
// lib/emulator/listen.ts makes). Here both are stand-ins that load node:http
// only when something is asked about an object: still true for Node's own
// objects (the bundle's app served by @hono/node-server), false otherwise.
const http = () => process.getBuiltinModule('node:http');

// Node's instanceof test for a stand-in of `real`; a subclass keeps the
// ordinary test (its prototype chain), as `class X extends ServerResponse` would.
function isInstance(standIn: object, self: object, value: unknown, real: () => object): boolean {
  if (self !== standIn) return Function.prototype[Symbol.hasInstance].call(self, value);
  return typeof value === 'object' && value !== null && value instanceof (real() as new () => object);
}

// Classes, as Node's are: the general rules test with instanceof and extend ServerResponse.
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a stand-in for a class
export class IncomingMessage {
  static [Symbol.hasInstance](value: unknown): boolean {
    return isInstance(IncomingMessage, this, value, () => http().IncomingMessage);
  }
}

// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a stand-in for a class
export class ServerResponse {
  constructor() {
    throw new Error("a bundle does not serve through Node's http server: node:http's ServerResponse is a stand-in here");
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return isInstance(ServerResponse, this, value, () => http().ServerResponse);
  }
}
