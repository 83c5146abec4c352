package io.herald.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionCommandTest {

    @Test
    void roundTripsEveryType() {
        for (SessionCommand command : new SessionCommand[] {
            SessionCommand.disconnect("u\"1", 1_700_000_000_123L),
            SessionCommand.revokeKey("u2", "k2", 5),
            SessionCommand.revokeUser("u3", 6)}) {
            assertEquals(command, SessionCommand.parse(command.toJson()));
        }
        assertEquals("{\"type\":\"revoke-key\",\"user\":\"u\",\"apiKeyId\":\"k\",\"at\":7}",
            new String(SessionCommand.revokeKey("u", "k", 7).toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void onlyARevokeKeyCarriesAKeyId() {
        assertNull(new SessionCommand(SessionCommand.Type.DISCONNECT, "u", "k", 1).apiKeyId());
        assertThrows(IllegalArgumentException.class, () -> SessionCommand.revokeKey("u", " ", 1));
        assertThrows(IllegalArgumentException.class, () -> SessionCommand.disconnect("", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "{\"type\":\"disconnect\",\"at\":1}", "{\"type\":\"reboot\",\"user\":\"u\",\"at\":1}",
        "{\"type\":\"disconnect\",\"user\":\"u\"}", "{\"type\":\"revoke-key\",\"user\":\"u\",\"at\":1}"})
    void malformedCommandsAreRefused(String json) {
        assertThrows(IllegalArgumentException.class, () -> SessionCommand.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void controlSubjectsAreBuiltInOnePlace() {
        Subjects subjects = new Subjects("p");
        assertEquals("p.ctl.sessions", subjects.control(SessionCommand.TOPIC));
        assertEquals("p.ctl.>", subjects.allControl());
        assertThrows(IllegalArgumentException.class, () -> subjects.control("a.b"));
        assertThrows(IllegalArgumentException.class, () -> subjects.control(null));
    }
}
