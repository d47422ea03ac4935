package sc.fiji.revsam2.volume;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a little-endian float32 .npy test resource (format 1.0, C order). Test helper only. */
final class NpyFloats {

	final int[] shape;
	final float[] data;

	private NpyFloats(int[] shape, float[] data) {
		this.shape = shape;
		this.data = data;
	}

	static NpyFloats resource(String path) throws IOException {
		byte[] bytes;
		try (InputStream in = NpyFloats.class.getResourceAsStream(path)) {
			if (in == null) throw new IOException("missing test resource " + path);
			bytes = in.readAllBytes();
		}
		ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		if (bytes[0] != (byte) 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) throw new IOException(path + " is not .npy");
		int headerLen = b.getShort(8) & 0xffff;
		String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
		if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False")) throw new IOException(path + ": expected C-order <f4, got " + header);
		Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
		if (!m.find()) throw new IOException(path + ": no shape in " + header);
		String[] parts = m.group(1).split(",");
		int n = 0;
		int[] shape = new int[parts.length];
		for (String p : parts) if (!p.isBlank()) shape[n++] = Integer.parseInt(p.trim());
		shape = java.util.Arrays.copyOf(shape, n);
		int count = 1;
		for (int s : shape) count *= s;
		float[] data = new float[count];
		b.position(10 + headerLen);
		b.asFloatBuffer().get(data);
		return new NpyFloats(shape, data);
	}
}
