package io.pulmo.common.data;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Patient keys from file names, so that splits never put one patient's images in two splits.
 *
 * <p>Kermany et al.'s chest X-ray names: {@code person12_bacteria_48.jpeg} (patient {@code person12}),
 * {@code IM-0115-0001.jpeg} ({@code IM-0115}), {@code NORMAL2-IM-1427-0001.jpeg} ({@code NORMAL2-IM-1427}).
 */
public final class PatientIds {
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("^(person\\d+)_"),
            Pattern.compile("^(NORMAL2-IM-\\d+)-"),
            Pattern.compile("^(IM-\\d+)-"));

    private PatientIds() {
    }

    /** The patient key of a file name, if it follows a known pattern. */
    public static Optional<String> of(String fileName) {
        for (Pattern p : PATTERNS) {
            Matcher m = p.matcher(fileName);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
