package dev.llmlab.core.pricing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log records of one class while attached (System.Logger goes to java.util.logging in tests),
 * to check what an operator would read.
 */
final class LogLines extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());

    private LogLines(Logger logger) {
        this.logger = logger;
    }

    static LogLines of(Class<?> type) {
        LogLines l = new LogLines(Logger.getLogger(type.getName()));
        l.logger.addHandler(l);
        return l;
    }

    /** @return the messages logged at this level exactly */
    List<String> at(Level level) {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).toList();
        }
    }

    /** @return every record logged with an exception attached */
    List<LogRecord> withThrowable() {
        synchronized (records) {
            return records.stream().filter(r -> r.getThrown() != null).toList();
        }
    }

    void clear() {
        records.clear();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
