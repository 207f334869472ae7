/**
 * The JSON usage record, read and written in one place:
 * {@link dev.llmlab.core.usage.UsageRecords} holds its field names, reads and validates a record
 * into a {@link dev.llmlab.core.usage.UsageRecord} (or refuses it with a
 * {@link dev.llmlab.core.usage.UsageRecordException} naming the field), and writes the usage fields
 * of every output. It reads JSON text with the core's own reader, or any parsed object through a
 * {@link dev.llmlab.core.usage.JsonObjectView}, and writes to any
 * {@link dev.llmlab.core.usage.JsonObjectWriter}: the CLI, the server and the tracker all go
 * through it.
 */
package dev.llmlab.core.usage;
