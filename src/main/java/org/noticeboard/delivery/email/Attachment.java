package org.noticeboard.delivery.email;

import io.vertx.core.buffer.Buffer;

/** A file from the attachment table, loaded for one batch of emails. */
public record Attachment(long id, long organisationId, String filename, String contentType, Buffer data) {}
