package io.pulmo.ct3d.group;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CandidateWriterTest {

    /** A geometry stand-in: spacing (x, y, z) = (0.5, 0.5, 2) mm, origin (−100, −120, −300), identity direction. */
    private static final UnaryOperator<double[]> IRC_TO_XYZ =
            irc -> new double[] {-100 + 0.5 * irc[2], -120 + 0.5 * irc[1], -300 + 2 * irc[0]};

    @Test
    void writesOneRowPerComponentUnderTheHeader(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("sub/candidates.csv");
        try (CandidateWriter writer = CandidateWriter.open(csv)) {
            writer.write("1.2.3", List.of(new CandidateComponent(1, 27, 2, 3, 4),
                    new CandidateComponent(2, 8, 6.5, 8.5, 10.25)), IRC_TO_XYZ);
            writer.write("4.5.6", List.of(), IRC_TO_XYZ);
            assertThat(writer.rows()).isEqualTo(2);
        }
        assertThat(Files.readAllLines(csv)).containsExactly(
                "seriesuid,coordX,coordY,coordZ,index,row,col,voxels",
                "1.2.3,-98.0000,-118.5000,-296.0000,2.0000,3.0000,4.0000,27",
                "1.2.3,-94.8750,-115.7500,-287.0000,6.5000,8.5000,10.2500,8");
    }

    @Test
    void rejectsBadSeriesAndBadConversions() throws Exception {
        CandidateWriter writer = new CandidateWriter(new StringWriter());
        List<CandidateComponent> one = List.of(new CandidateComponent(1, 1, 0, 0, 0));
        assertThatThrownBy(() -> writer.write("a,b", one, IRC_TO_XYZ)).hasMessageContaining("a,b");
        assertThatThrownBy(() -> writer.write("a", one, irc -> new double[2])).hasMessageContaining("three finite");
        assertThatThrownBy(() -> writer.write("a", one, irc -> new double[] {0, Double.NaN, 0}))
                .hasMessageContaining("three finite");
    }
}
