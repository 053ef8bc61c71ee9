package org.fedmed.study.keys;

import java.util.stream.Collectors;

/**
 * The study-key table of README.md and docs/DEPLOYMENT.md, written from {@link StudyKeys}; a test
 * compares the documents with it, so the docs cannot drift from the code.
 */
public final class StudyKeysDoc {

    /** The lines around the table in the documents. */
    public static final String BEGIN = "<!-- study keys: generated from StudyKeys; StudyKeysDocTest checks it -->";
    public static final String END = "<!-- end of study keys -->";

    private StudyKeysDoc() {
    }

    /** The markdown table, one row per key, in table order. */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| key (run spec, federation.yaml `study:`) | command line | value | default | what |\n")
                .append("|---|---|---|---|---|\n");
        for (StudyKey k : StudyKeys.ALL) {
            String name = "`" + k.name() + "`" + (k.aliases().isEmpty() ? ""
                    : " (also " + k.aliases().stream().map(a -> "`" + a + "`").collect(Collectors.joining(", ")) + ")");
            String option = k.type() == KeyType.SECTION ? "file only"
                    : k.type() == KeyType.BOOLEAN ? "`" + k.option() + "` / `" + k.option().replaceFirst("^--", "--no-") + "`"
                    : "`" + k.option() + "`";
            b.append("| ").append(name).append(" | ").append(option).append(" | ").append(cell(k.type().expected()))
                    .append(" | ").append(k.defaultValue()).append(" | ").append(cell(k.doc())).append(" |\n");
        }
        return b.toString();
    }

    /** Markdown cell text: '|' would end the cell and '<x>' would read as an HTML tag. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "\\<");
    }
}
