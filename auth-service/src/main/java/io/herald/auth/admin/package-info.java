/** Admin API ({@code /api/admin/...}, admin key): users and their API keys. */
package io.herald.auth.admin;
