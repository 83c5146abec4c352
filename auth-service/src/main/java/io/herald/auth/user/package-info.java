/**
 * Users: {@link io.herald.auth.user.User} (UUID, e-mail, tenant, optional bcrypt password hash, plan) and
 * {@link io.herald.auth.user.UserService} (create, password check).
 */
package io.herald.auth.user;
