package sc.fiji.revsam2.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembles pickle bytes opcode by opcode, for tests that need exact control. */
final class PickleBuilder {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	PickleBuilder op(int... bytes) {
		for (int b : bytes) out.write(b);
		return this;
	}

	PickleBuilder proto(int p) { return op(0x80, p); }
	PickleBuilder stop() { return op('.'); }
	PickleBuilder mark() { return op('('); }
	PickleBuilder emptyDict() { return op('}'); }
	PickleBuilder emptyList() { return op(']'); }
	PickleBuilder emptyTuple() { return op(')'); }
	PickleBuilder tuple() { return op('t'); }
	PickleBuilder tuple1() { return op(0x85); }
	PickleBuilder tuple2() { return op(0x86); }
	PickleBuilder tuple3() { return op(0x87); }
	PickleBuilder reduce() { return op('R'); }
	PickleBuilder build() { return op('b'); }
	PickleBuilder newobj() { return op(0x81); }
	PickleBuilder setitem() { return op('s'); }
	PickleBuilder setitems() { return op('u'); }
	PickleBuilder append() { return op('a'); }
	PickleBuilder appends() { return op('e'); }
	PickleBuilder persid() { return op('Q'); }
	PickleBuilder none() { return op('N'); }
	PickleBuilder newTrue() { return op(0x88); }
	PickleBuilder newFalse() { return op(0x89); }
	PickleBuilder memoize() { return op(0x94); }
	PickleBuilder binput(int i) { return op('q', i); }
	PickleBuilder binget(int i) { return op('h', i); }
	PickleBuilder longBinput(int i) { return op('r').le(i, 4); }
	PickleBuilder longBinget(int i) { return op('j').le(i, 4); }
	PickleBuilder frame(long n) { return op(0x95).le(n, 8); }

	/** The smallest int opcode for v, as pickle's save_long does. */
	PickleBuilder integer(long v) {
		if (v >= 0 && v < 256) return op('K', (int) v);
		if (v >= 0 && v < 65536) return op('M').le(v, 2);
		if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return op('J').le(v, 4);
		return op(0x8a, 8).le(v, 8);
	}

	PickleBuilder binfloat(double d) {
		long bits = Double.doubleToLongBits(d);
		op('G');
		for (int i = 7; i >= 0; i--) out.write((int) (bits >>> (8 * i)));
		return this;
	}

	/** BINUNICODE, as torch.save writes every str. */
	PickleBuilder str(String s) {
		byte[] b = s.getBytes(StandardCharsets.UTF_8);
		op('X').le(b.length, 4);
		out.writeBytes(b);
		return this;
	}

	PickleBuilder shortStr(String s) {
		byte[] b = s.getBytes(StandardCharsets.UTF_8);
		op(0x8c, b.length);
		out.writeBytes(b);
		return this;
	}

	PickleBuilder str8(String s) {
		byte[] b = s.getBytes(StandardCharsets.UTF_8);
		op(0x8d).le(b.length, 8);
		out.writeBytes(b);
		return this;
	}

	PickleBuilder global(String module, String name) {
		op('c');
		out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
		return this;
	}

	PickleBuilder stackGlobal(String module, String name) {
		return shortStr(module).shortStr(name).op(0x93);
	}

	PickleBuilder bytes(byte[] b) {
		op('C', b.length);
		out.writeBytes(b);
		return this;
	}

	PickleBuilder le(long v, int n) {
		for (int i = 0; i < n; i++) out.write((int) (v >>> (8 * i)));
		return this;
	}

	/** A tuple of ints, built with MARK ... TUPLE. */
	PickleBuilder ints(long... values) {
		mark();
		for (long v : values) integer(v);
		return tuple();
	}

	/**
	 * Pushes a tensor the way torch.save does:
	 * _rebuild_tensor_v2(persistent storage, offset, size, stride, False, OrderedDict()).
	 */
	PickleBuilder tensor(String storageType, String key, long storageNumel, long offset, long[] size, long[] stride) {
		global("torch._utils", "_rebuild_tensor_v2");
		mark();
		mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(storageNumel).tuple().persid();
		integer(offset);
		ints(size);
		ints(stride);
		newFalse();
		global("collections", "OrderedDict").emptyTuple().reduce();
		tuple();
		return reduce();
	}

	/** A contiguous float tensor viewing all of its storage. */
	PickleBuilder floatTensor(String key, long... size) {
		return tensor("FloatStorage", key, NdArray.numElements(size), 0, size, Strided.rowMajorStrides(size));
	}

	byte[] toBytes() {
		return out.toByteArray();
	}
}
