package sc.fiji.revsam2.checkpoint;

/** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
final class Half {

	private Half() {}

	static float toFloat(short h) {
		int bits = h & 0xffff;
		int sign = (bits & 0x8000) << 16;
		int exp = (bits >>> 10) & 0x1f;
		int mant = bits & 0x3ff;
		if (exp == 0x1f) { // inf or NaN: keep the payload
			return Float.intBitsToFloat(sign | 0x7f800000 | mant << 13);
		}
		if (exp == 0) {
			if (mant == 0) return Float.intBitsToFloat(sign); // signed zero
			// subnormal half: exactly mant * 2^-24, which float represents exactly
			float v = mant * 0x1p-24f;
			return sign != 0 ? -v : v;
		}
		return Float.intBitsToFloat(sign | (exp + 127 - 15) << 23 | mant << 13);
	}
}
