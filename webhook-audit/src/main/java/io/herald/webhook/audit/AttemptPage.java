package io.herald.webhook.audit;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A page of audit rows, newest first.
 *
 * @param items rows
 * @param page  0-based page
 * @param size  page size
 * @param total matching rows
 */
@Serdeable
public record AttemptPage(List<AttemptView> items, int page, int size, long total) {
}
