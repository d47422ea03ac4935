package sc.fiji.revsam2.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0) of numeric and boolean
 * dtypes, either byte order, C or Fortran order, any rank including 0-d. Values are converted
 * to float32 in row-major order; {@link NdArray#dtype()} keeps NumPy's name for the stored type.
 * Object arrays are refused: they would need pickle.
 */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	/** numpy itself refuses headers over 10000 bytes by default; allow generous slack. */
	private static final long MAX_HEADER = 1 << 20;
	private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
	private static final int CHUNK = 1 << 20;

	private Npy() {}

	/** Reads a .npy file; the size of the file is checked against its header before reading the data. */
	public static NdArray read(Path file) throws CheckpointException {
		if (!Files.isRegularFile(file)) throw new CheckpointException(file + ": no such file");
		try (InputStream in = Files.newInputStream(file)) {
			return read(in, file.toString(), Files.size(file));
		} catch (CheckpointException e) {
			throw e;
		} catch (IOException e) {
			throw new CheckpointException(file + ": cannot read (" + e.getMessage() + ")", e);
		}
	}

	/**
	 * Reads one array from a stream positioned at a .npy header, leaving the stream after its data.
	 *
	 * @param name how to name the source in error messages
	 */
	public static NdArray read(InputStream in, String name) throws CheckpointException {
		try {
			return read(in, name, -1);
		} catch (CheckpointException e) {
			throw e;
		} catch (IOException e) {
			throw new CheckpointException(name + ": cannot read (" + e.getMessage() + ")", e);
		}
	}

	private static NdArray read(InputStream in, String name, long fileSize) throws IOException {
		byte[] pre = in.readNBytes(10);
		if (pre.length < 8 || !Arrays.equals(Arrays.copyOf(pre, 6), MAGIC)) {
			throw new CheckpointException(name + ": not a NumPy .npy file (no \\x93NUMPY magic)");
		}
		if (pre.length < 10) throw new CheckpointException(name + ": truncated .npy header");
		int major = pre[6] & 0xff, minor = pre[7] & 0xff;
		long headerLen;
		int preamble;
		if (major == 1) {
			headerLen = (pre[8] & 0xff) | (pre[9] & 0xff) << 8;
			preamble = 10;
		} else if (major == 2 || major == 3) {
			byte[] more = in.readNBytes(2);
			if (more.length < 2) throw new CheckpointException(name + ": truncated .npy header");
			headerLen = ((pre[8] & 0xffL) | (pre[9] & 0xffL) << 8 | (more[0] & 0xffL) << 16 | (more[1] & 0xffL) << 24);
			preamble = 12;
		} else {
			throw new CheckpointException(name + ": unsupported .npy format version " + major + "." + minor);
		}
		if (headerLen > MAX_HEADER || (fileSize >= 0 && preamble + headerLen > fileSize)) {
			throw new CheckpointException(name + ": .npy header length " + headerLen + " is corrupted or the file is truncated");
		}
		byte[] headerBytes = in.readNBytes((int) headerLen);
		if (headerBytes.length < headerLen) throw new CheckpointException(name + ": truncated .npy header");
		// version 3.0 allows utf-8 in the header (field names); 1.0 and 2.0 are latin-1
		String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

		Map<String, Object> dict;
		try {
			dict = new HeaderParser(header).parseDict();
		} catch (IllegalArgumentException e) {
			throw new CheckpointException(name + ": malformed .npy header (" + e.getMessage() + "): " + abbreviate(header));
		}
		Type type = Type.parse(dict.get("descr"), name);
		if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
			throw new CheckpointException(name + ": .npy header lacks a True/False 'fortran_order'");
		}
		long[] shape = shape(dict.get("shape"), name);

		long numel = 1;
		for (long d : shape) {
			numel = d == 0 ? 0 : (numel > MAX_ELEMENTS / d ? MAX_ELEMENTS + 1 : numel * d);
		}
		if (numel > MAX_ELEMENTS) {
			throw new CheckpointException(name + ": array of shape " + Arrays.toString(shape) + " is too large for one array");
		}
		long dataBytes = numel * type.size;
		if (fileSize >= 0 && preamble + headerLen + dataBytes > fileSize) {
			throw new CheckpointException(name + ": shape " + Arrays.toString(shape) + " of " + type.numpyName + " needs " + dataBytes
					+ " bytes of data but the file has " + (fileSize - preamble - headerLen) + " (truncated?)");
		}
		// the raw bytes and the float copy live together for a moment
		Runtime rt = Runtime.getRuntime();
		long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		if (4.0 * numel + dataBytes > free) {
			throw new CheckpointException(String.format(java.util.Locale.ROOT, "%s: the %s array needs %.1f MB of memory but Java has %.1f MB free;"
					+ " raise the memory limit (-Xmx)", name, Arrays.toString(shape), (4.0 * numel + dataBytes) / 1e6, free / 1e6));
		}
		byte[] raw = readExactly(in, dataBytes, name);
		ByteBuffer buf = ByteBuffer.wrap(raw).order(type.order);

		float[] values = new float[(int) numel];
		long[] strides = fortran && shape.length > 1 ? Strided.columnMajorStrides(shape) : Strided.rowMajorStrides(shape);
		if (type.kind == Kind.F4 && !(fortran && shape.length > 1)) {
			buf.asFloatBuffer().get(values); // the common case in one bulk copy
		} else {
			Strided.gather(i -> type.read(buf, i), 0, shape, strides, values);
		}
		return new NdArray(shape, values, type.numpyName);
	}

	/** Reads n bytes in chunks, so a lying header cannot make us allocate more than the stream holds. */
	private static byte[] readExactly(InputStream in, long n, String name) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(n, CHUNK));
		byte[] chunk = new byte[(int) Math.min(n, CHUNK)];
		long left = n;
		while (left > 0) {
			int got = in.readNBytes(chunk, 0, (int) Math.min(left, chunk.length));
			if (got == 0) {
				throw new CheckpointException(name + ": .npy data ends after " + (n - left) + " of " + n + " bytes (truncated)");
			}
			out.write(chunk, 0, got);
			left -= got;
		}
		return out.toByteArray();
	}

	private static long[] shape(Object o, String name) throws CheckpointException {
		if (!(o instanceof List<?> dims)) throw new CheckpointException(name + ": .npy header lacks a 'shape' tuple");
		long[] shape = new long[dims.size()];
		for (int i = 0; i < shape.length; i++) {
			if (!(dims.get(i) instanceof Long d) || d < 0) {
				throw new CheckpointException(name + ": .npy shape " + abbreviate(String.valueOf(dims)) + " is not a tuple of non-negative integers");
			}
			shape[i] = d;
		}
		return shape;
	}

	private static String abbreviate(String s) {
		s = s.strip();
		return s.length() > 200 ? s.substring(0, 200) + "..." : s;
	}

	private enum Kind { F2, F4, F8, I1, I2, I4, I8, U1, U2, U4, U8, B1 }

	/** A dtype descriptor such as {@code '<f4'}. */
	private static final class Type {
		final Kind kind;
		final int size;
		final ByteOrder order;
		final String numpyName;

		private Type(Kind kind, ByteOrder order) {
			this.kind = kind;
			this.size = Integer.parseInt(kind.name().substring(1));
			this.order = order;
			this.numpyName = switch (kind) {
				case F2 -> "float16"; case F4 -> "float32"; case F8 -> "float64";
				case I1 -> "int8"; case I2 -> "int16"; case I4 -> "int32"; case I8 -> "int64";
				case U1 -> "uint8"; case U2 -> "uint16"; case U4 -> "uint32"; case U8 -> "uint64";
				case B1 -> "bool";
			};
		}

		static Type parse(Object descr, String name) throws CheckpointException {
			if (!(descr instanceof String d)) {
				throw new CheckpointException(name + ": unsupported .npy dtype (structured arrays are not supported)");
			}
			String code = d;
			// '=' (native) never appears in files numpy writes; numpy runs little-endian nearly everywhere
			ByteOrder order = ByteOrder.LITTLE_ENDIAN;
			if (!code.isEmpty() && "<>|=".indexOf(code.charAt(0)) >= 0) {
				if (code.charAt(0) == '>') order = ByteOrder.BIG_ENDIAN;
				code = code.substring(1);
			}
			if (code.equals("?")) code = "b1";
			for (Kind k : Kind.values()) {
				if (k.name().equalsIgnoreCase(code)) return new Type(k, order);
			}
			String hint = code.startsWith("O") ? " (object arrays need pickle and are refused)" : "";
			throw new CheckpointException(name + ": unsupported .npy dtype '" + d + "'" + hint);
		}

		float read(ByteBuffer b, int index) {
			int at = index * size;
			return switch (kind) {
				case F2 -> Half.toFloat(b.getShort(at));
				case F4 -> b.getFloat(at);
				case F8 -> (float) b.getDouble(at);
				case I1 -> b.get(at);
				case I2 -> b.getShort(at);
				case I4 -> b.getInt(at);
				case I8 -> b.getLong(at);
				case U1 -> b.get(at) & 0xff;
				case U2 -> b.getShort(at) & 0xffff;
				case U4 -> b.getInt(at) & 0xffffffffL;
				case U8 -> unsigned64(b.getLong(at));
				case B1 -> b.get(at) != 0 ? 1f : 0f;
			};
		}

		private static float unsigned64(long v) {
			return v >= 0 ? v : (float) ((v >>> 1) * 2.0 + (v & 1));
		}
	}

	/**
	 * The header is a Python dict literal, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }.
	 * A tiny literal parser: strings, ints, True/False/None, tuples, lists and dicts.
	 */
	private static final class HeaderParser {
		private static final int MAX_DEPTH = 16;
		private final String s;
		private int i;
		private int depth;

		HeaderParser(String s) {
			this.s = s;
		}

		Map<String, Object> parseDict() {
			skip();
			Object v = value();
			skip();
			if (i != s.length()) throw new IllegalArgumentException("unexpected text at column " + i);
			if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException("not a dict");
			Map<String, Object> out = new LinkedHashMap<>();
			m.forEach((k, val) -> out.put(String.valueOf(k), val));
			return out;
		}

		private Object value() {
			skip();
			if (i >= s.length()) throw new IllegalArgumentException("unexpected end");
			char c = s.charAt(i);
			if ((c == '{' || c == '(' || c == '[') && ++depth > MAX_DEPTH) throw new IllegalArgumentException("nested too deeply");
			if (c == '{') {
				i++;
				Map<Object, Object> m = new LinkedHashMap<>();
				while (true) {
					skip();
					if (peek('}')) return close(m);
					Object k = value();
					// as Python: a list or dict cannot be a key (and hashing one could recurse)
					if (k instanceof List || k instanceof Map) throw new IllegalArgumentException("unhashable dict key at column " + i);
					skip();
					expect(':');
					m.put(k, value());
					skip();
					if (peek('}')) return close(m);
					expect(',');
				}
			}
			if (c == '(' || c == '[') {
				char end = c == '(' ? ')' : ']';
				i++;
				List<Object> items = new ArrayList<>();
				while (true) {
					skip();
					if (peek(end)) return close(items);
					items.add(value());
					skip();
					if (peek(end)) return close(items);
					expect(',');
				}
			}
			if (c == '\'' || c == '"') {
				int end = s.indexOf(c, i + 1);
				if (end < 0) throw new IllegalArgumentException("unterminated string");
				String str = s.substring(i + 1, end);
				i = end + 1;
				return str;
			}
			if (Character.isDigit(c) || c == '-') {
				int start = i++;
				while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
				String digits = s.substring(start, i);
				if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) i++; // Python 2 long suffix
				try {
					return Long.parseLong(digits);
				} catch (NumberFormatException e) {
					throw new IllegalArgumentException("bad integer '" + digits + "'");
				}
			}
			for (String word : new String[] { "True", "False", "None" }) {
				if (s.startsWith(word, i)) {
					i += word.length();
					return word.equals("None") ? PyNone.NONE : Boolean.valueOf(word.equals("True"));
				}
			}
			throw new IllegalArgumentException("unexpected '" + c + "' at column " + i);
		}

		private Object close(Object container) {
			depth--;
			return container;
		}

		private void skip() {
			while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
		}

		private boolean peek(char c) {
			if (i < s.length() && s.charAt(i) == c) {
				i++;
				return true;
			}
			return false;
		}

		private void expect(char c) {
			if (!peek(c)) throw new IllegalArgumentException("expected '" + c + "' at column " + i);
		}
	}
}
