package io.pulmo.ct3d.load;

import io.pulmo.common.PulmoException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The MetaImage element types Pulmo reads and writes, by their {@code ElementType} names, with the Java array
 * that holds them in memory: the stored bit pattern is kept, so unsigned types sit in the signed array of the
 * same width ({@code MET_UCHAR} in {@code byte[]}, {@code MET_USHORT} in {@code short[]}) and are read back
 * through {@link MetaImage#value(int)} as their unsigned values.
 */
public enum ElementType {
    /** unsigned 8-bit, {@code byte[]} */
    MET_UCHAR(1, false),
    /** signed 8-bit, {@code byte[]} */
    MET_CHAR(1, false),
    /** unsigned 16-bit, {@code short[]} */
    MET_USHORT(2, false),
    /** signed 16-bit (LUNA16's Hounsfield units), {@code short[]} */
    MET_SHORT(2, false),
    /** signed 32-bit, {@code int[]} */
    MET_INT(4, false),
    /** IEEE 32-bit float, {@code float[]} */
    MET_FLOAT(4, true),
    /** IEEE 64-bit float, {@code double[]} */
    MET_DOUBLE(8, true);

    private final int bytes;
    private final boolean floating;

    ElementType(int bytes, boolean floating) {
        this.bytes = bytes;
        this.floating = floating;
    }

    /** Bytes per element on disk and in memory. */
    public int bytes() {
        return bytes;
    }

    /** Whether the type is a floating-point one. */
    public boolean floating() {
        return floating;
    }

    /** The smallest value of the type. */
    public double min() {
        return switch (this) {
            case MET_UCHAR, MET_USHORT -> 0;
            case MET_CHAR -> Byte.MIN_VALUE;
            case MET_SHORT -> Short.MIN_VALUE;
            case MET_INT -> Integer.MIN_VALUE;
            case MET_FLOAT -> -Float.MAX_VALUE;
            case MET_DOUBLE -> -Double.MAX_VALUE;
        };
    }

    /** The largest value of the type. */
    public double max() {
        return switch (this) {
            case MET_UCHAR -> 255;
            case MET_CHAR -> Byte.MAX_VALUE;
            case MET_USHORT -> 65535;
            case MET_SHORT -> Short.MAX_VALUE;
            case MET_INT -> Integer.MAX_VALUE;
            case MET_FLOAT -> Float.MAX_VALUE;
            case MET_DOUBLE -> Double.MAX_VALUE;
        };
    }

    /** A new zero-filled array of {@code n} elements of this type's Java array class. */
    Object newArray(int n) {
        return switch (this) {
            case MET_UCHAR, MET_CHAR -> new byte[n];
            case MET_USHORT, MET_SHORT -> new short[n];
            case MET_INT -> new int[n];
            case MET_FLOAT -> new float[n];
            case MET_DOUBLE -> new double[n];
        };
    }

    /** The Java array class holding this type. */
    Class<?> arrayClass() {
        return switch (this) {
            case MET_UCHAR, MET_CHAR -> byte[].class;
            case MET_USHORT, MET_SHORT -> short[].class;
            case MET_INT -> int[].class;
            case MET_FLOAT -> float[].class;
            case MET_DOUBLE -> double[].class;
        };
    }

    /**
     * The type named {@code name} in a header.
     *
     * @param source the header file, for the message
     * @throws PulmoException for a name not in this enum, listing the known ones
     */
    public static ElementType parse(String name, Object source) {
        for (ElementType t : values()) {
            if (t.name().equals(name.trim())) {
                return t;
            }
        }
        throw new PulmoException(source + ": unknown ElementType '" + name.trim() + "'; known: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
