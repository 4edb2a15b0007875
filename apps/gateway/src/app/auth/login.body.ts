import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';

export class LoginBody {
  @ApiProperty({ example: 'admin@chronicle.local' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'chronicle-admin' })
  @IsString()
  @MaxLength(128)
  password!: string;
}
