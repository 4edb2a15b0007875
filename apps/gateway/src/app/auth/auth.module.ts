import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { gatewayConfig, type GatewayConfig } from '../gateway.config';
import { IdentityModule } from '../identity/identity.module';
import { AdminBootstrap } from './admin-bootstrap';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';

@Module({
  imports: [
    IdentityModule,
    JwtModule.registerAsync({
      global: true,
      inject: [gatewayConfig.KEY],
      // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse it
      // as a PEM public key on every sign and verify, which was a tenth of the gateway's CPU per order.
      useFactory: (config: GatewayConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwt.secret)),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, AdminBootstrap],
  exports: [AuthService, AdminBootstrap],
})
export class AuthModule {}
