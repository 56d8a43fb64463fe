package io.pulmo.ct3d.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The direction convention and the irc ↔ xyz maps.
 *
 * <p>ITK's {@code MetaImageIO::ReadImageInformation} reads {@code TransformMatrix} in groups of {@code NDims}
 * numbers, group {@code ii} becoming {@code SetDirection(ii, axis)}, the direction of array axis {@code ii}; and
 * {@code ImageFileReader} stores it as column {@code ii} of the image's direction matrix
 * ({@code direction[j][i] = axis[j]}, "direction cosines are stored as columns"). SimpleITK's
 * {@code GetDirection()} flattens that matrix row by row. So for a header {@code TransformMatrix = a b c d e f g h
 * i}, {@code GetDirection()} is {@code (a, d, g, b, e, h, c, f, i)}: the transpose of the numbers read row-major.
 */
class GeometryTest {

    @TempDir
    Path dir;

    /** A rotation of 30° about the unit axis (1, 2, 2)/3: no entry is zero and D ≠ Dᵀ. */
    static double[] tiltedRotation() {
        double ux = 1 / 3.0, uy = 2 / 3.0, uz = 2 / 3.0;
        double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30)), t = 1 - c;
        return new double[] {
            c + ux * ux * t, ux * uy * t - uz * s, ux * uz * t + uy * s,
            uy * ux * t + uz * s, c + uy * uy * t, uy * uz * t - ux * s,
            uz * ux * t - uy * s, uz * uy * t + ux * s, c + uz * uz * t,
        };
    }

    @Test
    void theRotationIsNotSymmetric() {
        double[] d = tiltedRotation();
        assertThat(d[1]).isNotCloseTo(d[3], within(0.1));
        assertThat(d[2]).isNotCloseTo(d[6], within(0.1));
    }

    @Test
    void aTransformMatrixIsReadAsItkReadsIt() throws Exception {
        // the numbers as a header writes them: (0, 1, 0) first = the x axis of the array points along +y
        Files.write(dir.resolve("d.raw"), new byte[2 * 3 * 4]);
        Files.writeString(dir.resolve("d.mhd"), "ObjectType = Image\nNDims = 3\nBinaryData = True\n"
                + "BinaryDataByteOrderMSB = False\nCompressedData = False\n"
                + "TransformMatrix = 0 1 0 -1 0 0 0 0 1\nOffset = 10 20 30\nElementSpacing = 2 3 4\n"
                + "DimSize = 2 3 4\nElementType = MET_UCHAR\nElementDataFile = d.raw\n");
        Geometry g = MetaImageHeader.read(dir.resolve("d.mhd")).geometry();
        // SimpleITK: GetDirection() == (0, -1, 0, 1, 0, 0, 0, 0, 1), the transpose of the numbers as written
        assertThat(g.direction()).containsExactly(0, -1, 0, 1, 0, 0, 0, 0, 1);
        // one step along col (x) moves by spacing_x along the FIRST three numbers: +y
        assertThat(g.toXyz(new IrcIndex(0, 0, 1))).isEqualTo(new XyzMm(10, 22, 30));
        // one step along row (y) moves along the second three numbers: -x
        assertThat(g.toXyz(new IrcIndex(0, 1, 0))).isEqualTo(new XyzMm(7, 20, 30));
        assertThat(g.toXyz(new IrcIndex(1, 0, 0))).isEqualTo(new XyzMm(10, 20, 34));
    }

    @Test
    void theWriterStoresTheColumnsAndTheReaderGetsDBack() {
        Geometry g = new Geometry(new XyzMm(-150.5, 12.25, -310), new XyzMm(0.7, 0.8, 2.5), tiltedRotation());
        Path f = dir.resolve("rot.mhd");
        MetaImage.ofShorts(2, 2, 2, g, new short[8]).write(f);
        Geometry back = MetaImageHeader.read(f).geometry();
        assertThat(back).isEqualTo(g);
        double[] d = g.direction();
        String written = readField(f, "TransformMatrix");
        assertThat(written.split(" ")[1]).isEqualTo(MetaImage.number(d[3])); // second number = D[1][0]
    }

    private static String readField(Path f, String key) {
        try {
            return Files.readAllLines(f).stream().filter(l -> l.startsWith(key + " = ")).findFirst().orElseThrow()
                    .substring(key.length() + 3);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void ircToXyzFollowsTheFormula() {
        double[] d = tiltedRotation();
        Geometry g = new Geometry(new XyzMm(-100, 50, -300), new XyzMm(0.7, 0.9, 2.5), d);
        XyzMm p = g.toXyz(new IrcIndex(4, 6, 10));
        double vx = 10 * 0.7, vy = 6 * 0.9, vz = 4 * 2.5;
        assertThat(p.x()).isCloseTo(d[0] * vx + d[1] * vy + d[2] * vz - 100, within(1e-9));
        assertThat(p.y()).isCloseTo(d[3] * vx + d[4] * vy + d[5] * vz + 50, within(1e-9));
        assertThat(p.z()).isCloseTo(d[6] * vx + d[7] * vy + d[8] * vz - 300, within(1e-9));
    }

    @Test
    void coordinatesRoundTripUnderANonSymmetricDirection() {
        Geometry g = new Geometry(new XyzMm(-198.1, -195, -335.21), new XyzMm(0.76, 0.76, 2.5), tiltedRotation());
        for (int i = -3; i < 40; i += 7) {
            for (int r = 0; r < 512; r += 61) {
                for (int c = 0; c < 512; c += 47) {
                    IrcIndex irc = new IrcIndex(i, r, c);
                    assertThat(g.toIrc(g.toXyz(irc))).isEqualTo(irc);
                    double[] f = g.toIrcFractional(g.toXyz(i + 0.3, r - 0.2, c + 0.45));
                    assertThat(f[0]).isCloseTo(i + 0.3, within(1e-9));
                    assertThat(f[1]).isCloseTo(r - 0.2, within(1e-9));
                    assertThat(f[2]).isCloseTo(c + 0.45, within(1e-9));
                }
            }
        }
    }

    @Test
    void theBooksRightMultiplicationOnlyWorksForSymmetricDirections() {
        double[] d = tiltedRotation();
        Geometry g = new Geometry(XyzMm.ZERO, new XyzMm(1, 1, 1), d);
        XyzMm p = g.toXyz(new IrcIndex(0, 0, 100));
        // book: cri = (xyz - origin) @ inv(D); for a rotation inv(D) = Dᵀ, so cri_j = sum_k p_k Dᵀ[k][j] = (D p)_j
        double[] book = {
            d[0] * p.x() + d[1] * p.y() + d[2] * p.z(),
            d[3] * p.x() + d[4] * p.y() + d[5] * p.z(),
            d[6] * p.x() + d[7] * p.y() + d[8] * p.z(),
        };
        assertThat(book[0]).isNotCloseTo(100, within(1.0)); // wrong col
        assertThat(g.toIrc(p)).isEqualTo(new IrcIndex(0, 0, 100)); // right

        Geometry flipped = new Geometry(XyzMm.ZERO, new XyzMm(1, 1, 1), new double[] {-1, 0, 0, 0, -1, 0, 0, 0, 1});
        assertThat(flipped.toIrc(flipped.toXyz(new IrcIndex(3, 4, 5)))).isEqualTo(new IrcIndex(3, 4, 5));
    }

    @Test
    void roundingIsHalfToEvenAsNumpy() {
        Geometry g = Geometry.identity(XyzMm.ZERO, new XyzMm(1, 1, 1));
        assertThat(g.toIrc(new XyzMm(2.5, 3.5, -0.5))).isEqualTo(new IrcIndex(0, 4, 2));
    }

    @Test
    void badGeometriesAreRejected() {
        assertThatThrownBy(() -> new Geometry(XyzMm.ZERO, new XyzMm(1, 0, 1), new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spacing must be positive");
        assertThatThrownBy(() -> new Geometry(XyzMm.ZERO, new XyzMm(1, 1, 1), new double[] {1, 0, 0, 2, 0, 0, 0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("singular");
        assertThatThrownBy(() -> new XyzMm(Double.NaN, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
