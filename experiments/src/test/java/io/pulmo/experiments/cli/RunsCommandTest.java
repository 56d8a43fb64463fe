package io.pulmo.experiments.cli;

import io.pulmo.common.runs.RunFixtures;
import io.pulmo.experiments.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pulmo runs} on hand-made run directories. */
class RunsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void listsEveryRunWithStatusAndHeadlineInAlignedColumns() throws Exception {
        Path runs = tmp.resolve("runs");
        RunFixtures.classification(runs.resolve("ablation/baseline"), "0.001", 0.9983, 0.75);
        RunFixtures.run(runs.resolve("live"), "segmentation", "failed", "name: live\n");
        RunFixtures.segmentation(runs.resolve("seg"), 0.71234);

        Fixtures.Cli cli = Fixtures.pulmo("runs", runs.toString());

        assertThat(cli.status()).as(cli.err()).isZero();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("RUN\\s+STATUS\\s+TASK\\s+HEADLINE\\s+END");
        assertThat(lines.get(1))
                .matches("ablation/baseline\\s+finished\\s+classification\\s+auc=0\\.9983\\s+2026-11-22T10:05:00Z");
        assertThat(lines.get(2)).matches("live\\s+failed\\s+segmentation\\s+-\\s+2026-11-22T10:05:00Z");
        assertThat(lines.get(3)).matches("seg\\s+finished\\s+segmentation\\s+dice=0\\.7123\\s+2026-11-22T10:05:00Z");
        for (String column : List.of("STATUS", "TASK", "HEADLINE", "END")) {
            int at = lines.get(0).indexOf(column);
            for (String line : lines.subList(1, 4)) {
                assertThat(line.substring(at - 1, at + 1)).as(column + " starts at column " + at + ": " + line)
                        .matches(" \\S");
            }
        }
    }

    @Test
    void severalDirectoriesAndARunGivenDirectly() throws Exception {
        Path a = RunFixtures.classification(tmp.resolve("a/quick"), "0.001", 0.5, 0.5);
        Path b = tmp.resolve("b");
        RunFixtures.segmentation(b.resolve("unet"), 0.6);

        Fixtures.Cli cli = Fixtures.pulmo("runs", a.toString(), b.toString());

        assertThat(cli.status()).as(cli.err()).isZero();
        assertThat(cli.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList()).containsExactly("quick", "unet");
    }

    @Test
    void noRunsIsOneLineAndExitZero() throws Exception {
        Path none = Files.createDirectories(tmp.resolve("none"));

        Fixtures.Cli cli = Fixtures.pulmo("runs", none.toString());

        assertThat(cli.status()).isZero();
        assertThat(cli.out().strip()).isEqualTo("no runs under " + none);
    }

    @Test
    void aMissingDirectoryIsAOneLineErrorWithStatus2() {
        Fixtures.Cli cli = Fixtures.pulmo("runs", tmp.resolve("nope").toString());

        assertThat(cli.status()).isEqualTo(2);
        assertThat(cli.err()).startsWith("error: ").contains(tmp.resolve("nope").toString()).hasLineCount(1);
        assertThat(cli.out()).isEmpty();
    }
}
