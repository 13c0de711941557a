// The general rules' node:http in a bundle: instanceof must answer as Node's
// classes do, for Node's own objects as for anything else.
import http from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { IncomingMessage, ServerResponse } from './node-http-classes.ts';

describe("a bundle's node:http stand-ins", () => {
  const incoming = new http.IncomingMessage(new Socket());
  const outgoing = new http.ServerResponse(incoming);

  it("know Node's request and response", () => {
    expect(incoming instanceof IncomingMessage).toBe(true);
    expect(outgoing instanceof ServerResponse).toBe(true);
    expect(outgoing instanceof IncomingMessage).toBe(false);
    expect(incoming instanceof ServerResponse).toBe(false);
  });

  it('know nothing else as one', () => {
    for (const value of [undefined, null, {}, 'text', new Response('')]) {
      expect(value instanceof IncomingMessage).toBe(false);
      expect(value instanceof ServerResponse).toBe(false);
    }
  });

  it("leave a subclass's instanceof to its prototype chain (the emulator's response class)", () => {
    class OwnResponse extends ServerResponse {}
    expect(outgoing instanceof OwnResponse).toBe(false);
    expect(() => new OwnResponse()).toThrow(/stand-in/);
  });
});
