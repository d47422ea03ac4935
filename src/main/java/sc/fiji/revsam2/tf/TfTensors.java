package sc.fiji.revsam2.tf;

import java.util.List;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.types.TFloat32;

/** Moves float data in and out of TensorFlow tensors without per-element Java work. */
public final class TfTensors {

	private TfTensors() {}

	public static TFloat32 of(float[] values, long... shape) {
		TFloat32 t = TFloat32.tensorOf(Shape.of(shape));
		t.asRawTensor().data().asFloats().write(values);
		return t;
	}

	public static float[] toArray(TFloat32 t) {
		float[] out = new float[(int) t.shape().size()];
		t.asRawTensor().data().asFloats().read(out);
		return out;
	}

	/** Concatenates tensors along axis 0 by copying their bytes (shapes must agree on the other axes). */
	static TFloat32 concat0(List<TFloat32> parts) {
		long[] first = parts.get(0).shape().asArray();
		long n = 0;
		for (TFloat32 p : parts) n += p.shape().asArray()[0];
		long[] shape = first.clone();
		shape[0] = n;
		TFloat32 out = TFloat32.tensorOf(Shape.of(shape));
		ByteDataBuffer dst = out.asRawTensor().data();
		long offset = 0;
		for (TFloat32 p : parts) {
			ByteDataBuffer src = p.asRawTensor().data();
			src.copyTo(dst.slice(offset, src.size()), src.size());
			offset += src.size();
		}
		return out;
	}

	/** The b-th element of axis 0 as its own tensor (a copy). */
	static TFloat32 slice0(TFloat32 t, int b) {
		long[] shape = t.shape().asArray();
		long per = t.asRawTensor().numBytes() / shape[0];
		shape[0] = 1;
		TFloat32 out = TFloat32.tensorOf(Shape.of(shape));
		t.asRawTensor().data().slice(b * per, per).copyTo(out.asRawTensor().data(), per);
		return out;
	}

	/** Writes shape and bytes of a float tensor. */
	static void write(TFloat32 t, java.nio.channels.WritableByteChannel out) throws java.io.IOException {
		long[] shape = t.shape().asArray();
		java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(4 + 8 * shape.length);
		header.putInt(shape.length);
		for (long d : shape) header.putLong(d);
		header.flip();
		while (header.hasRemaining()) out.write(header);
		ByteDataBuffer data = t.asRawTensor().data();
		byte[] chunk = new byte[1 << 20];
		for (long off = 0, n = data.size(); off < n; off += chunk.length) {
			int len = (int) Math.min(chunk.length, n - off);
			data.slice(off, len).read(chunk, 0, len);
			java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(chunk, 0, len);
			while (bb.hasRemaining()) out.write(bb);
		}
	}

	/** Reads a tensor written by {@link #write}. */
	static TFloat32 read(java.nio.channels.ReadableByteChannel in) throws java.io.IOException {
		java.nio.ByteBuffer rank = readFully(in, 4);
		int r = rank.getInt();
		if (r < 0 || r > 8) throw new java.io.IOException("corrupt feature cache: rank " + r);
		java.nio.ByteBuffer dims = readFully(in, 8 * r);
		long[] shape = new long[r];
		for (int i = 0; i < r; i++) shape[i] = dims.getLong();
		TFloat32 t = TFloat32.tensorOf(Shape.of(shape));
		try {
			ByteDataBuffer data = t.asRawTensor().data();
			byte[] chunk = new byte[1 << 20];
			for (long off = 0, n = data.size(); off < n; off += chunk.length) {
				int len = (int) Math.min(chunk.length, n - off);
				java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(chunk, 0, len);
				while (bb.hasRemaining()) if (in.read(bb) < 0) throw new java.io.EOFException("feature cache ends early");
				data.slice(off, len).write(chunk, 0, len);
			}
			return t;
		} catch (java.io.IOException | RuntimeException e) {
			t.close();
			throw e;
		}
	}

	private static java.nio.ByteBuffer readFully(java.nio.channels.ReadableByteChannel in, int n) throws java.io.IOException {
		java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n);
		while (b.hasRemaining()) if (in.read(b) < 0) throw new java.io.EOFException("feature cache ends early");
		b.flip();
		return b;
	}
}
