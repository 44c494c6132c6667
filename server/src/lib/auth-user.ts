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

/**
 * A paired front-desk screen: it acts for one salon only, and only where a
 * route allows kiosks (`config.kiosk`); everywhere else its token is refused.
 */
export interface KioskPrincipal {
  kioskId: number;
  salonId: number;
}

/** Who acts on a route that both the salon's owner and its kiosks may use. */
export type FrontDeskActor = { kind: 'user'; user: AuthUser } | { kind: 'kiosk'; kiosk: KioskPrincipal };
