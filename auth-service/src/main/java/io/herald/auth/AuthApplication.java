package io.herald.auth;

import io.herald.auth.security.MissingSettingException;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.security.SecuritySchemes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the Herald auth-service process ({@code java -jar auth-service/target/auth-service-<version>.jar}).
 */
@OpenAPIDefinition(info = @Info(title = "Herald auth-service", version = "0.1.0",
    description = "Users, API keys, socket tokens (ES256 JWT), session cookie and JWKS. Every error is "
        + "application/problem+json."))
@SecuritySchemes({
    @SecurityScheme(name = "adminKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = "Authorization", description = "'apikey <HERALD_ADMIN_KEY>'"),
    @SecurityScheme(name = "serverApiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = "Authorization", description = "'apikey <one of HERALD_SERVER_API_KEY>'"),
    @SecurityScheme(name = "serverXApiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = "X-API-Key", description = "one of HERALD_SERVER_API_KEY")
})
public final class AuthApplication {

    private AuthApplication() {
    }

    /**
     * Starts the service; configuration comes from environment variables (see the README).
     *
     * @param args command-line arguments, passed to Micronaut
     */
    public static void main(String[] args) {
        new Launcher().args(args).banner(false).start();
    }

    /** Reports a missing required setting in one line instead of a stack trace. */
    private static final class Launcher extends Micronaut {

        private static final Logger LOG = LoggerFactory.getLogger(AuthApplication.class);

        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            for (Throwable t = exception; t != null; t = t.getCause()) {
                if (t instanceof MissingSettingException missing) {
                    LOG.error("auth-service cannot start: {}", missing.getMessage());
                    System.exit(2);
                }
            }
            super.handleStartupException(environment, exception);
        }
    }
}
