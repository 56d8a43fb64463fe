package io.pulmo.common.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path tmp;

    private static java.util.List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeCreatesParentsAndLeavesNoTemporaryFile() throws IOException {
        Path target = tmp.resolve("a/b/run.json");

        AtomicFiles.write(target, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(target).hasContent("{}");
        assertThat(names(target.getParent())).containsExactly("run.json");
    }

    @Test
    void overwriteReplacesTheContentAndLeavesNoTemporaryFile() throws IOException {
        Path target = tmp.resolve("state.json");
        AtomicFiles.write(target, "first, longer content".getBytes(StandardCharsets.UTF_8));

        AtomicFiles.write(target, "second".getBytes(StandardCharsets.UTF_8));

        assertThat(target).hasContent("second");
        assertThat(names(tmp)).containsExactly("state.json");
    }

    @Test
    void moveReplacesAnExistingTarget() throws IOException {
        Path from = Files.writeString(tmp.resolve("last.zip.tmp"), "new");
        Path to = Files.writeString(tmp.resolve("last.zip"), "old");

        AtomicFiles.move(from, to);

        assertThat(to).hasContent("new");
        assertThat(from).doesNotExist();
    }

    @Test
    @org.junit.jupiter.api.condition.DisabledOnOs(org.junit.jupiter.api.condition.OS.WINDOWS)
    void writtenFilesHaveTheUsualPermissionsNotOwnerOnly() throws IOException {
        Path plain = Files.writeString(tmp.resolve("plain.json"), "{}");
        Path atomic = tmp.resolve("run.json");

        AtomicFiles.write(atomic, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(Files.getPosixFilePermissions(plain));
    }
}
