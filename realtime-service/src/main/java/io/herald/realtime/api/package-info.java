/**
 * The server HTTP API with a server API key: publish and broadcast ({@code PublishController}), ending a user's
 * sessions ({@code DisconnectController}) and carrying out the session commands every instance receives
 * ({@code SessionCommands}).
 */
package io.herald.realtime.api;
