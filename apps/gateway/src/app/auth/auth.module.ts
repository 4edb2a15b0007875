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
      useFactory: (config: GatewayConfig) => ({ secret: config.jwt.secret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, AdminBootstrap],
  exports: [AuthService, AdminBootstrap],
})
export class AuthModule {}
