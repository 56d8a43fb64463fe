package io.pulmo.common.data.siim;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * DICOM unique identifiers (PS3.5 §9): dot-separated decimal components without leading zeros, at most 64
 * characters. Pulmo makes its own UIDs under the {@code 2.25} root (ITU-T X.667 / PS3.5 §B.2): {@code 2.25.} followed
 * by the decimal value of a UUID, here a name-based (MD5, version 3) UUID so that the same name always gives the same
 * UID.
 */
public final class Uids {
    /** The Implementation Class UID (0002,0012) of the files Pulmo writes: {@code fromName("pulmo", "implementation")}. */
    public static final String IMPLEMENTATION_CLASS_UID = fromName("pulmo", "implementation");

    /** Secondary Capture Image Storage, the SOP class of SIIM-ACR's DICOM files. */
    public static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";

    /** JPEG Baseline (Process 1), lossy 8-bit; as far as we know the transfer syntax of SIIM-ACR's Kaggle files. */
    public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

    /** Explicit VR Little Endian. */
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    private Uids() {
    }

    /** Whether {@code s} is a valid UID: digits and dots, no empty component, no leading zero, 1–64 characters. */
    public static boolean isValid(String s) {
        return s != null && !s.isEmpty() && s.length() <= 64 && UID.matcher(s).matches();
    }

    /**
     * A deterministic UID {@code 2.25.<decimal>} for a name within a namespace, e.g. {@code fromName("study", stem)}:
     * the same pair always gives the same UID, different pairs differ with overwhelming probability. At most
     * {@code 5 + 39 = 44} characters.
     */
    public static String fromName(String namespace, String name) {
        UUID uuid = UUID.nameUUIDFromBytes((namespace + "\u0000" + name).getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, b.array());
    }
}
