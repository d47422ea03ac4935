package sc.fiji.revsam2.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts NIfTI-1 (348 bytes) and NIfTI-2 (540 bytes) headers to and from {@link NiftiHeader},
 * written from the field layout of the NIfTI-1 and NIfTI-2 standards.
 */
final class NiftiHeaderCodec {

	private static final byte[] NIFTI2_MAGIC_TAIL = { '\r', '\n', 0x1a, '\n' };

	private NiftiHeaderCodec() {}

	/** A header that cannot be used; the message is the problem, without the file name. */
	static final class BadHeaderException extends Exception {

		private static final long serialVersionUID = 1L;

		BadHeaderException(String problem) { super(problem); }
	}

	/** The version and byte order announced by {@code sizeof_hdr}. */
	record Kind(NiftiVersion version, ByteOrder order) {}

	/** A decoded header and what was odd about it (mismatched bitpix, ...). */
	record Decoded(NiftiHeader header, List<String> warnings) {}

	/**
	 * Detects version and byte order from the first 4 bytes ({@code sizeof_hdr} is 348 or 540
	 * in the file's byte order), or returns null when neither matches.
	 */
	static Kind detect(byte[] first4) {
		for (ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
			int size = ByteBuffer.wrap(first4, 0, 4).order(order).getInt();
			for (NiftiVersion v : NiftiVersion.values()) if (size == v.headerSize()) return new Kind(v, order);
		}
		return null;
	}

	/** The {@code sizeof_hdr} value read little-endian, for error messages. */
	static int sizeField(byte[] first4) {
		return ByteBuffer.wrap(first4, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
	}

	static Decoded decode(byte[] bytes, Kind kind) throws BadHeaderException {
		ByteBuffer b = ByteBuffer.wrap(bytes).order(kind.order());
		return kind.version() == NiftiVersion.NIFTI1 ? decode1(b) : decode2(b);
	}

	private static Decoded decode1(ByteBuffer b) throws BadHeaderException {
		List<String> warnings = new ArrayList<>();
		String magic = string(b, 344, 4);
		boolean paired;
		if (magic.equals("n+1")) paired = false;
		else if (magic.equals("ni1")) paired = true;
		else throw new BadHeaderException(magic.isEmpty()
				? "Analyze 7.5 header without NIfTI magic; only NIfTI-1 and NIfTI-2 are supported (convert it, e.g. with nibabel or ITK-SNAP)"
				: "not a NIfTI-1 file (magic is \"" + printable(magic) + "\", expected \"n+1\" or \"ni1\")");
		long[] dim = new long[8];
		for (int i = 0; i < 8; i++) dim[i] = b.getShort(40 + 2 * i);
		checkDims(dim);
		double[] pixdim = new double[8];
		for (int i = 0; i < 8; i++) pixdim[i] = b.getFloat(76 + 4 * i);
		NiftiDataType type = dataType(b.getShort(70));
		checkBitpix(type, b.getShort(72), warnings);
		double voxOffset = b.getFloat(108);
		NiftiHeader.Builder h = NiftiHeader.builder().version(NiftiVersion.NIFTI1).byteOrder(b.order()).pairedFiles(paired)
				.voxOffset(checkVoxOffset(voxOffset, paired, NiftiVersion.NIFTI1)).dims(dim).pixdims(pixdim).rawDataType(type)
				.intent(b.getShort(68), b.getFloat(56), b.getFloat(60), b.getFloat(64), string(b, 328, 16))
				.scaling(b.getFloat(112), b.getFloat(116)).calRange(b.getFloat(128), b.getFloat(124))
				.dimInfo(b.get(39) & 0xff).sliceTiming(b.get(122) & 0xff, b.getShort(74), b.getShort(120), b.getFloat(132))
				.toffset(b.getFloat(136)).xyztUnits(b.get(123) & 0xff).descrip(string(b, 148, 80)).auxFile(string(b, 228, 24));
		double[][] srow = new double[3][4];
		for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) srow[r][c] = b.getFloat(280 + 16 * r + 4 * c);
		// qform() normalises pixdim[0] to +-1, so set it from the stored value afterwards
		h.qform(b.getShort(252), b.getFloat(256), b.getFloat(260), b.getFloat(264), b.getFloat(268), b.getFloat(272), b.getFloat(276), 1)
				.pixdim(0, pixdim[0]).sform(b.getShort(254), srow);
		return new Decoded(h.build(), warnings);
	}

