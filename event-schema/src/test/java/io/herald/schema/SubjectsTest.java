package io.herald.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NATS subjects are built and parsed by {@link Subjects} only. */
class SubjectsTest {

    static ChannelNamespace[] namespaces() {
        return ChannelNamespace.values();
    }

    @ParameterizedTest
    @MethodSource("namespaces")
    void channelSubjectRoundTrips(ChannelNamespace ns) {
        for (String prefix : new String[] {"herald", "test.run-42_a"}) {
            Subjects subjects = new Subjects(prefix);
            ChannelName c = ChannelName.parse(TestSupport.channel(ns));
            String subject = subjects.channel(c);
            assertEquals(prefix + ".ch." + c.value(), subject);
            assertEquals(Optional.of(c), subjects.channelOf(subject));
            assertEquals(Optional.of(c.value()), subjects.rawChannelOf(subject));
            assertEquals(prefix + ".dlq." + c.value(), subjects.deadLetter(c));
            assertEquals(subjects.deadLetter(c), subjects.deadLetter(c.value()));
        }
    }

    @Test
    void defaults() {
        Subjects s = new Subjects();
        assertEquals("herald", s.prefix());
        assertEquals("herald.ch.>", s.allChannels());
        assertEquals("herald.dlq.>", s.allDeadLetters());
        assertEquals("herald.ch.export.g1.job", s.channel(ChannelName.exportJob("g1")));
    }

    @Test
    void warmUpSubjectsAreOutsideTheChannelsAndPerInstance() {
        Subjects s = new Subjects("test.run1");
        assertEquals("test.run1.warmup.i7.", s.warmUpPrefix("i7"));
        assertEquals("test.run1.warmup.i7.>", s.allWarmUp("i7"));
        assertEquals("test.run1.ch.", s.channelPrefix());
        assertEquals(Optional.empty(), s.channelOf(s.warmUpPrefix("i7") + "job:1"));
        assertThrows(IllegalArgumentException.class, () -> s.warmUpPrefix("a b"));
        assertThrows(IllegalArgumentException.class, () -> s.allWarmUp("a.b"));
        assertThrows(IllegalArgumentException.class, () -> s.allWarmUp(">"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"herald.dlq.job:1", "other.ch.job:1", "herald.ch.", "herald.ch.a..b", "herald.chx.job:1", "herald"})
    void foreignOrBrokenSubjectsHaveNoChannel(String subject) {
        assertEquals(Optional.empty(), new Subjects().channelOf(subject));
    }

    @Test
    void otherPrefixIsNotMine() {
        assertEquals(Optional.empty(), new Subjects("herald").channelOf("test.ch.job:1"));
        assertEquals(Optional.empty(), new Subjects("herald").channelOf(null));
    }

    /** raw channel | sanitised dead-letter token. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "job:1 | job:1",
        "a b | a_b",
        "job:* | job:_",
        "a.> | a._",
        "a..b | a._.b",
        ".a | _.a",
        "a. | a._",
        "'' | _",
        "exports:ü | exports:_",
    })
    void deadLetterSubjectsAreSanitised(String raw, String expected) {
        String subject = new Subjects().deadLetter(raw);
        assertEquals("herald.dlq." + expected, subject);
        String token = subject.substring("herald.dlq.".length());
        assertTrue(ChannelName.isValid(token), token);
    }

    @Test
    void deadLetterOfNullAndHugeNames() {
        assertEquals("herald.dlq._", new Subjects().deadLetter((String) null));
        String huge = "x y".repeat(200);
        String token = new Subjects().deadLetter(huge).substring("herald.dlq.".length());
        assertEquals(ChannelName.MAX_LENGTH, token.length());
        assertTrue(ChannelName.isValid(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "herald.", ".herald", "a..b", "her*ld", "her>", "her ald", "a:b", "a@b"})
    void badPrefixesAreRejected(String prefix) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Subjects(prefix));
        assertTrue(e.getMessage().contains("subject prefix"), e.getMessage());
    }
}
