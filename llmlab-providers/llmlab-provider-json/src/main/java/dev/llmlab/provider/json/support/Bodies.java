package dev.llmlab.provider.json.support;

/** What a reader checks of a whole body before reading it. */
public final class Bodies {
    private Bodies() {
    }

    /**
     * @param body the raw body; not null
     * @return true when the body is empty or holds only JSON white space (space, tab, CR, LF)
     */
    public static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
