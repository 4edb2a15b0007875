import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IdentityErrorCodes } from '@chronicle/identity-contracts';
import { PlatformErrorCodes } from '@chronicle/messaging';
import { handleWhen, retry, ExponentialBackoff } from 'cockatiel';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';
import { ADMIN_ROLE } from '../http/gateway-request';
import { IdentityClient, type CallContext } from '../identity/identity.client';

/** Namespace of the bootstrap's deterministic command ids: a second start sends the very same commands. */
const BOOTSTRAP_NAMESPACE = '2f5c8f0e-3b0c-4d7e-9a51-6f0f7c1d2b44';

const codeOf = (error: unknown): unknown => (error as { code?: unknown })?.code;
const transient = new Set<unknown>([PlatformErrorCodes.SERVICE_UNAVAILABLE, PlatformErrorCodes.TIMEOUT, PlatformErrorCodes.PROJECTION_LAGGING]);
/** Services may start in any order: keep trying while they are not up yet. */
const untilServicesAnswer = retry(
  handleWhen((error) => transient.has(codeOf(error))),
  { maxAttempts: Number.MAX_SAFE_INTEGER, backoff: new ExponentialBackoff({ initialDelay: 200, maxDelay: 5_000 }) },
);

/**
 * On start, makes sure CHRONICLE_ADMIN_EMAIL exists and holds the `admin` role. Idempotent: the
 * commands have ids derived from the email, so identity-command answers a repeat with the first reply.
 * It runs in the background (the gateway may start before the services); readiness waits for it.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AdminBootstrap.name);
  private readonly abort = new AbortController();
  private state: 'running' | 'done' | 'failed' = 'running';

  constructor(
    private readonly identity: IdentityClient,
    @Inject(gatewayConfig.KEY) private readonly config: GatewayConfig,
  ) {}

  /** 'done' once the admin exists with the admin role. */
  get status(): 'running' | 'done' | 'failed' {
    return this.state;
  }

  onApplicationBootstrap(): void {
    untilServicesAnswer.execute(() => this.ensureAdmin(), this.abort.signal).then(
      () => (this.state = 'done'),
      (error: unknown) => {
        if (this.abort.signal.aborted) return;
        this.state = 'failed';
        this.logger.error(`Could not create the admin user: ${(error as Error).message}`);
      },
    );
  }

  onApplicationShutdown(): void {
    this.abort.abort();
  }

  private async ensureAdmin(): Promise<void> {
    const { email, password } = this.config.admin;
    const context = (purpose: string): CallContext => ({ correlationId: `bootstrap-${uuidv7()}`, commandId: uuidv5(`${purpose}:${email.toLowerCase()}`, BOOTSTRAP_NAMESPACE) });
    const roleId = await this.ensure(
      () => this.identity.command('createRole', { name: ADMIN_ROLE, permissions: ['*'] }, context('role')),
      IdentityErrorCodes.ROLE_NAME_TAKEN,
      async () => (await this.identity.listRoles(context('find-role'))).items.find((role) => role.name === ADMIN_ROLE)?.id,
    );
    const userId = await this.ensure(
      () => this.identity.command('createUser', { email, name: 'Administrator', password }, context('user')),
      IdentityErrorCodes.USER_EMAIL_TAKEN,
      async () => (await this.identity.listUsers({ email }, context('find-user'))).items.find((user) => user.email.toLowerCase() === email.toLowerCase())?.id,
    );
    await this.identity.command('assignRole', { roleId, userId }, context(`assign:${roleId}:${userId}`));
    this.logger.log(`Admin ${email} holds the ${ADMIN_ROLE} role`);
  }

  /** Creates, or finds what someone else already created under that unique name. */
  private async ensure(create: () => Promise<{ id: string }>, takenCode: string, find: () => Promise<string | undefined>): Promise<string> {
    try {
      return (await create()).id;
    } catch (error) {
      if (codeOf(error) !== takenCode) throw error;
      const id = await find();
      // Taken, but not in the read model yet: retried as a lagging projection.
      if (!id) throw Object.assign(new Error(`${takenCode}: not visible yet`), { code: PlatformErrorCodes.PROJECTION_LAGGING });
      return id;
    }
  }
}
