package io.pulmo.common.data.siim;

import io.pulmo.common.PulmoException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The header and compressed pixel fragments of a DICOM file whose transfer syntax encapsulates its pixels (PS3.5
 * §A.4), which ImageJ 1.x refuses to open. Such files are always Explicit VR Little Endian: this walks the data
 * elements from byte 132, skipping sequences of defined or undefined length, and collects the top-level text and
 * US values (as {@code "GGGG,EEEE"} → value, the same form {@link Dicom} takes from ImageJ) and, from the Pixel Data
 * element of undefined length, the fragments of the first frame after the Basic Offset Table item.
 */
final class EncapsulatedDicom {
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final long UNDEFINED = 0xFFFFFFFFL;

    private final byte[] b;
    private final Path file;
    private int pos;

    /** Header values by tag and the concatenated fragments of the first frame. */
    record Parsed(Map<String, String> tags, byte[] frame) {
    }

    private EncapsulatedDicom(byte[] bytes, Path file) {
        this.b = bytes;
        this.file = file;
    }

    /** @throws PulmoException naming the file when the structure is broken or no encapsulated pixel data is found */
    static Parsed parse(byte[] bytes, Path file) {
        return new EncapsulatedDicom(bytes, file).parse();
    }

    private Parsed parse() {
        if (b.length < 132 || b[128] != 'D' || b[129] != 'I' || b[130] != 'C' || b[131] != 'M') {
            throw corrupt("no 'DICM' marker at byte 128");
        }
        pos = 132;
        Map<String, String> tags = new HashMap<>();
        while (pos < b.length) {
            int tag = tag();
            String vr = vr();
            long length = length(vr);
            if (tag == PIXEL_DATA) {
                if (length != UNDEFINED) {
                    throw corrupt("Pixel Data is not encapsulated although the transfer syntax is compressed");
                }
                return new Parsed(tags, fragments());
            }
            if (length == UNDEFINED) {
                skipUndefined(tag);
                continue;
            }
            int start = pos;
            skip(length);
            String key = String.format(Locale.ROOT, "%04X,%04X", tag >>> 16, tag & 0xFFFF);
            if (vr.equals("US") && length >= 2) {
                tags.putIfAbsent(key, Integer.toString(u16(start)));
            } else if (isText(vr)) {
                String value = new String(b, start, (int) length, StandardCharsets.US_ASCII);
                tags.putIfAbsent(key, value.replace('\0', ' ').strip());
            }
        }
        throw corrupt("no Pixel Data element");
    }

    /** The fragments of the first frame: items after the Basic Offset Table up to the sequence delimiter. */
    private byte[] fragments() {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        boolean offsetTable = true;
        while (true) {
            int tag = tag();
            long length = u32();
            if (tag == SEQUENCE_END) {
                break;
            }
            if (tag != ITEM || length == UNDEFINED) {
                throw corrupt(String.format(Locale.ROOT, "unexpected (%04X,%04X) in encapsulated Pixel Data",
                        tag >>> 16, tag & 0xFFFF));
            }
            int start = pos;
            skip(length);
            if (!offsetTable) {
                frame.write(b, start, (int) length);
            }
            offsetTable = false;
        }
        if (frame.size() == 0) {
            throw corrupt("encapsulated Pixel Data has no fragments");
        }
        return frame.toByteArray();
    }

    /** Skips a sequence (or UN) of undefined length: items, each of defined length or ended by an item delimiter. */
    private void skipUndefined(int tag) {
        while (true) {
            int item = tag();
            long length = u32();
            if (item == SEQUENCE_END) {
                return;
            }
            if (item != ITEM) {
                throw corrupt(String.format(Locale.ROOT, "expected an item in sequence (%04X,%04X)", tag >>> 16,
                        tag & 0xFFFF));
            }
            if (length != UNDEFINED) {
                skip(length);
                continue;
            }
            while (true) {
                int inner = tag();
                if (inner == ITEM_END) {
                    u32();
                    break;
                }
                String vr = vr();
                long innerLength = length(vr);
                if (innerLength == UNDEFINED) {
                    skipUndefined(inner);
                } else {
                    skip(innerLength);
                }
            }
        }
    }

    private int tag() {
        need(4);
        int group = u16(pos);
        int element = u16(pos + 2);
        pos += 4;
        return (group << 16) | element;
    }

    private String vr() {
        need(2);
        String vr = new String(b, pos, 2, StandardCharsets.US_ASCII);
        pos += 2;
        if (!Character.isUpperCase(vr.charAt(0)) || !Character.isUpperCase(vr.charAt(1))) {
            throw corrupt("not Explicit VR Little Endian at byte " + (pos - 2));
        }
        return vr;
    }

    private long length(String vr) {
        if (hasLongLength(vr)) {
            need(2);
            pos += 2;
            return u32();
        }
        need(2);
        int length = u16(pos);
        pos += 2;
        return length;
    }

    private long u32() {
        need(4);
        long v = (u16(pos) & 0xFFFFL) | ((long) u16(pos + 2) << 16);
        pos += 4;
        return v;
    }

    private int u16(int at) {
        return (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8);
    }

    private void skip(long length) {
        if (length > b.length - pos) {
            throw new PulmoException("truncated DICOM: " + file + " (an element of " + length + " bytes at byte " + pos
                    + " runs past the end of the " + b.length + "-byte file)");
        }
        pos += (int) length;
    }

    private void need(int n) {
        if (b.length - pos < n) {
            throw new PulmoException("truncated DICOM: " + file + " (ends inside an element header at byte " + pos
                    + ")");
        }
    }

    private PulmoException corrupt(String why) {
        return new PulmoException("corrupt DICOM: " + file + " (" + why + ")");
    }

    private static boolean hasLongLength(String vr) {
        return switch (vr) {
            case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> true;
            default -> false;
        };
    }

    private static boolean isText(String vr) {
        return switch (vr) {
            case "AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UI" -> true;
            default -> false;
        };
    }
}
