package io.herald.bus.contract;

import io.herald.schema.EventContract;
import io.herald.schema.EventInfo;
import io.herald.schema.ValidationError;
import io.herald.schema.ValidationResult;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link EventCheck} by event-schema's {@link EventContract} (JSON Schema files, the single source of truth).
 */
public final class SchemaEventCheck implements EventCheck {

    private final EventContract contract;

    /** @param contract the loaded contract */
    public SchemaEventCheck(EventContract contract) {
        this.contract = contract;
    }

    @Override
    public Verdict check(String channel, byte[] json) {
        return verdict(contract.validate(channel, json));
    }

    @Override
    public Verdict check(String channel, com.fasterxml.jackson.databind.JsonNode event, byte[] json) {
        return verdict(contract.validate(channel, event));
    }

    private static Verdict verdict(ValidationResult result) {
        EventInfo info = result.event();
        List<String> errors = new ArrayList<>(result.errors().size());
        for (ValidationError error : result.errors()) {
            errors.add(error.pointer() + ": " + error.message());
        }
        // The catalogue declares progress, terminal and reopening types per namespace.
        Lifecycle lifecycle = info == null ? Lifecycle.OTHER : result.progress() ? Lifecycle.PROGRESS
            : result.terminal() ? Lifecycle.TERMINAL : result.reopens() ? Lifecycle.REOPEN : Lifecycle.OTHER;
        return new Verdict(info == null ? null : info.type(), info == null ? null : info.jobKey(), lifecycle,
            List.copyOf(errors), result.valid() ? "[]" : result.errorsJson(), result.mirror());
    }
}
