package sc.fiji.revsam2.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Builds NIfTI files byte by byte from the field offsets of the NIfTI-1 and NIfTI-2 standards,
 * independently of the production codec, to stand in for files written by other tools.
 */
final class HandMadeNifti {

	int version = 1;
	ByteOrder order = ByteOrder.LITTLE_ENDIAN;
	int datatype = 16;
	int bitpix = 32;
	long[] dim = { 3, 1, 1, 1, 1, 1, 1, 1 };
	double[] pixdim = { 1, 1, 1, 1, 0, 0, 0, 0 };
	long voxOffset = -1; // -1: right after the header and the 4 extension bytes
	double sclSlope = 0, sclInter = 0;
	int xyztUnits = 0;
	int qformCode = 0, sformCode = 0;
	double quaternB, quaternC, quaternD, qoffsetX, qoffsetY, qoffsetZ;
	double[][] srow = new double[3][4];
	String magic = null; // null: "n+1" / "n+2"
	String descrip = "";
	byte[] extension = new byte[4];
	byte[] data = new byte[0];

	HandMadeNifti(int version, ByteOrder order) {
		this.version = version;
		this.order = order;
	}

	HandMadeNifti type(int datatype, int bitpix) {
		this.datatype = datatype;
		this.bitpix = bitpix;
		return this;
	}

	HandMadeNifti dims(long... sizes) {
		dim = new long[] { sizes.length, 1, 1, 1, 1, 1, 1, 1 };
		System.arraycopy(sizes, 0, dim, 1, sizes.length);
		return this;
	}

	/** A ByteBuffer in this file's byte order for the voxel data. */
	ByteBuffer dataBuffer(int bytes) { return ByteBuffer.allocate(bytes).order(order); }

	HandMadeNifti data(ByteBuffer b) {
		data = b.array();
		return this;
	}

	byte[] header() {
		return version == 1 ? header1() : header2();
	}

	private long offset() { return voxOffset >= 0 ? voxOffset : (version == 1 ? 348 : 540) + extension.length; }

	private byte[] header1() {
		ByteBuffer b = ByteBuffer.allocate(348).order(order);
		b.putInt(0, 348);
		for (int i = 0; i < 8; i++) b.putShort(40 + 2 * i, (short) dim[i]);
		b.putShort(70, (short) datatype);
		b.putShort(72, (short) bitpix);
		for (int i = 0; i < 8; i++) b.putFloat(76 + 4 * i, (float) pixdim[i]);
		b.putFloat(108, offset());
		b.putFloat(112, (float) sclSlope);
		b.putFloat(116, (float) sclInter);
		b.put(123, (byte) xyztUnits);
		ascii(b, 148, descrip);
		b.putShort(252, (short) qformCode);
		b.putShort(254, (short) sformCode);
		b.putFloat(256, (float) quaternB);
		b.putFloat(260, (float) quaternC);
		b.putFloat(264, (float) quaternD);
		b.putFloat(268, (float) qoffsetX);
		b.putFloat(272, (float) qoffsetY);
		b.putFloat(276, (float) qoffsetZ);
		for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) b.putFloat(280 + 16 * r + 4 * c, (float) srow[r][c]);
		ascii(b, 344, magic == null ? "n+1" : magic);
		return b.array();
	}

	private byte[] header2() {
		ByteBuffer b = ByteBuffer.allocate(540).order(order);
		b.putInt(0, 540);
		ascii(b, 4, magic == null ? "n+2" : magic);
		b.put(8, (byte) '\r').put(9, (byte) '\n').put(10, (byte) 0x1a).put(11, (byte) '\n');
		b.putShort(12, (short) datatype);
		b.putShort(14, (short) bitpix);
		for (int i = 0; i < 8; i++) b.putLong(16 + 8 * i, dim[i]);
		for (int i = 0; i < 8; i++) b.putDouble(104 + 8 * i, pixdim[i]);
		b.putLong(168, offset());
		b.putDouble(176, sclSlope);
		b.putDouble(184, sclInter);
		ascii(b, 240, descrip);
		b.putInt(344, qformCode);
		b.putInt(348, sformCode);
		b.putDouble(352, quaternB);
		b.putDouble(360, quaternC);
		b.putDouble(368, quaternD);
		b.putDouble(376, qoffsetX);
		b.putDouble(384, qoffsetY);
		b.putDouble(392, qoffsetZ);
		for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) b.putDouble(400 + 32 * r + 8 * c, srow[r][c]);
		b.putInt(500, xyztUnits);
		return b.array();
	}

	private static void ascii(ByteBuffer b, int offset, String s) {
		byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < bytes.length; i++) b.put(offset + i, bytes[i]);
	}

	/** The whole single file: header, extension bytes, padding to vox_offset, data. */
	byte[] bytes() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] h = header();
		out.writeBytes(h);
		out.writeBytes(extension);
		long pad = offset() - h.length - extension.length;
		for (long i = 0; i < pad; i++) out.write(0);
		out.writeBytes(data);
		return out.toByteArray();
	}

	Path write(Path file) throws IOException {
		Files.write(file, bytes());
		return file;
	}

	Path writeGzip(Path file) throws IOException {
		Files.write(file, gzip(bytes()));
		return file;
	}

	static byte[] gzip(byte[] b) throws IOException {
		ByteArrayOutputStream bo = new ByteArrayOutputStream();
		try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
			g.write(b);
		}
		return bo.toByteArray();
	}
}
