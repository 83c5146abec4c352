/**
 * The demo page's server side, which exists only in the platform: {@link io.herald.platform.demo.DemoController}
 * ({@code GET /demo/session}: a socket token for the demo user; {@code POST /demo/publish/{sample}}: sample events of
 * the three products). The server API key stays in the process: the page never sees it. The demo user is created on
 * first start and kept in the state directory ({@code DemoUser}); events go through the public publish API, exactly
 * as an application's backend would send them. Disable with {@code HERALD_DEMO_ENABLED=false}.
 */
package io.herald.platform.demo;
