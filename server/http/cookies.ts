import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import type { Config } from '../config.js';

/**
 * Cookie names and attributes. Under TLS every cookie is `__Host-` (Secure, Path=/, no Domain), so
 * no subdomain can set or read it. Values are random and opaque: no id, email or name (P15).
 */
export function cookieNames(config: Config) {
  const prefix = config.isSecure ? '__Host-' : '';
  return {
    session: `${prefix}candor_session`,
    remember: `${prefix}candor_remember`,
    mfa: `${prefix}candor_mfa`,
  } as const;
}

function base(config: Config): CookieSerializeOptions {
  return { path: '/', httpOnly: true, secure: config.isSecure, sameSite: 'lax' };
}

/** The session cookie has no Expires or Max-Age: it ends when the browser does (P12). */
export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(cookieNames(config).session, token, base(config));
}

/** The "keep me signed in" cookie is the one that persists, for the device's lifetime (P13). */
export function setRememberCookie(reply: FastifyReply, config: Config, value: string): void {
  reply.setCookie(cookieNames(config).remember, value, { ...base(config), maxAge: Math.floor(config.session.rememberMs / 1000) });
}

/** How long a pending MFA challenge's cookie lives. */
export const MFA_COOKIE_SECONDS = 300;

/** Carries a pending MFA challenge for five minutes; strict, since only Candor's own page posts the code. */
export function setMfaCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(cookieNames(config).mfa, token, { ...base(config), sameSite: 'strict', maxAge: MFA_COOKIE_SECONDS });
}

export function clearCookie(reply: FastifyReply, config: Config, which: 'session' | 'remember' | 'mfa'): void {
  reply.clearCookie(cookieNames(config)[which], base(config));
}
