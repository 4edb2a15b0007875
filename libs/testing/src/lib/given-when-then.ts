/**
 * Given-when-then for deciders (pure, no I/O) and for command handling against a real store.
 * Structural types only, so any decider / repository / store fits without importing them.
 */

interface DeciderLike<C, E, S> {
  initialState(): S;
  decide(command: C, state: S): readonly E[];
  evolve(state: S, event: E): S;
}

type ErrorMatcher = (new (...args: never[]) => Error) | string | RegExp;

function assertThrows(run: () => unknown, expected: ErrorMatcher): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new Error('Expected the command to be rejected, but it produced events');
  if (typeof expected === 'function') {
    expect(thrown).toBeInstanceOf(expected);
  } else if (typeof expected === 'string') {
    expect(thrown).toMatchObject({ code: expected });
  } else {
    expect((thrown as Error).message).toMatch(expected);
  }
}

/** `decider(d).given(e1, e2).when(command).then(e3)` or `.thenThrows(ErrorClass | 'ERROR_CODE' | /message/)`. */
export function decider<C, E, S>(subject: DeciderLike<C, E, S>) {
  return {
    given(...history: E[]) {
      const state = history.reduce((s, e) => subject.evolve(s, e), subject.initialState());
      return {
        when(command: C) {
          const decide = () => subject.decide(command, state);
          return {
            then(...expected: E[]): void {
              expect(decide()).toEqual(expected);
            },
            thenThrows(expected: ErrorMatcher): void {
              assertThrows(decide, expected);
            },
            /** Checks the state the decided events lead to. */
            thenState(expected: S): void {
              expect(decide().reduce((s, e) => subject.evolve(s, e), state)).toEqual(expected);
            },
          };
        },
      };
    },
  };
}

interface StoreLike {
  appendToStream(streamId: string, events: { type: string; data: never }[], options?: { expectedRevision?: 'no_stream' }): Promise<unknown>;
  readStream(streamId: string): AsyncIterable<{ type: string; data: unknown }>;
}

interface RepositoryLike<C> {
  streamId(id: string): string;
  handle(id: string, command: C): Promise<unknown>;
}

/**
 * The same shape against a real repository and store:
 * `await handling(repo, store).givenStream(id, events).when(command).then(events)` —
 * seeds the aggregate's stream, handles the command, and compares the events the store now holds.
 */
export function handling<C>(repository: RepositoryLike<C>, store: StoreLike) {
  return {
    givenStream(id: string, history: { type: string; data: unknown }[] = []) {
      const streamId = repository.streamId(id);
      const seeded = (async () => {
        if (history.length > 0) await store.appendToStream(streamId, history as never, { expectedRevision: 'no_stream' });
      })();
      const appendedAfter = async (count: number) => {
        const all: { type: string; data: unknown }[] = [];
        for await (const e of store.readStream(streamId)) all.push({ type: e.type, data: e.data });
        return all.slice(count);
      };
      return {
        when(command: C) {
          return {
            async then(...expected: { type: string; data: unknown }[]): Promise<void> {
              await seeded;
              await repository.handle(id, command);
              expect(await appendedAfter(history.length)).toEqual(expected);
            },
            async thenThrows(expected: ErrorMatcher): Promise<void> {
              await seeded;
              const error = await repository.handle(id, command).then(
                () => undefined,
                (e: unknown) => e,
              );
              assertThrows(() => {
                if (error) throw error;
              }, expected);
              expect(await appendedAfter(history.length)).toEqual([]);
            },
          };
        },
      };
    },
  };
}
