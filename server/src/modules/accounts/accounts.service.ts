/**
 * Accounts: sign-up, sign-in and owner creation. Emails keep the letter case
 * the person typed (it is theirs to see) but are compared lowercased, the
 * same rule the unique index `users_email_lower_key` enforces, so
 * `Ana@x.com` and `ana@x.com` are one account.
 */
import { ErrorCode, type RegisterBody, type Role, type User as UserDto } from '@glamify/shared';
import { raw } from '@mikro-orm/core';
import { AppError, fromDatabaseError } from '../../errors.ts';
import type { AuthUser } from '../../lib/auth-user.ts';
import { requireRole } from '../../lib/auth-user.ts';
import type { Deps } from '../../lib/deps.ts';
import { hashPassword, verifyPassword } from '../../lib/password.ts';
import { type User, UserEntity } from './user.entity.ts';

export interface AccountsService {
  /** Creates a customer account. Throws EMAIL_TAKEN. */
  register(input: RegisterBody): Promise<UserDto>;
  /** Checks email and password. Throws INVALID_CREDENTIALS, the same way for an unknown email. */
  login(email: string, password: string): Promise<UserDto>;
  /** Creates a salon owner's account; admins only. Throws FORBIDDEN, EMAIL_TAKEN. */
  createOwner(actor: AuthUser, input: RegisterBody): Promise<UserDto>;
  /** The account, or null when it no longer exists. */
  findUser(id: number): Promise<UserDto | null>;
}

/** The public view: never the password hash. */
export function toUserDto(u: Pick<User, 'id' | 'email' | 'name' | 'role'>): UserDto {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

export function createAccountsService(deps: Deps): AccountsService {
  async function createUser(input: RegisterBody, role: Role): Promise<UserDto> {
    // Hash outside the transaction: argon2 is slow on purpose and must not hold a connection.
    const passwordHash = await hashPassword(input.password);
    const em = deps.orm.em.fork();
    const user = em.create(UserEntity, { email: input.email, name: input.name.trim(), role, passwordHash });
    try {
      await em.flush();
    } catch (err) {
      // A concurrent sign-up with the same email loses here, at the unique index.
      throw fromDatabaseError(err) ?? err;
    }
    return toUserDto(user);
  }

  return {
    register: (input) => createUser(input, 'customer'),

    async login(email, password) {
      const em = deps.orm.em.fork();
      const user = await em.findOne(
        UserEntity,
        { [raw('lower(email)')]: email.toLowerCase() },
        { populate: ['passwordHash'] },
      );
      // verifyPassword burns the same argon2 work without a hash, so timing does not tell who exists.
      const ok = await verifyPassword(user?.passwordHash, password);
      if (!user || !ok) throw new AppError(ErrorCode.INVALID_CREDENTIALS, 'Email or password is wrong');
      return toUserDto(user);
    },

    async createOwner(actor, input) {
      requireRole(actor, 'admin');
      return createUser(input, 'owner');
    },

    async findUser(id) {
      const user = await deps.orm.em.fork().findOne(UserEntity, { id });
      return user ? toUserDto(user) : null;
    },
  };
}