	private static Decoded decode2(ByteBuffer b) throws BadHeaderException {
		List<String> warnings = new ArrayList<>();
		String magic = string(b, 4, 4);
		boolean paired;
		if (magic.equals("n+2")) paired = false;
		else if (magic.equals("ni2")) paired = true;
		else throw new BadHeaderException("not a NIfTI-2 file (magic is \"" + printable(magic) + "\", expected \"n+2\" or \"ni2\")");
		for (int i = 0; i < 4; i++) {
			if (b.get(8 + i) != NIFTI2_MAGIC_TAIL[i]) throw new BadHeaderException("damaged NIfTI-2 header: the magic's line-ending check bytes were altered (copied as text?)");
		}
		long[] dim = new long[8];
		for (int i = 0; i < 8; i++) dim[i] = b.getLong(16 + 8 * i);
		checkDims(dim);
		double[] pixdim = new double[8];
		for (int i = 0; i < 8; i++) pixdim[i] = b.getDouble(104 + 8 * i);
		NiftiDataType type = dataType(b.getShort(12));
		checkBitpix(type, b.getShort(14), warnings);
		NiftiHeader.Builder h = NiftiHeader.builder().version(NiftiVersion.NIFTI2).byteOrder(b.order()).pairedFiles(paired)
				.voxOffset(checkVoxOffset(b.getLong(168), paired, NiftiVersion.NIFTI2)).dims(dim).pixdims(pixdim).rawDataType(type)
				.intent(b.getInt(504), b.getDouble(80), b.getDouble(88), b.getDouble(96), string(b, 508, 16))
				.scaling(b.getDouble(176), b.getDouble(184)).calRange(b.getDouble(200), b.getDouble(192))
				.dimInfo(b.get(524) & 0xff).sliceTiming(b.getInt(496), b.getLong(224), b.getLong(232), b.getDouble(208))
				.toffset(b.getDouble(216)).xyztUnits(b.getInt(500)).descrip(string(b, 240, 80)).auxFile(string(b, 320, 24));
		double[][] srow = new double[3][4];
		for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) srow[r][c] = b.getDouble(400 + 32 * r + 8 * c);
		h.qform(b.getInt(344), b.getDouble(352), b.getDouble(360), b.getDouble(368), b.getDouble(376), b.getDouble(384), b.getDouble(392), 1)
				.pixdim(0, pixdim[0]).sform(b.getInt(348), srow);
		return new Decoded(h.build(), warnings);
	}

	private static void checkDims(long[] dim) throws BadHeaderException {
		if (dim[0] < 1 || dim[0] > 7) throw new BadHeaderException("bad header: dim[0] is " + dim[0] + " (the number of dimensions must be 1 to 7; corrupt file?)");
		for (int i = 1; i <= dim[0]; i++) {
			if (dim[i] < 1) throw new BadHeaderException("bad header: dim[" + i + "] is " + dim[i] + " (image sizes must be positive; corrupt file?)");
		}
	}

	private static NiftiDataType dataType(int code) throws BadHeaderException {
		NiftiDataType t = NiftiDataType.fromCode(code);
		if (t == null) throw new BadHeaderException("bad header: unknown data type code " + code);
		return t;
	}

	private static void checkBitpix(NiftiDataType type, int bitpix, List<String> warnings) {
		if (bitpix != type.bitpix()) warnings.add("header says bitpix " + bitpix + " but data type " + type + " has " + type.bitpix() + " bits; the data type was trusted");
	}

	private static long checkVoxOffset(double voxOffset, boolean paired, NiftiVersion v) throws BadHeaderException {
		if (!Double.isFinite(voxOffset) || voxOffset < 0 || voxOffset > Long.MAX_VALUE / 2) throw new BadHeaderException("bad header: vox_offset is " + voxOffset);
		long off = (long) voxOffset;
		if (!paired && off < v.headerSize()) throw new BadHeaderException("bad header: vox_offset " + off + " points inside the " + v.headerSize() + "-byte header");
		return off;
	}

	/** The header bytes of {@code h} in its version and byte order, with {@code voxOffset} and single-file (or pair) magic. */
	static byte[] encode(NiftiHeader h, long voxOffset, boolean paired) {
		return h.version() == NiftiVersion.NIFTI1 ? encode1(h, voxOffset, paired) : encode2(h, voxOffset, paired);
	}

	private static byte[] encode1(NiftiHeader h, long voxOffset, boolean paired) {
		ByteBuffer b = ByteBuffer.allocate(348).order(h.byteOrder());
		b.putInt(0, 348);
		b.put(38, (byte) 'r'); // "regular": some Analyze-era readers insist on it
		b.put(39, (byte) h.dimInfo());
		for (int i = 0; i < 8; i++) b.putShort(40 + 2 * i, toShort(h.dim(i), "dim[" + i + "]"));
		b.putFloat(56, (float) h.intentP1());
		b.putFloat(60, (float) h.intentP2());
		b.putFloat(64, (float) h.intentP3());
		b.putShort(68, toShort(h.intentCode(), "intent_code"));
		b.putShort(70, (short) h.dataType().code());
		b.putShort(72, (short) h.dataType().bitpix());
		b.putShort(74, toShort(h.sliceStart(), "slice_start"));
		for (int i = 0; i < 8; i++) b.putFloat(76 + 4 * i, (float) h.pixdim(i));
		b.putFloat(108, voxOffset);
		b.putFloat(112, (float) h.sclSlope());
		b.putFloat(116, (float) h.sclInter());
		b.putShort(120, toShort(h.sliceEnd(), "slice_end"));
		b.put(122, (byte) h.sliceCode());
		b.put(123, (byte) h.xyztUnits());
		b.putFloat(124, (float) h.calMax());
		b.putFloat(128, (float) h.calMin());
		b.putFloat(132, (float) h.sliceDuration());
		b.putFloat(136, (float) h.toffset());
		putString(b, 148, 80, h.descrip());
		putString(b, 228, 24, h.auxFile());
		b.putShort(252, toShort(h.qformCode(), "qform_code"));
		b.putShort(254, toShort(h.sformCode(), "sform_code"));
		b.putFloat(256, (float) h.quaternB());
		b.putFloat(260, (float) h.quaternC());
		b.putFloat(264, (float) h.quaternD());
		b.putFloat(268, (float) h.qoffsetX());
		b.putFloat(272, (float) h.qoffsetY());
		b.putFloat(276, (float) h.qoffsetZ());
		double[][] s = h.sformMatrix();
		for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) b.putFloat(280 + 16 * r + 4 * c, (float) s[r][c]);
		putString(b, 328, 16, h.intentName());
		putString(b, 344, 4, paired ? "ni1" : "n+1");
		return b.array();
	}

	private static byte[] encode2(NiftiHeader h, long voxOffset, boolean paired) {
		ByteBuffer b = ByteBuffer.allocate(540).order(h.byteOrder());
		b.putInt(0, 540);
		putString(b, 4, 4, paired ? "ni2" : "n+2");
		for (int i = 0; i < 4; i++) b.put(8 + i, NIFTI2_MAGIC_TAIL[i]);
		b.putShort(12, (short) h.dataType().code());
		b.putShort(14, (short) h.dataType().bitpix());
		for (int i = 0; i < 8; i++) b.putLong(16 + 8 * i, h.dim(i));
		b.putDouble(80, h.intentP1());
		b.putDouble(88, h.intentP2());
		b.putDouble(96, h.intentP3());
		for (int i = 0; i < 8; i++) b.putDouble(104 + 8 * i, h.pixdim(i));
		b.putLong(168, voxOffset);
		b.putDouble(176, h.sclSlope());
		b.putDouble(184, h.sclInter());
		b.putDouble(192, h.calMax());
		b.putDouble(200, h.calMin());
		b.putDouble(208, h.sliceDuration());
		b.putDouble(216, h.toffset());
		b.putLong(224, h.sliceStart());
		b.putLong(232, h.sliceEnd());
		putString(b, 240, 80, h.descrip());
		putString(b, 320, 24, h.auxFile());
		b.putInt(344, h.qformCode());
		b.putInt(348, h.sformCode());
		b.putDouble(352, h.quaternB());
		b.putDouble(360, h.quaternC());
		b.putDouble(368, h.quaternD());
		b.putDouble(376, h.qoffsetX());
		b.putDouble(384, h.qoffsetY());
		b.putDouble(392, h.qoffsetZ());
		double[][] s = h.sformMatrix();
		for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) b.putDouble(400 + 32 * r + 8 * c, s[r][c]);
		b.putInt(496, h.sliceCode());
		b.putInt(500, h.xyztUnits());
		b.putInt(504, h.intentCode());
		putString(b, 508, 16, h.intentName());
		b.put(524, (byte) h.dimInfo());
		return b.array();
	}

	private static short toShort(long v, String field) {
		if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) throw new IllegalArgumentException(field + " = " + v + " does not fit a NIfTI-1 header; write NIfTI-2");
		return (short) v;
	}

	/** A NUL-terminated string of at most {@code len} bytes. */
	private static String string(ByteBuffer b, int offset, int len) {
		int n = 0;
		while (n < len && b.get(offset + n) != 0) n++;
		byte[] s = new byte[n];
		for (int i = 0; i < n; i++) s[i] = b.get(offset + i);
		return new String(s, StandardCharsets.ISO_8859_1);
	}

	/** Writes at most len-1 bytes so that the field stays NUL-terminated (magic fields are exactly 3 + NUL). */
	private static void putString(ByteBuffer b, int offset, int len, String s) {
		byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
		int n = Math.min(bytes.length, len - 1);
		for (int i = 0; i < n; i++) b.put(offset + i, bytes[i]);
	}

	private static String printable(String s) {
		StringBuilder sb = new StringBuilder();
		for (char c : s.toCharArray()) sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
		return sb.toString();
	}
}
