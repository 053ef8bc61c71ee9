package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.fedmed.study.keys.KeyType;
import org.fedmed.study.keys.StudyKey;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every study key is accepted alike by the command line, a run-spec file and federation.yaml's study
 * section, and the same value gives the same study; wrong input names the key and where it came from.
 */
class StudyKeysTableTest {

    @TempDir
    Path dir;

    @Test
    void everyKeyIsAcceptedByTheCommandLineARunSpecAndFederationYamlAlike() throws IOException {
        int checked = 0;
        for (StudyKey k : StudyKeys.ALL) {
            Map<String, Object> settings = withCompanions(k);
            StudySpec fromFile = RunSpecFile.read(yaml("spec-" + k.name() + ".yaml", settings)).build();
            StudySpec fromFederation = federation(settings).study();
            assertSame(k, fromFile, fromFederation, "run spec", "federation.yaml");
            if (k.type() != KeyType.SECTION) {
                StudySpec fromCli = cli(settings).build();
                assertSame(k, fromFile, fromCli, "run spec", "command line");
                // a path resolves against the spec file's folder in a file and the working folder on the command line
                if (k.type() != KeyType.PATH) {
                    assertEquals(StudyKeys.fingerprint(fromFile), StudyKeys.fingerprint(fromCli), k.name());
                }
            }
            assertNotEquals(k.read().apply(new StudySpecBuilder().build()), k.read().apply(fromFile),
                    k.name() + ": the example must differ from the default, or this test proves nothing");
            checked++;
        }
        assertEquals(StudyKeys.ALL.size(), checked);
    }

    @Test
    void theCommandLineHasOneOptionPerKeyAndNoStudyOptionOutsideTheTable() {
        CommandLine.Model.CommandSpec simulate = FedMed.commandLine().getSubcommands().get("simulate").getCommandSpec();
        for (StudyKey k : StudyKeys.ALL) {
            assertEquals(k.type() != KeyType.SECTION, simulate.findOption(k.option()) != null, k.option());
        }
        List<String> others = new ArrayList<>();
        simulate.options().forEach(o -> {
            String name = o.longestName().replaceFirst("^--", "").replace('-', '_');
            if (StudyKeys.find(name).isEmpty() && !name.equals("param")) {
                others.add(o.longestName());
            }
        });
        assertEquals(List.of("--config", "--mu", "--out", "--no-onnx", "--help", "--version"), others.stream().sorted((a, b) ->
                List.of("--config", "--mu", "--out", "--no-onnx", "--help", "--version").indexOf(a)
                        - List.of("--config", "--mu", "--out", "--no-onnx", "--help", "--version").indexOf(b)).toList());
    }

