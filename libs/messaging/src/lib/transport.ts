import { Transport, type ClientOptions, type MicroserviceOptions } from '@nestjs/microservices';

export interface ServiceEndpoint {
  /** TCP host/port of the service (used when no NATS URL is given). */
  host: string;
  port: number;
  /** With a NATS URL, every service talks over NATS instead (same patterns, same handlers). */
  natsUrl?: string;
  /** NATS queue group: replicas of one service share the requests. */
  queue: string;
}

/** Server side of a service: TCP by default, NATS when configured. */
export function serverTransport(endpoint: ServiceEndpoint): MicroserviceOptions {
  return endpoint.natsUrl
    ? { transport: Transport.NATS, options: { servers: [endpoint.natsUrl], queue: endpoint.queue } }
    : { transport: Transport.TCP, options: { host: endpoint.host, port: endpoint.port } };
}

/** Client side matching `serverTransport`. */
export function clientTransport(endpoint: ServiceEndpoint): ClientOptions {
  return endpoint.natsUrl
    ? { transport: Transport.NATS, options: { servers: [endpoint.natsUrl] } }
    : { transport: Transport.TCP, options: { host: endpoint.host, port: endpoint.port } };
}
