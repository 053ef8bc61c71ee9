package org.fedmed.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.study.StudySpecBuilder;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.KeyType;
import org.fedmed.study.keys.StudyKey;
import org.fedmed.study.keys.StudyKeys;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The study keys as command-line options, generated from {@link StudyKeys} so that the command line
 * cannot drift from run specs and federation.yaml: {@code lr} is {@code --lr}, {@code dp_clip} is
 * {@code --dp-clip}, a boolean {@code x} is {@code --x} / {@code --no-x}, {@code params} is
 * {@code --param KEY=VALUE} (repeatable). Values are taken as text and converted by the key's type,
 * so {@code --lr abc} fails with the key's own message.
 */
final class StudyOptions {

    private StudyOptions() {
    }

    /** Adds one option per study key (the {@code data} section is file-only) to {@code command}. */
    static void install(CommandSpec command) {
        for (StudyKey k : StudyKeys.ALL) {
            if (k.type() == KeyType.SECTION) {
                continue;
            }
            List<String> names = new ArrayList<>();
            names.add(k.option());
            k.aliases().forEach(a -> names.add(StudyKey.optionName(a)));
            OptionSpec.Builder o = OptionSpec.builder(names.toArray(String[]::new))
                    .description(k.doc() + " (default: " + k.defaultValue() + ")")
                    .paramLabel(label(k.type()));
            switch (k.type()) {
                case BOOLEAN -> o.type(Boolean.class).arity("0").negatable(true);
                case PARAMS -> o.type(Map.class).auxiliaryTypes(String.class, String.class);
                default -> o.type(String.class);
            }
            command.addOption(o.build());
        }
    }

    /** Applies every study option given on the command line to {@code b}, over whatever a run spec set. */
    static void apply(CommandSpec command, StudySpecBuilder b) {
        Map<String, Object> given = new LinkedHashMap<>();
        for (StudyKey k : StudyKeys.ALL) {
            OptionSpec o = command.findOption(k.option());
            if (o != null && command.commandLine().getParseResult().hasMatchedOption(o)) {
                given.put(k.name(), o.getValue());
            }
        }
        StudyKeys.apply(b, given, KeySource.commandLine());
    }

    private static String label(KeyType type) {
        return switch (type) {
            case WHOLE -> "N";
            case NUMBER -> "X";
            case PATH -> "DIR";
            case WHOLE_LIST -> "N1,N2,...";
            case NUMBER_LIST -> "X1,X2,...";
            case PARAMS -> "KEY=VALUE";
            default -> "VALUE";
        };
    }
}
