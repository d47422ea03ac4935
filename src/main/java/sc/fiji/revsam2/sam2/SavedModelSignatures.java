package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The input shapes of a SavedModel's signatures, read from {@code saved_model.pb} without
 * TensorFlow: just enough of the protocol buffer wire format to walk SavedModel.meta_graphs (2)
 * -> MetaGraphDef.signature_def (5) -> SignatureDef.inputs (1) -> TensorInfo.tensor_shape (3)
 * -> TensorShapeProto.dim (2) -> Dim.size (1). Everything else is skipped. An unknown size is -1.
 */
final class SavedModelSignatures {

	/** The file does not parse as a SavedModel. */
	static final class Malformed extends Exception {
		private static final long serialVersionUID = 1L;

		Malformed(String message) {
			super(message);
		}
	}

	private SavedModelSignatures() {}

	/** signature key -> input key -> shape (null when the rank is unknown). */
	static Map<String, Map<String, long[]>> inputShapes(Path savedModelPb) throws IOException, Malformed {
		byte[] b = Files.readAllBytes(savedModelPb);
		Map<String, Map<String, long[]>> out = new LinkedHashMap<>();
		Wire top = new Wire(b, 0, b.length);
		while (top.more()) {
			int tag = top.tag();
			if (tag >>> 3 == 2 && (tag & 7) == 2) metaGraph(top.message(), out);
			else top.skip(tag);
		}
		return out;
	}

	private static void metaGraph(Wire m, Map<String, Map<String, long[]>> out) throws Malformed {
		while (m.more()) {
			int tag = m.tag();
			if (tag >>> 3 == 5 && (tag & 7) == 2) {
				Wire entry = m.message();
				String key = null;
				Map<String, long[]> inputs = new LinkedHashMap<>();
				while (entry.more()) {
					int t = entry.tag();
					if (t >>> 3 == 1 && (t & 7) == 2) key = entry.string();
					else if (t >>> 3 == 2 && (t & 7) == 2) signature(entry.message(), inputs);
					else entry.skip(t);
				}
				if (key != null) out.put(key, inputs);
			} else {
				m.skip(tag);
			}
		}
	}

	private static void signature(Wire s, Map<String, long[]> inputs) throws Malformed {
		while (s.more()) {
			int tag = s.tag();
			if (tag >>> 3 == 1 && (tag & 7) == 2) {
				Wire entry = s.message();
				String key = null;
				long[] shape = null;
				while (entry.more()) {
					int t = entry.tag();
					if (t >>> 3 == 1 && (t & 7) == 2) key = entry.string();
					else if (t >>> 3 == 2 && (t & 7) == 2) shape = tensorInfoShape(entry.message());
					else entry.skip(t);
				}
				if (key != null) inputs.put(key, shape);
			} else {
				s.skip(tag);
			}
		}
	}

	private static long[] tensorInfoShape(Wire info) throws Malformed {
		long[] shape = null;
		while (info.more()) {
			int tag = info.tag();
			if (tag >>> 3 == 3 && (tag & 7) == 2) shape = shape(info.message());
			else info.skip(tag);
		}
		return shape;
	}

	private static long[] shape(Wire s) throws Malformed {
		java.util.List<Long> dims = new java.util.ArrayList<>();
		boolean unknownRank = false;
		while (s.more()) {
			int tag = s.tag();
			if (tag >>> 3 == 2 && (tag & 7) == 2) {
				Wire dim = s.message();
				long size = 0; // proto3 default
				while (dim.more()) {
					int t = dim.tag();
					if (t >>> 3 == 1 && (t & 7) == 0) size = dim.varint();
					else dim.skip(t);
				}
				dims.add(size);
			} else if (tag >>> 3 == 3 && (tag & 7) == 0) {
				unknownRank = s.varint() != 0;
			} else {
				s.skip(tag);
			}
		}
		return unknownRank ? null : dims.stream().mapToLong(Long::longValue).toArray();
	}

	/** A window of a protocol buffer message. */
	private static final class Wire {
		private final byte[] b;
		private int pos;
		private final int end;

		Wire(byte[] b, int pos, int end) {
			this.b = b;
			this.pos = pos;
			this.end = end;
		}

		boolean more() { return pos < end; }

		int tag() throws Malformed {
			long t = varint();
			if (t <= 0 || t > Integer.MAX_VALUE) throw new Malformed("bad field tag at byte " + pos);
			return (int) t;
		}

		long varint() throws Malformed {
			long v = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				if (pos >= end) throw new Malformed("truncated varint");
				int x = b[pos++];
				v |= (long) (x & 0x7f) << shift;
				if (x >= 0) return v;
			}
			throw new Malformed("varint longer than 10 bytes");
		}

		Wire message() throws Malformed {
			long n = varint();
			if (n < 0 || n > end - pos) throw new Malformed("length " + n + " beyond the message");
			Wire w = new Wire(b, pos, pos + (int) n);
			pos += (int) n;
			return w;
		}

		String string() throws Malformed {
			Wire w = message();
			return new String(b, w.pos, w.end - w.pos, java.nio.charset.StandardCharsets.UTF_8);
		}

		void skip(int tag) throws Malformed {
			switch (tag & 7) {
				case 0 -> varint();
				case 1 -> advance(8);
				case 2 -> message();
				case 5 -> advance(4);
				default -> throw new Malformed("unsupported wire type " + (tag & 7));
			}
		}

		private void advance(int n) throws Malformed {
			if (n > end - pos) throw new Malformed("truncated field");
			pos += n;
		}
	}
}
