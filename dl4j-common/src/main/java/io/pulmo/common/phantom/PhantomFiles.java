package io.pulmo.common.phantom;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The file-system side shared by the phantom generators: argument checks, staging a dataset in a hidden
 * sibling directory {@code .NAME.partial-*}, moving it into place only when complete (atomically where the
 * file system allows), removing the staging directory on failure, and writing JPEG and PNG images.
 */
public final class PhantomFiles {

    private PhantomFiles() {
    }

    /** Writes the files of a dataset into a staging directory. */
    @FunctionalInterface
    public interface Content {
        void writeInto(Path dir) throws IOException;
    }

    /**
     * Checks the arguments of a generator's {@code write}.
     *
     * @param nReason why {@code minN} is the smallest {@code n}, shown in the message
     * @throws IllegalArgumentException for a null {@code out}, a bad {@code n} or {@code size}
     */
    static void checkArguments(Path out, int n, int minN, String nReason, int size, int minSize) {
        if (out == null) {
            throw new IllegalArgumentException("out must not be null");
        }
        if (n < minN) {
            throw new IllegalArgumentException("n must be >= " + minN + " (" + nReason + "), got n=" + n);
        }
        checkSize(size, minSize);
    }

    /** @throws IllegalArgumentException when {@code size < minSize} */
    static void checkSize(int size, int minSize) {
        if (size < minSize) {
            throw new IllegalArgumentException("size must be >= " + minSize + " pixels, got size=" + size);
        }
    }

    /**
     * {@link #writeStaged(Path, Content)} with {@code split/class} folders created before {@code content} runs.
     *
     * @param classes the class folder names of a split, in order
     */
    static void writeStaged(Path out, List<String> splits, Function<String, List<String>> classes, Content content)
            throws IOException {
        writeStaged(out, tmp -> {
            for (String split : splits) {
                for (String cls : classes.apply(split)) {
                    Files.createDirectories(tmp.resolve(split).resolve(cls));
                }
            }
            content.writeInto(tmp);
        });
    }

    /**
     * Writes a dataset to {@code out} through a hidden sibling staging directory {@code .NAME.partial-*}: checks that
     * {@code out} does not exist or is an empty directory, lets {@code content} fill the staging directory, checks
     * {@code out} again and moves the staging directory into place (atomically where possible). On any failure the
     * staging directory is removed and the failure rethrown, so a crash never leaves what looks like a dataset.
     *
     * @throws IOException when {@code out} is a file or a non-empty directory, or writing fails
     */
    public static void writeStaged(Path out, Content content) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        checkTarget(target, out);
        Path parent = target.getParent();
        if (parent == null) {
            throw new IOException("out " + out + " has no parent directory to stage the dataset in");
        }
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
        try {
            content.writeInto(tmp);
            checkTarget(target, out);
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(target); // empty, checked just above
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Split name -> class name -> 0, in the given order, for counting the images of a dataset. */
    static Map<String, Map<String, Integer>> zeroCounts(List<String> splits, Function<String, List<String>> classes) {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (String split : splits) {
            Map<String, Integer> perClass = new LinkedHashMap<>();
            for (String cls : classes.apply(split)) {
                perClass.put(cls, 0);
            }
            counts.put(split, perClass);
        }
        return counts;
    }

    private static void checkTarget(Path target, Path out) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(out.toString(), null,
                    "out " + out + " exists and is a regular file, not a directory");
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target)) {
            if (ds.iterator().hasNext()) {
                throw new FileAlreadyExistsException(out.toString(), null,
                        "out " + out + " exists and is not empty; give a new or empty directory");
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    // ------------------------------------------------------------------ images

    /** The JDK's JPEG writer; dispose of it when done. */
    static ImageWriter jpegWriter() throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("no JPEG ImageWriter available in this JDK");
        }
        return writers.next();
    }

    /** Writes {@code img} as a baseline JPEG of {@code quality} with {@code writer}, which is reset afterwards. */
    static void writeJpeg(ImageWriter writer, BufferedImage img, Path file, float quality) throws IOException {
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        try (OutputStream os = Files.newOutputStream(file);
             ImageOutputStream ios = ImageIO.createImageOutputStream(os)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, null), param);
            ios.flush();
        } finally {
            writer.reset();
        }
    }

    /** Writes {@code img} as a PNG. */
    static void writePng(BufferedImage img, Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            if (!ImageIO.write(img, "png", os)) {
                throw new IOException("no PNG ImageWriter available in this JDK");
            }
        }
    }
}
