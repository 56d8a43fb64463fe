package io.pulmo.ct3d.load;

import io.pulmo.common.PulmoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.DeflaterOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MetaImage reading and writing: every type, both layouts, both byte orders, compressed or not; and errors. */
class MetaImageTest {

    @TempDir
    Path dir;

    private static final Geometry GEOMETRY = new Geometry(new XyzMm(-198.1, -195.0, -335.21),
            new XyzMm(0.7617189884185791, 0.7617189884185791, 2.5), new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});

    /** 5 × 4 × 3 voxels whose values span the type's range: min, max, zero, negatives, fractions. */
    static Object sample(ElementType type) {
        int n = 5 * 4 * 3;
        Object a = type.newArray(n);
        for (int k = 0; k < n; k++) {
            switch (type) {
                case MET_UCHAR -> ((byte[]) a)[k] = (byte) (k * 37 + (k == 1 ? 255 : 0));
                case MET_CHAR -> ((byte[]) a)[k] = (byte) (k == 0 ? Byte.MIN_VALUE : k == 1 ? Byte.MAX_VALUE : k * 7 - 200);
                case MET_USHORT -> ((short[]) a)[k] = (short) (k == 1 ? 65535 : k * 1021);
                case MET_SHORT -> ((short[]) a)[k] = (short) (k == 0 ? Short.MIN_VALUE : k == 1 ? Short.MAX_VALUE
                        : -1000 + 37 * k);
                case MET_INT -> ((int[]) a)[k] = k == 0 ? Integer.MIN_VALUE : k == 1 ? Integer.MAX_VALUE : -7919 * k;
                case MET_FLOAT -> ((float[]) a)[k] = k == 0 ? -Float.MAX_VALUE : k == 1 ? Float.MIN_VALUE : k * -0.37f;
                case MET_DOUBLE -> ((double[]) a)[k] = k == 0 ? -Double.MAX_VALUE : k == 1 ? Math.PI : k * 1e-300;
            }
        }
        return a;
    }

    static Stream<Arguments> everyLayout() {
        List<Arguments> out = new ArrayList<>();
        for (ElementType type : ElementType.values()) {
            for (String ext : List.of(".mhd", ".mha")) {
                for (boolean compressed : new boolean[] {false, true}) {
                    for (boolean msb : new boolean[] {false, true}) {
                        out.add(Arguments.of(type, ext, compressed, msb));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} compressed={2} msb={3}")
    @MethodSource("everyLayout")
    void roundTripsEveryTypeAndLayout(ElementType type, String ext, boolean compressed, boolean msb) {
        MetaImage image = MetaImage.of(type, 3, 5, 4, 3, GEOMETRY, sample(type));
        Path file = dir.resolve("img" + ext);
        image.write(file, new MetaImage.WriteOptions(compressed, msb));

        MetaImageHeader h = MetaImageHeader.read(file);
        assertThat(h.elementType()).isEqualTo(type);
        assertThat(h.msb()).isEqualTo(msb);
        assertThat(h.compressed()).isEqualTo(compressed);
        assertThat(h.isLocal()).isEqualTo(ext.equals(".mha"));
        if (!h.isLocal()) {
            assertThat(h.elementDataFile()).isEqualTo(compressed ? "img.zraw" : "img.raw");
        }

        MetaImage back = MetaImage.read(file);
        assertThat(back.elementType()).isEqualTo(type);
        assertThat(back.nDims()).isEqualTo(3);
        assertThat(new int[] {back.sizeX(), back.sizeY(), back.sizeZ()}).containsExactly(5, 4, 3);
        assertThat(back.geometry()).isEqualTo(GEOMETRY);
        assertThat(back.array()).isEqualTo(image.array());
        for (int k = 0; k < image.voxelCount(); k++) {
            assertThat(back.value(k)).isEqualTo(image.value(k));
        }
    }

    @Test
    void unsignedTypesReadAsUnsigned() {
        assertThat(MetaImage.of(ElementType.MET_UCHAR, 3, 5, 4, 3, GEOMETRY, sample(ElementType.MET_UCHAR)).value(1))
                .isEqualTo(((37 + 255) & 0xFF));
        assertThat(MetaImage.of(ElementType.MET_USHORT, 3, 5, 4, 3, GEOMETRY, sample(ElementType.MET_USHORT))
                .value(1)).isEqualTo(65535);
    }

    @Test
    void writesLunaHeadersFieldByField() throws Exception {
        short[] hu = {-1024, -1000, 0, 40, 1000, 3071};
        MetaImage.ofShorts(3, 2, 1, GEOMETRY, hu).write(dir.resolve("1.2.3.mhd"));
        assertThat(Files.readAllLines(dir.resolve("1.2.3.mhd"))).containsExactly(
                "ObjectType = Image",
                "NDims = 3",
                "BinaryData = True",
                "BinaryDataByteOrderMSB = False",
                "CompressedData = False",
                "TransformMatrix = 1 0 0 0 1 0 0 0 1",
                "Offset = -198.1 -195 -335.21",
                "CenterOfRotation = 0 0 0",
                "AnatomicalOrientation = RAI",
                "ElementSpacing = 0.7617189884185791 0.7617189884185791 2.5",
                "DimSize = 3 2 1",
                "ElementType = MET_SHORT",
                "ElementDataFile = 1.2.3.raw");
        // little-endian int16 on disk: -1024 = 0xFC00 -> 00 FC
        byte[] raw = Files.readAllBytes(dir.resolve("1.2.3.raw"));
        assertThat(raw).hasSize(12);
        assertThat(raw[0]).isEqualTo((byte) 0x00);
        assertThat(raw[1]).isEqualTo((byte) 0xFC);
    }

    @Test
    void bigEndianPutsTheHighByteFirst() throws Exception {
        MetaImage.ofShorts(1, 1, 1, GEOMETRY, new short[] {0x0102}).write(dir.resolve("b.mhd"),
                new MetaImage.WriteOptions(false, true));
        assertThat(Files.readAllBytes(dir.resolve("b.raw"))).containsExactly(1, 2);
        MetaImage.ofShorts(1, 1, 1, GEOMETRY, new short[] {0x0102}).write(dir.resolve("l.mhd"));
        assertThat(Files.readAllBytes(dir.resolve("l.raw"))).containsExactly(2, 1);
    }

    @Test
    void readsTheAliasesOfOtherWriters() throws Exception {
        // ElementByteOrderMSB, ElementSize instead of ElementSpacing, Position, Orientation, no
        // CompressedDataSize, HeaderSize, lower-case keys and CRLF line ends
        short[] values = {1, -2, 300, -400, 5, 6};
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN);
        for (short v : values) {
            b.putShort(v);
        }
        byte[] data = new byte[7 + 12];
        System.arraycopy(b.array(), 0, data, 7, 12);
        Files.write(dir.resolve("v.dat"), data);
        Files.writeString(dir.resolve("v.mhd"), String.join("\r\n",
                "ObjectType = Image", "NDims = 3", "DimSize = 3 2 1", "ElementType = MET_SHORT",
                "ElementByteOrderMSB = True", "ElementSize = 0.5 0.6 2", "Position = 1 2 3",
                "Orientation = 1 0 0 0 1 0 0 0 1", "headersize = 7", "ElementDataFile = v.dat") + "\r\n");
        MetaImage img = MetaImage.read(dir.resolve("v.mhd"));
        assertThat(img.shorts()).containsExactly(values);
        assertThat(img.geometry().spacing()).isEqualTo(new XyzMm(0.5, 0.6, 2));
        assertThat(img.geometry().origin()).isEqualTo(new XyzMm(1, 2, 3));

        // HeaderSize = -1: the voxels are the file's last bytes
        Files.writeString(dir.resolve("w.mhd"), "NDims = 3\nDimSize = 3 2 1\nElementType = MET_SHORT\n"
                + "BinaryDataByteOrderMSB = True\nHeaderSize = -1\nElementDataFile = v.dat\n");
        assertThat(MetaImage.read(dir.resolve("w.mhd")).shorts()).containsExactly(values);

        // Origin alias, compressed data without CompressedDataSize
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(z)) {
            out.write(new byte[] {9, 8, 7, 6});
        }
        Files.write(dir.resolve("c.zraw"), z.toByteArray());
        Files.writeString(dir.resolve("c.mhd"), "NDims = 2\nDimSize = 2 2\nElementType = MET_UCHAR\n"
                + "Origin = 4 5\nCompressedData = True\nElementDataFile = c.zraw\n");
        MetaImage c = MetaImage.read(dir.resolve("c.mhd"));
        assertThat((byte[]) c.array()).containsExactly(9, 8, 7, 6);
        assertThat(c.geometry().origin()).isEqualTo(new XyzMm(4, 5, 0));
    }

    @Test
    void twoDimensionalImagesRoundTripAndArePaddedAsItkDoes() {
        Geometry g = new Geometry(new XyzMm(1, 2, 0), new XyzMm(0.5, 0.25, 1), new double[] {0, -1, 0, 1, 0, 0, 0, 0, 1});
        MetaImage img = MetaImage.of(ElementType.MET_FLOAT, 2, 3, 2, 1, g, new float[] {1, 2, 3, 4, 5, 6});
        img.write(dir.resolve("s.mha"), new MetaImage.WriteOptions(true, false));
        MetaImageHeader h = MetaImageHeader.read(dir.resolve("s.mha"));
        assertThat(h.nDims()).isEqualTo(2);
        assertThat(h.sizeZ()).isEqualTo(1);
        MetaImage back = MetaImage.read(dir.resolve("s.mha"));
        assertThat(back.floats()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(back.geometry()).isEqualTo(g);
    }

    @Test
    void convertsWhileReading() {
        float[] v = {-40000.7f, -1000.5f, 0.49f, 1000.5f, 40000f, Float.NaN};
        MetaImage.ofFloats(6, 1, 1, GEOMETRY, v).write(dir.resolve("f.mhd"));
        MetaImage s = MetaImage.read(dir.resolve("f.mhd"), ElementType.MET_SHORT);
        assertThat(s.elementType()).isEqualTo(ElementType.MET_SHORT);
        // half away from zero, saturated at the int16 range, NaN -> 0
        assertThat(s.shorts()).containsExactly((short) -32768, (short) -1001, (short) 0, (short) 1001, (short) 32767,
                (short) 0);
        assertThat(MetaImage.ofFloats(6, 1, 1, GEOMETRY, v).toShortArray()).containsExactly(s.shorts());
    }

    // ------------------------------------------------------------------ errors

    private void assertOneLineNaming(Runnable r, Path file, String fragment) {
        assertThatThrownBy(r::run).isInstanceOf(PulmoException.class)
                .hasMessageContaining(file.getFileName().toString())
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private Path lunaShorts(String name) {
        Path f = dir.resolve(name);
        MetaImage.ofShorts(5, 4, 3, GEOMETRY, (short[]) sample(ElementType.MET_SHORT)).write(f);
        return f;
    }

    @Test
    void aMissingHeaderIsNamed() {
        Path f = dir.resolve("absent.mhd");
        assertOneLineNaming(() -> MetaImage.read(f), f, "does not exist");
    }

    @Test
    void aMissingDataFileIsNamed() throws Exception {
        Path f = lunaShorts("m.mhd");
        Files.delete(dir.resolve("m.raw"));
        assertOneLineNaming(() -> MetaImage.read(f), f, "m.raw");
        assertOneLineNaming(() -> MetaImage.read(f), f, "does not exist");
    }

    @Test
    void aShortDataFileIsNamed() throws Exception {
        Path f = lunaShorts("s.mhd");
        byte[] raw = Files.readAllBytes(dir.resolve("s.raw"));
        Files.write(dir.resolve("s.raw"), java.util.Arrays.copyOf(raw, raw.length - 2));
        assertOneLineNaming(() -> MetaImage.read(f), dir.resolve("s.raw"), "is short: 118 bytes");
        assertOneLineNaming(() -> MetaImage.read(f), f, "DimSize 5 4 3");
    }

    @Test
    void aDataFileLongerThanTheHeaderSaysIsAMismatch() throws Exception {
        Path f = lunaShorts("l.mhd");
        Files.write(dir.resolve("l.raw"), new byte[] {0, 0}, java.nio.file.StandardOpenOption.APPEND);
        assertOneLineNaming(() -> MetaImage.read(f), dir.resolve("l.raw"), "does not match its header");
    }

    @Test
    void aTruncatedMhaAndShortCompressedDataAreNamed() throws Exception {
        Path mha = dir.resolve("t.mha");
        MetaImage.ofShorts(5, 4, 3, GEOMETRY, (short[]) sample(ElementType.MET_SHORT)).write(mha);
        byte[] all = Files.readAllBytes(mha);
        Files.write(mha, java.util.Arrays.copyOf(all, all.length - 10));
        assertOneLineNaming(() -> MetaImage.read(mha), mha, "is short");

        Path z = dir.resolve("z.mhd");
        MetaImage.ofShorts(5, 4, 3, GEOMETRY, (short[]) sample(ElementType.MET_SHORT)).write(z,
                new MetaImage.WriteOptions(true, false));
        byte[] zraw = Files.readAllBytes(dir.resolve("z.zraw"));
        Files.write(dir.resolve("z.zraw"), java.util.Arrays.copyOf(zraw, zraw.length / 2));
        assertOneLineNaming(() -> MetaImage.read(z), dir.resolve("z.zraw"), "CompressedDataSize");

        // without CompressedDataSize the inflater runs dry
        Files.writeString(z, Files.readString(z).replaceAll("CompressedDataSize = \\d+\n", ""));
        assertOneLineNaming(() -> MetaImage.read(z), dir.resolve("z.zraw"), "short");

        Files.write(dir.resolve("z.zraw"), "not zlib at all".getBytes(StandardCharsets.US_ASCII));
        assertOneLineNaming(() -> MetaImage.read(z), dir.resolve("z.zraw"), "corrupt compressed data");
    }

    @Test
    void anUnknownElementTypeListsTheKnownOnes() throws Exception {
        Path f = lunaShorts("u.mhd");
        Files.writeString(f, Files.readString(f).replace("MET_SHORT", "MET_LONG_LONG"));
        assertOneLineNaming(() -> MetaImage.read(f), f, "unknown ElementType 'MET_LONG_LONG'; known: MET_UCHAR");
    }

    @Test
    void badNDimsAndSizeMismatchesAreNamed() throws Exception {
        Path f = lunaShorts("n.mhd");
        String text = Files.readString(f);
        Files.writeString(f, text.replace("NDims = 3", "NDims = 4"));
        assertOneLineNaming(() -> MetaImage.read(f), f, "NDims 4 is not supported, expected 2 or 3");
        Files.writeString(f, text.replace("DimSize = 5 4 3", "DimSize = 5 4"));
        assertOneLineNaming(() -> MetaImage.read(f), f, "DimSize '5 4' has 2 numbers, NDims asks for 3");
        Files.writeString(f, text.replace("ElementSpacing = 0.7617189884185791 0.7617189884185791 2.5",
                "ElementSpacing = 1 1 0"));
        assertOneLineNaming(() -> MetaImage.read(f), f, "spacing must be positive");
        Files.writeString(f, text.replace("NDims = 3\n", ""));
        assertOneLineNaming(() -> MetaImage.read(f), f, "missing header field NDims");
    }

    @Test
    void aRawFileIsNotTakenForAHeader() throws Exception {
        lunaShorts("r.mhd");
        Path raw = dir.resolve("r.raw");
        assertOneLineNaming(() -> MetaImage.read(raw), raw, "not a MetaImage header");
    }

    @Test
    void writingNeedsAMetaImageName() {
        MetaImage img = MetaImage.ofShorts(1, 1, 1, GEOMETRY, new short[1]);
        assertThatThrownBy(() -> img.write(dir.resolve("x.nii"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".mhd or .mha");
    }

    @Test
    void arraysMustMatchTheirType() {
        assertThatThrownBy(() -> MetaImage.of(ElementType.MET_SHORT, 3, 2, 1, 1, GEOMETRY, new float[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("short[]");
        assertThatThrownBy(() -> MetaImage.ofShorts(2, 2, 1, GEOMETRY, new short[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 4");
    }
}
