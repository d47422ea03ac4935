package sc.fiji.revsam2.checkpoint;

import java.nio.ByteBuffer;

/**
 * The torch storage classes a checkpoint may name ({@code torch.FloatStorage} and friends),
 * with their element size and how to turn one element into a float. Only a name: nothing is
 * ever instantiated from the pickle.
 */
enum StorageType {
	FLOAT("FloatStorage", "float32", 4),
	HALF("HalfStorage", "float16", 2),
	BFLOAT16("BFloat16Storage", "bfloat16", 2),
	DOUBLE("DoubleStorage", "float64", 8),
	LONG("LongStorage", "int64", 8),
	INT("IntStorage", "int32", 4),
	SHORT("ShortStorage", "int16", 2),
	CHAR("CharStorage", "int8", 1),
	BYTE("ByteStorage", "uint8", 1),
	BOOL("BoolStorage", "bool", 1);

	final String torchName;
	final String dtype;
	final int bytes;

	StorageType(String torchName, String dtype, int bytes) {
		this.torchName = torchName;
		this.dtype = dtype;
		this.bytes = bytes;
	}

	static StorageType byTorchName(String name) {
		for (StorageType t : values()) {
			if (t.torchName.equals(name)) return t;
		}
		return null;
	}

	/** Element {@code index} of a little-endian buffer, as float. */
	float read(ByteBuffer le, int index) {
		int at = index * bytes;
		return switch (this) {
			case FLOAT -> le.getFloat(at);
			case HALF -> Half.toFloat(le.getShort(at));
			case BFLOAT16 -> Float.intBitsToFloat((le.getShort(at) & 0xffff) << 16); // bfloat16 is the top half of a float32
			case DOUBLE -> (float) le.getDouble(at);
			case LONG -> (float) le.getLong(at);
			case INT -> (float) le.getInt(at);
			case SHORT -> le.getShort(at);
			case CHAR -> le.get(at);
			case BYTE -> le.get(at) & 0xff;
			case BOOL -> le.get(at) != 0 ? 1f : 0f;
		};
	}
}