    @Test
    void aWrongTypeIsOneLineNamingTheKeyAndTheFileOrOption() throws IOException {
        Path spec = yaml("bad.yaml", Map.of("balance_classes", "ture"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunSpecFile.read(spec));
        assertEquals("run spec " + spec + ": balance_classes must be true or false, got 'ture'", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> federation(Map.of("balance_classes", "ture")));
        assertTrue(e.getMessage().contains("study.balance_classes must be true or false, got 'ture'"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> cli(Map.of("lr", "abc")));
        assertEquals("option --lr must be a number, got 'abc'", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> federation(Map.of("rounds", 0)));
        assertTrue(e.getMessage().contains("study.rounds must be positive, got 0"), e.getMessage());
    }

    @Test
    void anUnknownKeyIsAnErrorNamingItAndWhereItCameFrom() throws IOException {
        Path spec = yaml("typo.yaml", Map.of("lr_shedule", "cosine"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunSpecFile.read(spec));
        assertTrue(e.getMessage().startsWith("run spec " + spec + ": unknown key 'lr_shedule'; known: dataset,"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> federation(Map.of("lr_shedule", "cosine")));
        assertTrue(e.getMessage().contains("unknown key 'study.lr_shedule'"), e.getMessage());
    }

    @Test
    void anUnknownStrategyParameterIsRefusedNamingTheParameterAndTheOption() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cli(Map.of("strategy", "fedavgm", "params", Map.of("server_momentun", 0.5))).build());
        assertEquals("option --param: strategy fedavgm has no parameter 'server_momentun' (its parameters: server_lr,"
                + " server_momentum)", e.getMessage());
        Path spec = yaml("params.yaml", Map.of("strategy", "fedavg", "params", Map.of("mu", 0.1)));
        e = assertThrows(IllegalArgumentException.class, () -> RunSpecFile.read(spec).build());
        assertTrue(e.getMessage().startsWith("run spec " + spec + ": params: strategy fedavg has no parameter 'mu'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> federation(Map.of("strategy", "fedprox", "params", Map.of("eta", 0.1))));
        assertTrue(e.getMessage().contains("study.params: strategy fedprox has no parameter 'eta'"), e.getMessage());
    }

    @Test
    void oldSpellingsAreAcceptedAsAliases() throws IOException {
        StudySpec a = RunSpecFile.read(yaml("old.yaml", Map.of("schedule", "cosine"))).build();
        StudySpec b = cli(Map.of("lr_schedule", "cosine")).build();
        assertEquals("cosine", a.schedule());
        assertEquals(a.schedule(), b.schedule());
    }

    @Test
    void theFingerprintChangesWhenAnyStudyDefiningKeyChanges() {
        String base = config(Map.of()).fingerprint();
        int checked = 0;
        for (StudyKey k : StudyKeys.ALL) {
            if (!k.definesStudy()) {
                continue;
            }
            Map<String, Object> without = withCompanions(k);
            without.remove(k.name());
            if (k.name().startsWith("dp_")) {
                without = dpBase();
            }
            if (k.example() instanceof Boolean flag) {
                // a runtime may default to the example (a deployment's dp_seeded_noise is false): compare against the opposite
                without = new LinkedHashMap<>(withCompanions(k));
                without.put(k.name(), !flag);
            }
            String before = without.isEmpty() ? base : config(without).fingerprint();
            assertNotEquals(before, config(withCompanions(k)).fingerprint(), k.name() + " must change the fingerprint");
            checked++;
        }
        assertTrue(checked > 30, "every study-defining key checked: " + checked);
    }

    // ---- the three ways of giving a study, fed the same settings

    /** The key's example with what it needs to make a valid study (DP keys need a clip norm and a noise). */
    private static Map<String, Object> withCompanions(StudyKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (k.name().startsWith("dp_")) {
            m.putAll(dpBase());
            if (k.name().equals("dp_layer_noise")) {
                m.remove("dp_noise");
            }
            if (k.name().equals("dp_epsilon")) {
                m.put("dp_noise", 5.0);
            }
        }
        if (k.name().equals("params")) {
            m.put("strategy", "fedprox");
        }
        if ((k.name().startsWith("secure_") && !k.name().equals("secure_aggregation")) || k.name().equals("site_dropout")) {
            m.put("secure_aggregation", "secagg+");
        }
        if (k.name().equals("reward_pool")) {
            m.put("contribution", StudyKeys.find("contribution").orElseThrow().example());
        }
        if (k.name().startsWith("explain_")) {
            m.put("explain", true);
        }
        if (k.name().equals("malicious")) {
            m.put("attack", StudyKeys.find("attack").orElseThrow().example());
        }
        if (k.name().equals("rocket_kernels")) {
            m.put("model", "rocket");
        }
        if (k.name().equals("site_files")) {
            m.put("data", StudyKeys.find("data").orElseThrow().example());
        }
        if (k.name().equals("augment")) {
            m.put("model", "cnn");
        }
        if (k.name().equals("validation_share")) {
            m.put("target_sensitivity", StudyKeys.find("target_sensitivity").orElseThrow().example());
        }
        m.put(k.name(), k.example());
        return m;
    }

    private static Map<String, Object> dpBase() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dp_clip", 0.5);
        m.put("dp_noise", 1.5);
        return m;
    }

    private static void assertSame(StudyKey k, StudySpec a, StudySpec b, String aName, String bName) {
        Object va = k.read().apply(a);
        Object vb = k.read().apply(b);
        if (va instanceof Path pa && vb instanceof Path pb) {
            assertEquals(pa.getFileName(), pb.getFileName(), k.name());
        } else if (va instanceof Map<?, ?> ma && vb instanceof Map<?, ?> mb && ma.values().stream().allMatch(Path.class::isInstance)) {
            // paths resolve against each file's folder: the same names in the same places
            assertEquals(ma.keySet(), mb.keySet(), k.name());
            ma.forEach((site, p) -> assertEquals(((Path) p).getFileName(), ((Path) mb.get(site)).getFileName(), k.name()));
        } else {
            assertEquals(va, vb, k.name() + ": " + aName + " and " + bName + " disagree");
        }
    }

    private Path yaml(String name, Map<String, Object> settings) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, new ObjectMapper(new YAMLFactory()).writeValueAsString(settings));
        return f;
    }

    private CoordinatorConfig federation(Map<String, Object> study) {
        return config(study);
    }

    private static CoordinatorConfig config(Map<String, Object> study) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provisioning", "fed");
        m.put("study", study);
        return CoordinatorConfig.fromMap(m, Path.of("/tmp/fedmed-keys"));
    }

    /** The simulate command's study as the given settings written as options. */
    private static StudySpecBuilder cli(Map<String, Object> settings) {
        List<String> args = new ArrayList<>(List.of("simulate"));
        settings.forEach((key, v) -> {
            String option = StudyKey.optionName(key);
            if (v instanceof Boolean b) {
                args.add(b ? option : option.replaceFirst("^--", "--no-"));
            } else if (v instanceof Map<?, ?> params) {
                params.forEach((p, x) -> args.addAll(List.of("--param", p + "=" + x)));
            } else if (v instanceof List<?> list) {
                args.addAll(List.of(option, String.join(",", list.stream().map(String::valueOf).toList())));
            } else {
                args.addAll(List.of(option, String.valueOf(v)));
            }
        });
        CommandLine cl = FedMed.commandLine();
        cl.parseArgs(args.toArray(String[]::new));
        SimulateCommand simulate = cl.getSubcommands().get("simulate").getCommand();
        return simulate.builder();
    }
}
