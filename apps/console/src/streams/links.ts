/** The console's URLs, in one place (each view has its own; ids are encoded as path segments). */
export const links = {
  streams: (category?: string) => (category ? `/streams?category=${encodeURIComponent(category)}` : '/streams'),
  stream: (streamId: string, revision?: string | number) => `/streams/${encodeURIComponent(streamId)}${revision === undefined ? '' : `?revision=${revision}`}`,
  state: (streamId: string, revision?: string | number) => `/streams/${encodeURIComponent(streamId)}/state${revision === undefined ? '' : `?revision=${revision}`}`,
  subscription: (name: string) => `/subscriptions/${encodeURIComponent(name)}`,
  saga: (correlationId: string) => `/sagas/${encodeURIComponent(correlationId)}`,
};
