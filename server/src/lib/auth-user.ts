/**
 * Who is acting, as every transport hands it to the services: the HTTP
 * bearer token and the socket handshake token both verify to an AuthUser.
 */
import { ErrorCode, type Role } from '@glamify/shared';
import { AppError } from '../errors.ts';

export interface AuthUser {
  id: number;
  role: Role;
}

/** Throws FORBIDDEN unless the user has one of the roles. */
export function requireRole(user: AuthUser, ...roles: Role[]): void {
  if (!roles.includes(user.role)) throw new AppError(ErrorCode.FORBIDDEN, `This needs the ${roles.join(' or ')} role`);
}
