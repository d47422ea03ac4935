package sc.fiji.revsam2.io;

/**
 * The NIfTI {@code datatype} codes. Scalar types are supported; binary, complex, RGB and
 * 128-bit float are known (for a clear error message) but cannot be read or written.
 */
public enum NiftiDataType {
	UINT8(2, 1, "uint8", true, true, 0, 255),
	INT8(256, 1, "int8", true, true, -128, 127),
	INT16(4, 2, "int16", true, true, Short.MIN_VALUE, Short.MAX_VALUE),
	UINT16(512, 2, "uint16", true, true, 0, 65535),
	INT32(8, 4, "int32", true, true, Integer.MIN_VALUE, Integer.MAX_VALUE),
	UINT32(768, 4, "uint32", true, true, 0, 4294967295.0),
	INT64(1024, 8, "int64", true, true, Long.MIN_VALUE, 0x1.fffffffffffffp62), // largest double below 2^63
	UINT64(1280, 8, "uint64", true, true, 0, 0x1.fffffffffffffp63), // largest double below 2^64
	FLOAT32(16, 4, "float32", true, false, -Float.MAX_VALUE, Float.MAX_VALUE),
	FLOAT64(64, 8, "float64", true, false, -Double.MAX_VALUE, Double.MAX_VALUE),
	BINARY(1, 0, "binary", false, true, 0, 1),
	COMPLEX64(32, 8, "complex64", false, false, 0, 0),
	RGB24(128, 3, "rgb24", false, true, 0, 0),
	FLOAT128(1536, 16, "float128", false, false, 0, 0),
	COMPLEX128(1792, 16, "complex128", false, false, 0, 0),
	COMPLEX256(2048, 32, "complex256", false, false, 0, 0),
	RGBA32(2304, 4, "rgba32", false, true, 0, 0);

	private final int code;
	private final int bytes;
	private final String typeName;
	private final boolean supported;
	private final boolean integer;
	private final double min;
	private final double max;

	NiftiDataType(int code, int bytes, String typeName, boolean supported, boolean integer, double min, double max) {
		this.code = code;
		this.bytes = bytes;
		this.typeName = typeName;
		this.supported = supported;
		this.integer = integer;
		this.min = min;
		this.max = max;
	}

	/** The {@code datatype} field value. */
	public int code() { return code; }

	/** Bytes per voxel (0 for 1-bit binary). */
	public int bytesPerVoxel() { return bytes; }

	/** The {@code bitpix} field value. */
	public int bitpix() { return this == BINARY ? 1 : bytes * 8; }

	/** Lower-case name as used in messages, e.g. "uint16". */
	public String typeName() { return typeName; }

	/** Whether this reader and writer handle the type (scalar types only). */
	public boolean isSupported() { return supported; }

	/** Whether stored values are whole numbers. */
	public boolean isInteger() { return integer; }

	/** Smallest storable value (supported types). */
	public double min() { return min; }

	/** Largest storable value (supported types). */
	public double max() { return max; }

	/** The type with this code, or null if the code is not a NIfTI data type. */
	public static NiftiDataType fromCode(int code) {
		for (NiftiDataType t : values()) if (t.code == code) return t;
		return null;
	}

	@Override
	public String toString() { return typeName; }
}
