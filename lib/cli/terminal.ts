// A Prompter on real streams. Hidden answers: while one is typed, readline's
// echo goes nowhere.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Prompter } from './superuser.ts';
import { StartupError } from '../startup-error.ts';

export function createTerminal(input: NodeJS.ReadableStream & { isTTY?: boolean }, output: NodeJS.WritableStream): Prompter & { close(): void } {
  let muted = false;
  const echo = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const lines = createInterface({ input, output: echo, terminal: input.isTTY === true });
  // Answers can arrive before their question (piped input): queue them.
  const answers: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  let ended: Error | undefined;

  lines.on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter === undefined) answers.push(line);
    else waiter.resolve(line);
  });
  const end = (error: Error) => {
    ended ??= error;
    for (const waiter of waiting.splice(0)) waiter.reject(ended);
  };
  lines.on('close', () => { end(new StartupError('input ended before every question was answered')); });
  lines.on('SIGINT', () => {
    output.write('\n');
    end(new StartupError('operation cancelled'));
    lines.close();
  });

  const nextLine = () => {
    const answer = answers.shift();
    if (answer !== undefined) return Promise.resolve(answer);
    if (ended !== undefined) return Promise.reject(ended);
    return new Promise<string>((resolve, reject) => waiting.push({ resolve, reject }));
  };

  return {
    async ask(question) {
      output.write(question);
      return nextLine();
    },
    async askHidden(question) {
      output.write(question);
      muted = true;
      try {
        return await nextLine();
      } finally {
        muted = false;
        output.write('\n');
      }
    },
    say(line) {
      output.write(`${line}\n`);
    },
    close() {
      lines.close();
    },
  };
}
