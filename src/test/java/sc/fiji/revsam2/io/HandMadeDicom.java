package sc.fiji.revsam2.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes minimal DICOM Part 10 files (explicit VR little endian, signed 16-bit CT slices)
 * element by element, to feed ImageJ's DICOM reader in tests.
 */
public final class HandMadeDicom {

	public int rows = 2, columns = 3;
	public String seriesUid = "1.2.826.0.1.3680043.2.1125.1.1";
	public int instance = 1;
	public double[] position = { 0, 0, 0 };
	public double[] orientation = { 1, 0, 0, 0, 1, 0 };
	public double rowSpacing = 0.7, columnSpacing = 0.6, thickness = 2.5;
	public double slope = 1, intercept = -1024;
	public short[] pixels = new short[6];

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	public Path write(Path file) throws IOException {
		out.reset();
		ByteArrayOutputStream meta = new ByteArrayOutputStream();
		element(meta, 0x0002, 0x0001, "OB", new byte[] { 0, 1 });
		element(meta, 0x0002, 0x0002, "UI", uid("1.2.840.10008.5.1.4.1.1.2"));
		element(meta, 0x0002, 0x0003, "UI", uid(seriesUid + "." + instance));
		element(meta, 0x0002, 0x0010, "UI", uid("1.2.840.10008.1.2.1"));
		out.write(new byte[128], 0, 128);
		out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
		element(out, 0x0002, 0x0000, "UL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(meta.size()).array());
		out.writeBytes(meta.toByteArray());
		element(out, 0x0008, 0x0016, "UI", uid("1.2.840.10008.5.1.4.1.1.2"));
		element(out, 0x0008, 0x0018, "UI", uid(seriesUid + "." + instance));
		element(out, 0x0008, 0x0060, "CS", text("CT"));
		element(out, 0x0018, 0x0050, "DS", text(num(thickness)));
		element(out, 0x0020, 0x000D, "UI", uid("1.2.826.0.1.3680043.2.1125.9"));
		element(out, 0x0020, 0x000E, "UI", uid(seriesUid));
		element(out, 0x0020, 0x0011, "IS", text("3"));
		element(out, 0x0020, 0x0013, "IS", text(Integer.toString(instance)));
		element(out, 0x0020, 0x0032, "DS", text(num(position[0]) + "\\" + num(position[1]) + "\\" + num(position[2])));
		StringBuilder o = new StringBuilder();
		for (int i = 0; i < 6; i++) o.append(i > 0 ? "\\" : "").append(num(orientation[i]));
		element(out, 0x0020, 0x0037, "DS", text(o.toString()));
		element(out, 0x0028, 0x0002, "US", us(1));
		element(out, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
		element(out, 0x0028, 0x0010, "US", us(rows));
		element(out, 0x0028, 0x0011, "US", us(columns));
		element(out, 0x0028, 0x0030, "DS", text(num(rowSpacing) + "\\" + num(columnSpacing)));
		element(out, 0x0028, 0x0100, "US", us(16));
		element(out, 0x0028, 0x0101, "US", us(16));
		element(out, 0x0028, 0x0102, "US", us(15));
		element(out, 0x0028, 0x0103, "US", us(1));
		element(out, 0x0028, 0x1052, "DS", text(num(intercept)));
		element(out, 0x0028, 0x1053, "DS", text(num(slope)));
		ByteBuffer px = ByteBuffer.allocate(pixels.length * 2).order(ByteOrder.LITTLE_ENDIAN);
		for (short s : pixels) px.putShort(s);
		element(out, 0x7FE0, 0x0010, "OW", px.array());
		Files.write(file, out.toByteArray());
		return file;
	}

	private static String num(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}

	private static void element(ByteArrayOutputStream o, int group, int elem, String vr, byte[] value) {
		ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
		b.putShort((short) group).putShort((short) elem).put((byte) vr.charAt(0)).put((byte) vr.charAt(1));
		if (vr.equals("OB") || vr.equals("OW")) b.putShort((short) 0).putInt(value.length);
		else b.putShort((short) value.length);
		o.write(b.array(), 0, b.position());
		o.writeBytes(value);
	}

	/** Text padded with a space to even length, as DICOM requires. */
	private static byte[] text(String s) {
		if (s.length() % 2 == 1) s += " ";
		return s.getBytes(StandardCharsets.US_ASCII);
	}

	/** A UID padded with NUL to even length. */
	private static byte[] uid(String s) {
		byte[] b = s.getBytes(StandardCharsets.US_ASCII);
		return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
	}

	private static byte[] us(int v) {
		return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
	}
}
